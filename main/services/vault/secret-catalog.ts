import type { AppError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { VaultSettings } from '../settings/settings.schema.js';
import { favouriteKey, type Favourites } from './favourites.js';
import type { ListingMemory } from './listing-memory.js';
import { itemFields, type ItemFields, type TagConvention } from './tag-conventions.js';
import { SecretSearchIndex, type SearchIndexOptions } from '../../../shared/search/secret-search.index.js';
import { stalenessOf, type StalenessPolicy } from './secret-staleness.js';
import { copyMetadata, sameMetadata } from './stored-metadata.js';
import type { CatalogEvent, CatalogItem, SecretMetadata, VaultListingState, VaultStatus } from './vault.types.js';

/** What the catalog stores per secret: metadata from a listing, or a bare name once its vault locked. */
export interface StoredSecret extends SecretMetadata {
  name: string;
  locked: boolean;
}

interface VaultEntries {
  /** Result of the last complete listing (or locked name placeholders). */
  items: Map<string, StoredSecret>;
  /** Pages of the listing in progress; shown over `items` until the listing completes. */
  staged?: Map<string, StoredSecret>;
  listing: VaultListingState;
  listedAt?: number;
  /** Set while `items` come from the encrypted catalog cache (the listing they were saved from completed then). */
  cachedAt?: number;
  /** Set while the entries are names kept from an earlier listing (lock, or a refused listing): when that listing completed. */
  namesAsOf?: number;
  error?: { code: AppError['code']; message: string };
}

/** Listing errors after which a vault's cached entries drop out: the user may no longer list it. */
const NOT_LISTABLE: ReadonlySet<AppError['code']> = new Set(['vault-forbidden-rbac', 'vault-forbidden-policy', 'vault-not-found']);

/** A search document: the stored secret plus where it lives. */
interface Doc {
  key: string;
  vault: string;
  name: string;
  vaultDisplayName?: string;
  customer?: string;
  tags?: Record<string, string>;
  stored: StoredSecret;
}

/**
 * The in-memory secret catalog (never persisted). Holds per vault the last complete listing and
 * the pages of the listing in progress, so results stream in without the list flickering:
 * staged pages overlay the previous entries and replace them only when the listing reaches its
 * end (names that vanished disappear then). Locking a vault keeps only its names (see
 * `lockVault`). Search runs over a SecretSearchIndex rebuilt lazily after changes.
 */
export class SecretCatalog {
  private readonly vaults = new Map<string, VaultEntries>();
  /** The configured vaults (fixed for the catalog's life: a settings change builds a new core). */
  private readonly settings: ReadonlyMap<string, VaultSettings>;
  private readonly listeners = new Set<(event: CatalogEvent) => void>();
  private index: SecretSearchIndex<Doc> | undefined;
  /** Only pages were added since the index was built: it may serve a little longer (see `currentIndex`). */
  private indexStale = false;
  private indexBuiltAt = 0;
  /** Search documents per stored secret, kept across rebuilds so their tokenisation is reused. */
  private docs = new WeakMap<StoredSecret, Doc>();
  /** Favourites changed since the index last saw them. */
  private favouritesDirty = true;
  /**
   * Tag-convention fields per stored secret: they depend only on its tags and content type, and
   * a stored object is never changed (a relisting stores a new one). Computing them again for
   * every page event and every snapshot pass was a fifth of a warm start's item building. null: none.
   */
  private readonly fields = new WeakMap<StoredSecret, ItemFields | null>();

  constructor(
    private readonly deps: {
      /** The configured vaults, in display order. */
      vaults: readonly VaultSettings[];
      clock: Clock;
      favourites: Favourites;
      staleness?: StalenessPolicy;
      search?: SearchIndexOptions;
      /** Minimum time between index rebuilds while pages stream in (default 300 ms). */
      rebuildIntervalMs?: number;
      /** Whether values of `vault` are behind the session lock now (PIM vault without a grant). Default: never. */
      isLocked?: (vault: string) => boolean;
      /** Where complete listings are remembered, for "names as of" when a later listing is refused. */
      memory?: ListingMemory;
      /** Which tags carry username, URL, host and notes (default: DEFAULT_TAG_CONVENTION). */
      tagConvention?: Partial<TagConvention>;
    },
  ) {
    this.settings = new Map(deps.vaults.map((v) => [v.name, v]));
    for (const name of this.settings.keys()) this.vaults.set(name, { items: new Map(), listing: 'idle' });
    deps.favourites.onChange(() => {
      this.favouritesDirty = true;
      this.emit({ type: 'changed' });
    });
  }

  /** A listing of `vault` starts: later pages are staged until `completeListing`. */
  beginListing(vault: string): void {
    const entries = this.entries(vault);
    if (!entries) return;
    entries.staged = new Map();
    entries.listing = 'listing';
    this.changed();
  }

  /** One page arrived. Ignored if no listing of `vault` is in progress (it locked meanwhile). */
  addPage(vault: string, page: number, secrets: StoredSecret[]): void {
    const entries = this.entries(vault);
    if (!entries?.staged) return;
    const listed: StoredSecret[] = [];
    for (const secret of secrets) {
      const lowerName = secret.name.toLowerCase();
      // Unchanged since the entries shown (same `updated` date and metadata): keep the stored
      // object, so the snapshot, both search indexes and the renderer see no change for it.
      const previous = entries.items.get(lowerName);
      const kept = previous && sameMetadata(previous, secret) ? previous : secret;
      entries.staged.set(lowerName, kept);
      listed.push(kept);
    }
    this.invalidate('pages-added');
    // Items built only if a listener reads them: the app's listeners use only that a page arrived
    // (building them was ~5 % of the client's CPU per page; issue 16, --cpu-prof).
    let items: CatalogItem[] | undefined;
    const build = () => (items ??= listed.map((s) => this.toItem(vault, s)));
    this.emit({ type: 'page', vault, page, get items() { return build(); } });
    this.emit({ type: 'changed' });
  }

  /** The listing reached its end: the staged pages become the vault's entries. */
  completeListing(vault: string): void {
    const entries = this.entries(vault);
    if (!entries?.staged) return;
    entries.items = entries.staged;
    entries.staged = undefined;
    entries.listing = 'listed';
    entries.listedAt = this.deps.clock.now();
    entries.cachedAt = undefined;
    entries.namesAsOf = undefined;
    entries.error = undefined;
    this.deps.memory?.remember(vault, [...entries.items.values()].map((s) => s.name), entries.listedAt);
    this.invalidate();
    this.emit({ type: 'listed', vault, count: entries.items.size, at: entries.listedAt });
    this.emit({ type: 'changed' });
  }

  /**
   * The listing failed: staged pages are dropped, the previous entries stay. With no entries (a
   * fresh start), the names of the last remembered listing are shown instead, as of its date.
   */
  failListing(vault: string, error: AppError): void {
    const entries = this.entries(vault);
    if (!entries) return;
    entries.staged = undefined;
    const remembered = entries.items.size === 0 ? this.deps.memory?.recall(vault) : undefined;
    if (remembered) {
      entries.items = new Map(remembered.names.map((name) => [name.toLowerCase(), { name, locked: true }]));
      entries.namesAsOf = remembered.at;
    } else if (entries.items.size > 0) entries.namesAsOf ??= entries.listedAt;
    entries.listing = 'failed';
    entries.error = { code: error.code, message: error.message };
    if (entries.cachedAt !== undefined && NOT_LISTABLE.has(error.code)) {
      entries.items = new Map();
      entries.cachedAt = undefined;
      entries.listedAt = undefined;
    }
    this.invalidate();
    this.emit({ type: 'failed', vault, error: entries.error });
    this.emit({ type: 'changed' });
  }

  /**
   * `vault` locked. Design choice: with `keep: 'names'` (expiry, idle, OS lock…) the catalog keeps
   * the NAMES it already had — in memory only, without tags, dates or content type — so the user
   * can still find "that root password" and request access to it; names are what favourites and
   * the audit journal already hold, and were shown to this same user minutes earlier. With
   * `keep: 'nothing'` (sign-out, quit) the vault's entries are dropped entirely.
   */
  lockVault(vault: string, keep: 'names' | 'nothing'): void {
    const entries = this.entries(vault);
    if (!entries) return;
    const visible = new Map([...entries.items, ...(entries.staged ?? [])]);
    entries.staged = undefined;
    entries.items = keep === 'names' ? new Map([...visible].map(([key, s]) => [key, { name: s.name, locked: true }])) : new Map();
    entries.namesAsOf = keep === 'names' && entries.items.size > 0 ? (entries.namesAsOf ?? entries.listedAt ?? this.deps.clock.now()) : undefined;
    if (keep === 'nothing') this.deps.memory?.forget(vault);
    entries.listing = 'idle';
    entries.error = undefined;
    if (keep === 'nothing') entries.cachedAt = undefined;
    this.invalidate();
    this.emit({ type: 'locked', vault });
    this.emit({ type: 'changed' });
  }

  /**
   * Shows a vault's entries from the encrypted cache (warm start) until its listing completes,
   * marked `cachedAt` (the time of the listing they were saved from). Ignored once the vault has
   * entries or a listing of its own.
   */
  restoreCached(vault: string, secrets: StoredSecret[], listedAt: number): void {
    const entries = this.entries(vault);
    if (!entries || entries.items.size > 0 || entries.staged) return;
    entries.items = new Map(secrets.map((s) => [s.name.toLowerCase(), s]));
    entries.listedAt = listedAt;
    entries.cachedAt = listedAt;
    this.changed();
  }

  /** Every vault with a completed listing (or cached, or locked names): what the cache saves. */
  cacheable(): { vault: string; listedAt: number; secrets: StoredSecret[] }[] {
    const out: { vault: string; listedAt: number; secrets: StoredSecret[] }[] = [];
    for (const [vault, entries] of this.vaults) {
      if (entries.listedAt === undefined || entries.items.size === 0) continue;
      out.push({ vault, listedAt: entries.listedAt, secrets: [...entries.items.values()] });
    }
    return out;
  }

  /** Status of every configured vault; `access` is supplied by the caller (it knows the session). */
  statuses(access: (vault: VaultSettings) => VaultStatus['access']): VaultStatus[] {
    return [...this.settings.values()].map((v) => {
      const entries = this.entries(v.name)!;
      return {
        name: v.name,
        ...(v.displayName ? { displayName: v.displayName } : {}),
        ...(v.customer ? { customer: v.customer } : {}),
        ...(v.pimGroupId ? { pimGroupId: v.pimGroupId } : {}),
        access: access(v),
        listing: entries.listing,
        itemCount: this.visible(entries).size,
        ...(entries.listedAt !== undefined ? { listedAt: entries.listedAt } : {}),
        ...(entries.cachedAt !== undefined ? { cachedAt: entries.cachedAt } : {}),
        ...(entries.namesAsOf !== undefined ? { namesAsOf: entries.namesAsOf } : {}),
        ...(entries.error ? { error: entries.error } : {}),
      };
    });
  }

  /** Every item, favourites first then by name (staleness computed now). */
  items(): CatalogItem[] {
    return this.search('', Number.MAX_SAFE_INTEGER).items;
  }

  /** Searches names, tags, customer and vault labels; favourites first; `offset` pages through the ranking. */
  search(query: string, limit = 50, offset = 0): { items: CatalogItem[]; total: number } {
    const index = this.currentIndex();
    const answer = index.search(query, limit, offset);
    return { items: answer.items.map((doc) => this.toItem(doc.vault, doc.stored)), total: answer.total };
  }

  /** The current item for a secret, if the catalog holds it. */
  item(vault: string, name: string): CatalogItem | undefined {
    const entries = this.entries(vault);
    const stored = entries && this.visible(entries).get(name.toLowerCase());
    return stored ? this.toItem(vault, stored) : undefined;
  }

  /**
   * Visits every visible secret with its stored object, without building items or merged maps
   * (CatalogSnapshot runs this per diff over the whole catalog): the stored object's identity tells
   * which items may have changed. `favourites` holds the favourite keys (`vault/lower-case name`).
   */
  forEachVisible(visit: (vault: string, lowerName: string, stored: StoredSecret, favourites: ReadonlySet<string>) => void): void {
    const favourites = this.deps.favourites.all();
    for (const [vault, entries] of this.vaults) {
      const staged = entries.staged;
      for (const [lowerName, stored] of entries.items) if (!staged?.has(lowerName)) visit(vault, lowerName, stored, favourites);
      if (staged) for (const [lowerName, stored] of staged) visit(vault, lowerName, stored, favourites);
    }
  }

  /** Whether `vault`'s values are behind the session lock now: every item of it then shows as locked. */
  isVaultLocked(vault: string): boolean {
    return this.deps.isLocked?.(vault) ?? false;
  }

  /** The item a stored secret shows as (see `visibleSecrets`). */
  itemFor(vault: string, stored: StoredSecret): CatalogItem {
    return this.toItem(vault, stored);
  }

  /** Subscribes to catalog events; returns the unsubscribe function. */
  on(listener: (event: CatalogEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The search index, rebuilt lazily. While pages stream in, a rebuild happens at most every
   * `rebuildIntervalMs` (default 300 ms): rebuilding 10,000 names takes tens of milliseconds, and
   * typing during a long first listing must stay fluid. Anything else (a lock, a completed
   * listing, settings) rebuilds at once, so a locked vault's metadata is never served from a
   * stale index.
   */
  private currentIndex(): SecretSearchIndex<Doc> {
    const now = this.deps.clock.now();
    if (this.index && this.indexStale && now - this.indexBuiltAt >= (this.deps.rebuildIntervalMs ?? 300)) this.index = undefined;
    if (!this.index) {
      this.indexStale = false;
      this.indexBuiltAt = now;
      const docs: Doc[] = [];
      for (const [vault, entries] of this.vaults) {
        const settings = this.settings.get(vault);
        for (const [lowerName, stored] of this.visible(entries)) {
          let doc = this.docs.get(stored);
          if (!doc) {
            doc = {
              key: `${vault}/${lowerName}`,
              vault,
              name: stored.name,
              ...(settings?.displayName ? { vaultDisplayName: settings.displayName } : {}),
              ...(settings?.customer ? { customer: settings.customer } : {}),
              ...(stored.tags ? { tags: stored.tags } : {}),
              stored,
            };
            this.docs.set(stored, doc);
          }
          docs.push(doc);
        }
      }
      this.index = new SecretSearchIndex(docs, this.deps.search);
      this.favouritesDirty = true;
    }
    if (this.favouritesDirty) {
      this.index.setFavourites(this.deps.favourites.all());
      this.favouritesDirty = false;
    }
    return this.index;
  }

  private toItem(vault: string, stored: StoredSecret): CatalogItem {
    // Plain assignments, no rest/spread temporaries: this runs for every item of a warm start's
    // first snapshot (10,000 in a cold process), where the spreads cost more than the fields.
    const placeholder = stored.locked;
    const item: CatalogItem = {
      key: `${vault}/${stored.name.toLowerCase()}`,
      vault,
      name: stored.name,
      locked: placeholder || this.isVaultLocked(vault),
      favourite: this.deps.favourites.all().has(favouriteKey(vault, stored.name)),
      staleness: placeholder ? [] : stalenessOf(stored, this.deps.clock.now(), this.deps.staleness),
    };
    const settings = this.settings.get(vault);
    if (settings?.displayName) item.vaultDisplayName = settings.displayName;
    if (settings?.customer) item.customer = settings.customer;
    copyMetadata(stored, item);
    if (placeholder) {
      const namesAsOf = this.entries(vault)?.namesAsOf;
      if (namesAsOf !== undefined) item.namesAsOf = namesAsOf;
    }
    let fields = this.fields.get(stored);
    if (fields === undefined) {
      const read = itemFields(stored, this.deps.tagConvention);
      this.fields.set(stored, (fields = Object.keys(read).length > 0 ? read : null));
    }
    if (fields) item.fields = fields;
    return item;
  }

  private visible(entries: VaultEntries): Map<string, StoredSecret> {
    return entries.staged ? new Map([...entries.items, ...entries.staged]) : entries.items;
  }

  private entries(vault: string): VaultEntries | undefined {
    return this.vaults.get(vault);
  }

  private invalidate(why: 'pages-added' | 'other' = 'other'): void {
    if (why === 'pages-added' && this.index) {
      this.indexStale = true;
      return;
    }
    this.index = undefined;
  }

  private changed(): void {
    this.invalidate();
    this.emit({ type: 'changed' });
  }

  private emit(event: CatalogEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}
