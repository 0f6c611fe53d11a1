import type { Clock, TimerHandle } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import { TypedEmitter } from '../events/typed-emitter.js';
import type { SecretCatalog, StoredSecret } from './secret-catalog.js';
import type { CatalogItem } from './vault.types.js';

/** The whole catalog at one revision. */
export interface CatalogSnapshotState {
  revision: number;
  items: CatalogItem[];
}

/** The snapshot's events by name (the TypedEmitter model). */
export interface CatalogSnapshotEvents extends Record<string, unknown> {
  diff: CatalogSnapshotDiff;
}

/** What changed from revision `base` to `revision`. */
export interface CatalogSnapshotDiff {
  revision: number;
  base: number;
  upserts: CatalogItem[];
  removed: string[];
}

interface Tracked {
  source: StoredSecret;
  favourite: boolean;
  item: CatalogItem;
  /** JSON of `item`, computed only when the source changed (to tell a relisted-but-equal item). */
  fingerprint: string | undefined;
  /** The diff pass that last saw it (older: removed). */
  pass: number;
}

/**
 * The catalog's metadata as a revisioned snapshot plus diffs, for the renderer's own search
 * (renderer-side search). Metadata only: items are the catalog's items (names, tags, dates,
 * flags), which never hold a value. The renderer ranks them with the same index code as main
 * (shared/search), so main stays the authority only for values and activations.
 *
 * Cost: a listing changes the catalog once per page (400 pages for 10 × 1,000 secrets), so page
 * changes are coalesced into one diff per `coalesceMs`; a lock, a completed or failed listing and
 * anything else publish at once (a locked vault's metadata must not linger in the renderer).
 * Unchanged items are found by the identity of their stored object (and their vault's lock state),
 * so a diff costs a map lookup per item and builds items only for what was added or changed.
 */
export class CatalogSnapshot {
  /** Per vault, per lower-case name (no key strings built per item and pass). */
  private readonly tracked = new Map<string, Map<string, Tracked>>();
  private pass = 0;
  private favouritesSignature = '';
  private revision = 0;
  private dirty = true;
  private timer: TimerHandle | undefined;
  private readonly events: TypedEmitter<CatalogSnapshotEvents>;
  private readonly off: () => void;

  constructor(
    private readonly catalog: SecretCatalog,
    private readonly clock: Clock,
    private readonly coalesceMs = 50,
    logger?: Logger,
    /** Called after each whole snapshot is taken (the warm start restores the rest of the cache after the first). */
    private readonly onCurrent?: () => void,
  ) {
    this.events = new TypedEmitter(logger);
    this.off = catalog.on('catalog', (event) => {
      if (event.type === 'page') return this.markDirty(false);
      if (event.type === 'changed') return this.markDirty(this.timer === undefined);
      this.markDirty(true);
    });
  }

  /** The whole snapshot now (pending changes applied first). */
  current(): CatalogSnapshotState {
    this.flush();
    const items: CatalogItem[] = [];
    for (const byName of this.tracked.values()) for (const tracked of byName.values()) items.push(tracked.item);
    this.onCurrent?.();
    return { revision: this.revision, items };
  }

  /** Subscribes to 'diff'; returns the unsubscribe function. */
  on<K extends keyof CatalogSnapshotEvents>(event: K, listener: (e: CatalogSnapshotEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  /** Stops listening to the catalog and drops a pending timer. */
  dispose(): void {
    this.off();
    this.timer?.cancel();
    this.timer = undefined;
    this.events.clear();
  }

  /** Applies pending changes now; publishes a diff if anything changed. */
  flush(): void {
    this.timer?.cancel();
    this.timer = undefined;
    if (!this.dirty) return;
    this.dirty = false;
    const diff = this.diff();
    if (diff.upserts.length === 0 && diff.removed.length === 0) return;
    this.revision++;
    const published: CatalogSnapshotDiff = { revision: this.revision, base: this.revision - 1, ...diff };
    this.events.emit('diff', published);
  }

  /**
   * A 'changed' event follows every specific event; it publishes at once unless a page change is
   * already waiting for its timer (then it joins it). Page changes wait for the timer.
   */
  private markDirty(now: boolean): void {
    this.dirty = true;
    // Nobody listening: `current()` applies the changes when asked.
    if (this.events.listenerCount('diff') === 0) return;
    if (now) return this.flush();
    if (this.timer === undefined) this.timer = this.clock.setTimer(this.coalesceMs, () => this.flush());
  }

  private diff(): { upserts: CatalogItem[]; removed: string[] } {
    const upserts: CatalogItem[] = [];
    const pass = ++this.pass;
    let favouritesChanged: boolean | undefined;
    const lockedVaults = new Map<string, boolean>();
    const isVaultLocked = (vault: string): boolean => {
      let locked = lockedVaults.get(vault);
      if (locked === undefined) lockedVaults.set(vault, (locked = this.catalog.isVaultLocked(vault)));
      return locked;
    };
    this.catalog.forEachVisible((vault, lowerName, stored, favourites) => {
      if (favouritesChanged === undefined) {
        // Favourites are few: compare the whole set once per pass instead of a lookup per item.
        const signature = [...favourites].join('\n');
        favouritesChanged = signature !== this.favouritesSignature;
        this.favouritesSignature = signature;
      }
      let byName = this.tracked.get(vault);
      if (!byName) this.tracked.set(vault, (byName = new Map()));
      const previous = byName.get(lowerName);
      if (previous && previous.source === stored) {
        previous.pass = pass;
        // Same stored object: only the favourite mark or the vault's lock can have changed (a
        // relisting keeps unchanged stored objects, also when the vault has just unlocked).
        const lockedNow = stored.locked || isVaultLocked(vault);
        const favouriteSame = !favouritesChanged || favourites.has(`${vault}/${lowerName}`) === previous.favourite;
        if (favouriteSame && lockedNow === previous.item.locked) return;
      }
      const item = this.catalog.itemFor(vault, stored);
      if (previous) {
        // Relisted (a new stored object) but maybe the same metadata: no diff entry then.
        const fingerprint = JSON.stringify(item);
        previous.fingerprint ??= JSON.stringify(previous.item);
        const same = fingerprint === previous.fingerprint;
        byName.set(lowerName, { source: stored, favourite: item.favourite, item: same ? previous.item : item, fingerprint, pass });
        if (!same) upserts.push(item);
        return;
      }
      byName.set(lowerName, { source: stored, favourite: item.favourite, item, fingerprint: undefined, pass });
      upserts.push(item);
    });
    const removed: string[] = [];
    for (const [vault, byName] of this.tracked) {
      for (const [lowerName, tracked] of byName) {
        if (tracked.pass === pass) continue;
        removed.push(tracked.item.key);
        byName.delete(lowerName);
      }
      if (byName.size === 0) this.tracked.delete(vault);
    }
    return { upserts, removed };
  }
}
