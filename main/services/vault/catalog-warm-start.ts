import type { CachedCatalog, CachedSecret, CatalogCache } from '../catalog-cache/catalog-cache.js';
import type { Clock, TimerHandle } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { VaultSettings } from '../settings/settings.schema.js';
import { firstScreenOf } from './catalog-first-screen.js';
import type { SecretCatalog, StoredSecret } from './secret-catalog.js';

/** A cached secret of a standing vault, as the catalog stores a listed one (in place). */
function asListed(secret: CachedSecret): StoredSecret {
  secret.locked = false;
  return secret as StoredSecret;
}

/** What the warm start needs. */
export interface CatalogWarmStartDeps {
  /** Encrypted catalog metadata on disk (absent: no cache, every call is a no-op). */
  cache?: Pick<CatalogCache, 'load' | 'loadFirstScreen' | 'save' | 'clear'>;
  catalog: Pick<SecretCatalog, 'restoreCached' | 'cacheable' | 'on'>;
  clock: Clock;
  /** The vault's current settings, or undefined when it is no longer configured. */
  vault(name: string): VaultSettings | undefined;
  /** Saves wait this long after a listing completes, so a start's listings make one write (default 2 s). */
  saveDelayMs?: number;
  /** The favourite keys (`vault/lower-case name`): they lead the first screen. */
  favourites(): ReadonlySet<string>;
  /** Recently used keys, most recent first (they follow the favourites on the first screen); absent: none. */
  recents?: () => Promise<readonly string[]>;
  /**
   * After the first screen, the whole cached catalog is restored once the window took its first
   * snapshot (`firstScreenServed`), when a listing needs it (`restored`), or after this long at
   * the latest (default 1 s: a tray start whose window is not open yet).
   */
  restDelayMs?: number;
  logger?: Logger;
}

/**
 * The catalog's warm start from the encrypted metadata cache (never values: see CatalogCache): shows
 * the cache's small first-screen record at once, then the whole cached catalog (see `restDelayMs`),
 * saves both a little after listings complete or vaults lock, and forgets everything on sign-out so
 * the next user starts cold.
 */
export class CatalogWarmStart {
  private pendingSave: { cancel(): void } | undefined;
  private inFlight: Promise<void> = Promise.resolve();
  private readonly offCatalog: () => void;
  private rest: Promise<void> | undefined;
  private restTimer: TimerHandle | undefined;
  /** Counts sign-outs: a restore or save begun before one must not show or write anything after it. */
  private epoch = 0;

  constructor(private readonly deps: CatalogWarmStartDeps) {
    this.offCatalog = deps.catalog.on('catalog', (event) => {
      if (event.type === 'listed' || event.type === 'locked') this.scheduleSave();
    });
  }

  /**
   * Shows the cache's first screen before any listing (the rows an empty search box shows first,
   * with each vault's item count), and schedules the whole cached catalog after it; without a
   * first-screen record, the whole catalog at once. Standing vaults show their metadata, PIM
   * vaults locked names (their metadata waits for access, as after a lock). Each vault's next
   * completed listing replaces its cached entries; a vault no longer listable drops out.
   */
  async restore(): Promise<void> {
    const cache = this.deps.cache;
    if (!cache) return;
    const epoch = this.epoch;
    const first = await cache.loadFirstScreen().catch(() => undefined);
    if (epoch !== this.epoch) return;
    if (!first) return this.restored();
    for (const entry of first.vaults) this.show(entry, entry.count);
    this.restTimer ??= this.deps.clock.setTimer(this.deps.restDelayMs ?? 1000, () => void this.restored());
  }

  /** The window painted its first snapshot: the whole cached catalog follows now (next turn of the event loop). */
  firstScreenServed(): void {
    if (this.rest || !this.restTimer) return;
    this.restTimer.cancel();
    this.restTimer = this.deps.clock.setTimer(0, () => void this.restored());
  }

  /** What a listing waits for: the whole cached catalog, when a first screen is waiting for it (else nothing). */
  beforeListing(): Promise<void> | undefined {
    return this.rest ?? (this.restTimer ? this.restored() : undefined);
  }

  /** Restores the whole cached catalog once (if not yet); resolves when it is shown. */
  restored(): Promise<void> {
    this.restTimer?.cancel();
    const epoch = this.epoch;
    this.rest ??= (async () => {
      const cached: CachedCatalog | undefined = await this.deps.cache?.load().catch(() => undefined);
      for (const entry of cached?.vaults ?? []) {
        if (epoch !== this.epoch) return;
        this.show(entry);
        // One vault per turn of the event loop: IPC (a copy, the window's requests) is answered in between.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    })();
    return this.rest;
  }

  private show(entry: CachedCatalog['vaults'][number], partialOf?: number): void {
    const settings = this.deps.vault(entry.name);
    if (!settings) return; // no longer configured
    // The decoded objects are the cache's own copy, made for this: mark them instead of copying 10,000.
    const secrets = settings.pimGroupId ? entry.secrets.map((s) => ({ name: s.name, locked: true })) : entry.secrets.map(asListed);
    this.deps.catalog.restoreCached(entry.name, secrets, entry.listedAt, partialOf);
  }

  /** Sign-out: no metadata of this user's vaults stays on disk (nor is restored later). */
  forget(): void {
    this.epoch++;
    this.restTimer?.cancel();
    this.rest ??= Promise.resolve(); // nothing of the signed-out user's cache is restored any more
    this.cancelSave();
    this.track(this.deps.cache?.clear());
  }

  /** Resolves when no cache save or clear is under way (sign-out waits for its clear). */
  settled(): Promise<void> {
    return this.inFlight;
  }

  /** Stops saving (the service is going away). */
  dispose(): void {
    this.restTimer?.cancel();
    this.cancelSave();
    this.offCatalog();
  }

  /** One cache write a little after the last listing completed or vault locked. */
  private scheduleSave(): void {
    const cache = this.deps.cache;
    if (!cache || this.pendingSave) return;
    this.pendingSave = this.deps.clock.setTimer(this.deps.saveDelayMs ?? 2000, () => {
      this.pendingSave = undefined;
      const cacheable = this.deps.catalog.cacheable();
      // Nothing listed (everything forgotten, e.g. by a sign-out's own locks): no file and no key
      // are made for an empty catalog.
      if (cacheable.length === 0) return;
      const savedAt = this.deps.clock.now();
      const favourites = this.deps.favourites();
      const epoch = this.epoch;
      this.track(
        (async () => {
          const recents = await (this.deps.recents?.() ?? Promise.resolve([])).catch(() => []);
          if (epoch !== this.epoch) return; // signed out meanwhile: the clear must stay the last word
          const vaults = cacheable.map((v) => ({ name: v.vault, listedAt: v.listedAt, secrets: v.secrets }));
          await cache.save({ savedAt, vaults }, firstScreenOf(cacheable, { savedAt, favourites, recents }));
        })().catch((error: unknown) => {
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
