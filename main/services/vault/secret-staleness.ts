import type { StalenessFlag } from './vault.types.js';

const DAY_MS = 86_400_000;

/** Thresholds for the staleness flags. */
export interface StalenessPolicy {
  /** 'expiring-soon' when the expiry is at most this many days ahead (default 14). */
  expiringWithinDays: number;
  /** 'not-updated' when the last update is more than this many days ago (default 180). */
  notUpdatedDays: number;
}

/** Defaults: two weeks' warning before expiry; half a year without rotation. */
export const defaultStalenessPolicy: StalenessPolicy = { expiringWithinDays: 14, notUpdatedDays: 180 };

/**
 * Staleness flags of one secret at time `now` (epoch ms). Pure: the catalog recomputes them on
 * every read so a flag appears when the Clock passes its threshold, without a re-listing.
 * 'expired' and 'expiring-soon' exclude each other; 'no-expiry' and 'not-updated' stand alone.
 * A secret without an `updatedOn` date gets no 'not-updated' flag (no evidence either way).
 */
export function stalenessOf(meta: { expiresOn?: number; updatedOn?: number }, now: number, policy: StalenessPolicy = defaultStalenessPolicy): StalenessFlag[] {
  const flags: StalenessFlag[] = [];
  if (meta.expiresOn === undefined) flags.push('no-expiry');
  else if (meta.expiresOn <= now) flags.push('expired');
  else if (meta.expiresOn - now <= policy.expiringWithinDays * DAY_MS) flags.push('expiring-soon');
  if (meta.updatedOn !== undefined && now - meta.updatedOn > policy.notUpdatedDays * DAY_MS) flags.push('not-updated');
  return flags;
}
