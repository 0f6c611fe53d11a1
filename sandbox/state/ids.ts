import { randomBytes } from 'node:crypto';

/** A Key Vault secret version id: 32 lower-case hex characters. */
export function newSecretVersionId(): string {
  return randomBytes(16).toString('hex');
}
