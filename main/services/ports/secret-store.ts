/**
 * The OS keychain, as the services see it: named string entries under one service name.
 * The adapter (KeyringSecretStore) chunks values to fit Windows Credential Manager's limit.
 * Implementations throw `SecretStoreUnavailableError` when no keychain is usable; callers then keep
 * tokens in memory only and say so. There is never a plaintext fallback.
 */
export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** Whether a keychain is usable right now (probes it). */
  isAvailable(): Promise<boolean>;
  /** After `isAvailable()` said false: why, in words the UI can show (no secret, no path). */
  unavailableReason?(): string | undefined;
}

/** No usable OS keychain (no Secret Service, locked, daemon gone). */
export class SecretStoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SecretStoreUnavailableError';
  }
}
