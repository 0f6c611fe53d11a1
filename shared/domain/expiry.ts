/**
 * The expiry overview (issue 14): everything in the configured vaults that expires within the
 * horizon — secrets with an `exp` attribute and certificates — plus what has already expired, so a
 * person sees at a glance what is about to break. Metadata only (names, vaults, dates), never a value.
 */

/** How far ahead the overview looks (days). */
export const EXPIRY_HORIZON_DAYS = 90;

/** Default notification thresholds in days before expiry (settings `expiryNotices.thresholdsDays`). */
export const DEFAULT_EXPIRY_THRESHOLDS_DAYS: readonly number[] = [30, 7, 1];

/**
 * How urgent one item is, from the time left: `expired` (past), `day` (within 24 hours), `week`
 * (within 7 days), `month` (within 30 days), `quarter` (within the horizon).
 */
export type ExpiryBadge = 'expired' | 'day' | 'week' | 'month' | 'quarter';

/** The badges from most to least urgent (the overview's order and the legend's). */
export const EXPIRY_BADGES: readonly ExpiryBadge[] = ['expired', 'day', 'week', 'month', 'quarter'];

const DAY_MS = 86_400_000;

/** The badge for an item expiring at `expiresOn` seen at `now` (epoch ms). */
export function expiryBadge(expiresOn: number, now: number): ExpiryBadge {
  const left = expiresOn - now;
  if (left <= 0) return 'expired';
  if (left <= DAY_MS) return 'day';
  if (left <= 7 * DAY_MS) return 'week';
  if (left <= 30 * DAY_MS) return 'month';
  return 'quarter';
}

/** One item in the overview. */
export interface ExpiryItemDto {
  /** `${kind}:${vault}/${lower-case name}`: unique across kinds (a certificate and a secret may share a name). */
  key: string;
  kind: 'secret' | 'certificate';
  vault: string;
  vaultDisplayName?: string;
  name: string;
  expiresOn: number;
  badge: ExpiryBadge;
  /** False when the item is disabled in Key Vault (nothing can use it anyway). */
  enabled: boolean;
  /** Certificates: whether the policy renews it by itself before it expires. */
  autoRenew?: boolean;
}

/** The items of one vault. */
export interface ExpiryVaultGroupDto {
  vault: string;
  vaultDisplayName?: string;
  items: ExpiryItemDto[];
}

/** One customer (the vault's `customer` label, else its tenant's name) and its vaults. */
export interface ExpiryGroupDto {
  customer: string;
  tenantId: string;
  tenantName: string;
  vaults: ExpiryVaultGroupDto[];
}

/** The whole overview at `generatedAt`: items soonest first, grouped by customer then vault, and counts per badge. */
export interface ExpiryOverviewDto {
  generatedAt: number;
  horizonDays: number;
  /** Every item, soonest (or longest expired) first. */
  items: ExpiryItemDto[];
  /** Groups ordered by their most urgent item; vaults inside likewise; items soonest first. */
  groups: ExpiryGroupDto[];
  counts: Record<ExpiryBadge, number>;
  /** Which kinds the overview could read (certificates appear once their listing exists). */
  kinds: ('secret' | 'certificate')[];
}

/** "in 12 days", "in 5 hours", "expired 3 days ago": the time left in words (rounded to the nearest unit). */
export function expiryInWords(expiresOn: number, now: number): string {
  const left = expiresOn - now;
  const abs = Math.abs(left);
  // The largest unit the rounded amount reaches: 23 h 58 min reads "1 day", not "24 hours".
  const minutes = Math.max(1, Math.round(abs / 60_000));
  const hours = Math.round(abs / 3_600_000);
  const unit = hours >= 24 ? { n: Math.round(abs / DAY_MS), word: 'day' } : minutes >= 60 ? { n: Math.max(1, hours), word: 'hour' } : { n: minutes, word: 'minute' };
  const amount = `${unit.n} ${unit.word}${unit.n === 1 ? '' : 's'}`;
  return left > 0 ? `in ${amount}` : `expired ${amount} ago`;
}
