import type { ExpiryBadge as Badge } from '../../../shared/domain/expiry.js';

/** Words per badge (the legend and each row say the same). */
export const BADGE_TEXT: Record<Badge, string> = {
  expired: 'Expired',
  day: 'Within 1 day',
  week: 'Within 7 days',
  month: 'Within 30 days',
  quarter: 'Within 90 days',
};

const BADGE_CLASS: Record<Badge, string> = {
  expired: 'badge badge-bad expiry-expired',
  day: 'badge badge-bad expiry-day',
  week: 'badge badge-warn expiry-week',
  month: 'badge badge-warn expiry-month',
  quarter: 'badge expiry-quarter',
};

/** One urgency badge: colour and words (never colour alone). */
export function ExpiryBadge({ badge }: { badge: Badge }) {
  return (
    <span className={BADGE_CLASS[badge]} data-badge={badge}>
      {BADGE_TEXT[badge]}
    </span>
  );
}
