import type { StalenessFlag } from '../../../shared/domain/types.js';

const BADGE: Record<StalenessFlag, { text: string; tone: 'warn' | 'bad' | 'info' }> = {
  expired: { text: 'Expired', tone: 'bad' },
  'expiring-soon': { text: 'Expiring soon', tone: 'warn' },
  'not-updated': { text: 'Not rotated lately', tone: 'warn' },
  'no-expiry': { text: 'No expiry', tone: 'info' },
};

/** Staleness flags as small text badges (words, not colour alone). */
export function StalenessBadges({ flags }: { flags: StalenessFlag[] }) {
  if (!flags.length) return null;
  return (
    <>
      {flags.map((flag) => (
        <span key={flag} className={`badge badge-${BADGE[flag].tone}`}>
          {BADGE[flag].text}
        </span>
      ))}
    </>
  );
}
