import { KeyringSecretStore } from '../main/adapters/keyring.secret-store.js';
import type { Logger } from '../main/services/ports/logger.js';

/**
 * The OS keychain entries the command line shares with the app (sign-in cache, the audit journal's
 * key and anchor). JIT_VAULT_KEYCHAIN_SERVICE selects a separate set (parallel test profiles, a
 * portable profile). Without a keychain the journal's seal runs memory-only, as in the app.
 */
export function cliKeychain(logger?: Logger): KeyringSecretStore {
  const service = process.env.JIT_VAULT_KEYCHAIN_SERVICE;
  return new KeyringSecretStore({ ...(logger ? { logger } : {}), ...(service ? { service } : {}) });
}
