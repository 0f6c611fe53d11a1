import type { SecretProperties } from '@azure/keyvault-secrets';
import type { StoredSecret } from './secret-catalog.js';
import type { SecretVersionInfo } from './vault.types.js';

/** SDK metadata fields we keep, as epoch ms and plain objects (IPC-friendly, no Date, no SDK types). */
function metadata(p: SecretProperties): Omit<SecretVersionInfo, 'version'> {
  const m: Omit<SecretVersionInfo, 'version'> = {};
  if (p.enabled !== undefined) m.enabled = p.enabled;
  if (p.contentType) m.contentType = p.contentType;
  if (p.tags && Object.keys(p.tags).length > 0) m.tags = { ...p.tags };
  if (p.createdOn) m.createdOn = p.createdOn.getTime();
  if (p.updatedOn) m.updatedOn = p.updatedOn.getTime();
  if (p.notBefore) m.notBefore = p.notBefore.getTime();
  if (p.expiresOn) m.expiresOn = p.expiresOn.getTime();
  return m;
}

/** A listed secret as the catalog stores it (list results never carry a value). */
export function toStoredSecret(p: SecretProperties): StoredSecret {
  return { name: p.name, locked: false, ...metadata(p) };
}

/** One version of a secret (metadata only). */
export function toVersionInfo(p: SecretProperties): SecretVersionInfo {
  return { version: p.version ?? '', ...metadata(p) };
}
