import { SecretStoreUnavailableError, type SecretStore } from '../../../main/services/ports/secret-store.js';

/**
 * A SecretStore held in process memory: for tests of services that persist through the port, and
 * for fakes of an absent keychain (`available: false` makes every call throw
 * SecretStoreUnavailableError, exactly as KeyringSecretStore does without a Secret Service).
 * It never touches the disk.
 */
export class MemorySecretStore implements SecretStore {
  private readonly entries = new Map<string, string>();
  /** Set to false to simulate a missing or locked keychain. */
  available: boolean;

  constructor(options: { available?: boolean } = {}) {
    this.available = options.available ?? true;
  }

  async get(key: string): Promise<string | undefined> {
    this.assertAvailable();
    return this.entries.get(key);
  }

  async set(key: string, value: string): Promise<void> {
    this.assertAvailable();
    this.entries.set(key, value);
  }

  async delete(key: string): Promise<void> {
    this.assertAvailable();
    this.entries.delete(key);
  }

  async isAvailable(): Promise<boolean> {
    return this.available;
  }

  /** The keys currently stored (tests check what a sign-out left behind). */
  keys(): string[] {
    return [...this.entries.keys()];
  }

  private assertAvailable(): void {
    if (!this.available) throw new SecretStoreUnavailableError('The in-memory test keychain is switched off.');
  }
}
