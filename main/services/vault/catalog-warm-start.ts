import type { CachedSecret, CatalogCache } from '../catalog-cache/catalog-cache.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { VaultSettings } from '../settings/settings.schema.js';
import type { SecretCatalog, StoredSecret } from './secret-catalog.js';

/** A cached secret of a standing vault, as the catalog stores a listed one (in place). */
function asListed(secret: CachedSecret): StoredSecret {
  secret.locked = false;
  return secret as StoredSecret;
}

/** What the warm start needs. */
export interface CatalogWarmStartDeps {
  /** Encrypted catalog metadata on disk (absent: no cache, every call is a no-op). */
  cache?: Pick<CatalogCache, 'load' | 'save' | 'clear'>;
  catalog: Pick<SecretCatalog, 'restoreCached' | 'cacheable' | 'on'>;
  clock: Clock;
  /** The vault's current settings, or undefined when it is no longer configured. */
  vault(name: string): VaultSettings | undefined;
  /** Saves wait this long after a listing completes, so a start's listings make one write (default 2 s). */
  saveDelayMs?: number;
  logger?: Logger;
}

/**
 * The catalog's warm start from the encrypted metadata cache (never values: see CatalogCache): shows
 * the cached names at once, saves a little after listings complete or vaults lock, and forgets
 * everything on sign-out so the next user starts cold.
 */
export class CatalogWarmStart {
  private pendingSave: { cancel(): void } | undefined;
  private inFlight: Promise<void> = Promise.resolve();
  private readonly offCatalog: () => void;

  constructor(private readonly deps: CatalogWarmStartDeps) {
    this.offCatalog = deps.catalog.on('catalog', (event) => {
      if (event.type === 'listed' || event.type === 'locked') this.scheduleSave();
    });
  }

  /**
   * Shows the cached catalog before any listing: standing vaults with their metadata, PIM vaults as
   * locked names (their metadata waits for access, as after a lock). Each vault's next completed
   * listing replaces its cached entries; a vault no longer listable drops out.
   */
  async restore(): Promise<void> {
    const cached = await this.deps.cache?.load().catch(() => undefined);
    for (const entry of cached?.vaults ?? []) {
      const settings = this.deps.vault(entry.name);
      if (!settings) continue; // no longer configured
      // The decoded objects are the cache's own copy, made for this: mark them instead of copying 10,000.
      const secrets = settings.pimGroupId ? entry.secrets.map((s) => ({ name: s.name, locked: true })) : entry.secrets.map(asListed);
      this.deps.catalog.restoreCached(entry.name, secrets, entry.listedAt);
    }
  }

  /** Sign-out: no metadata of this user's vaults stays on disk. */
  forget(): void {
    this.cancelSave();
    this.track(this.deps.cache?.clear());
  }

  /** Resolves when no cache save or clear is under way (sign-out waits for its clear). */
  settled(): Promise<void> {
    return this.inFlight;
  }

  /** Stops saving (the service is going away). */
  dispose(): void {
    this.cancelSave();
    this.offCatalog();
  }

  /** One cache write a little after the last listing completed or vault locked. */
  private scheduleSave(): void {
    const cache = this.deps.cache;
    if (!cache || this.pendingSave) return;
    this.pendingSave = this.deps.clock.setTimer(this.deps.saveDelayMs ?? 2000, () => {
      this.pendingSave = undefined;
      const vaults = this.deps.catalog.cacheable().map((v) => ({ name: v.vault, listedAt: v.listedAt, secrets: v.secrets }));
      // Nothing listed (everything forgotten, e.g. by a sign-out's own locks): no file and no key
      // are made for an empty catalog.
      if (vaults.length === 0) return;
      this.track(
        cache.save({ savedAt: this.deps.clock.now(), vaults }).catch((error: unknown) => {
          this.deps.logger?.warn('catalog cache not saved', { error: error instanceof Error ? error.name : 'unknown' });
        }),
      );
    });
  }

  private track(operation: Promise<void> | undefined): void {
    if (!operation) return;
    const settled = operation.catch(() => undefined);
    this.inFlight = Promise.all([this.inFlight, settled]).then(() => undefined);
  }

  private cancelSave(): void {
    this.pendingSave?.cancel();
    this.pendingSave = undefined;
  }
}
