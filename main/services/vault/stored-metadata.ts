/**
 * The catalog's per-secret metadata, copied and compared field by field: both run for every item
 * of a 10,000-secret catalog (warm start, relisting), where spreads and JSON comparisons cost more
 * than the fields themselves.
 */
import type { SecretMetadata } from './vault.types.js';

/** Copies the metadata fields `from` has (never anything else: a stored secret holds no value). */
export function copyMetadata(from: SecretMetadata, to: SecretMetadata): void {
  if (from.enabled !== undefined) to.enabled = from.enabled;
  if (from.contentType !== undefined) to.contentType = from.contentType;
  if (from.tags !== undefined) to.tags = from.tags;
  if (from.createdOn !== undefined) to.createdOn = from.createdOn;
  if (from.updatedOn !== undefined) to.updatedOn = from.updatedOn;
  if (from.notBefore !== undefined) to.notBefore = from.notBefore;
  if (from.expiresOn !== undefined) to.expiresOn = from.expiresOn;
}

/**
 * Whether a relisted secret is unchanged. Key Vault moves `updated` on every change of a secret's
 * attributes or tags, so comparing it first rejects nearly every changed one at once; the other
 * fields are compared too, since a cached or older entry may lack a date.
 */
export function sameMetadata(a: SecretMetadata & { locked?: boolean }, b: SecretMetadata & { locked?: boolean }): boolean {
  if (a.updatedOn !== b.updatedOn || a.locked !== b.locked || a.enabled !== b.enabled || a.contentType !== b.contentType) return false;
  if (a.createdOn !== b.createdOn || a.notBefore !== b.notBefore || a.expiresOn !== b.expiresOn) return false;
  if (a.tags === b.tags) return true;
  if (!a.tags || !b.tags) return false;
  let count = 0;
  for (const tag in a.tags) {
    if (a.tags[tag] !== b.tags[tag]) return false;
    count++;
  }
  for (const _tag in b.tags) count--;
  return count === 0;
}
