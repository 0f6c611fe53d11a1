import type { AppError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { VaultSettings } from '../settings/settings.schema.js';
import { favouriteKey, type Favourites } from './favourites.js';
import type { ListingMemory } from './listing-memory.js';
import { itemFields, type ItemFields, type TagConvention } from './tag-conventions.js';
import { SecretSearchIndex, type SearchIndexOptions } from '../../../shared/search/secret-search.index.js';
import { TypedEmitter } from '../events/typed-emitter.js';
import { stalenessOf, type StalenessPolicy } from './secret-staleness.js';
import { copyMetadata, sameMetadata } from './stored-metadata.js';
import type { CatalogEvent, CatalogEvents, CatalogItem, SecretMetadata, VaultListingState, VaultStatus } from './vault.types.js';
import { catalogDoc, type CatalogDoc } from './catalog-search-doc.js';

/** What the catalog stores per secret: metadata from a listing, or a bare name once its vault locked. */
export interface StoredSecret extends SecretMetadata {
  name: string;
  locked: boolean;
  /** How many versions it has, once listed (a relisting with the same metadata keeps the stored object, and so the count). */
  versions?: number;
}

interface VaultEntries {
  /** Result of the last complete listing (or locked name placeholders). */
  items: Map<string, StoredSecret>;
  /** Pages of the listing in progress; shown over `items` until the listing completes. */
  staged?: Map<string, StoredSecret>;
  listing: VaultListingState;
  listedAt?: number;
  /**
   * Set while the entries are not this session's own listing — restored from the encrypted cache,
   * or names kept from an earlier listing (lock, refused listing) — to when that listing completed.
   */
  namesAsOf?: number;
  /** Set while only the cache's first screen of this vault is shown: how many items its cached listing holds. */
  partialOf?: number;
  error?: { code: AppError['code']; message: string };
}

/** Listing errors after which a standing vault's entries drop out: the user may no longer list it (a locked PIM vault keeps its names). */
const NOT_LISTABLE: ReadonlySet<AppError['code']> = new Set(['vault-forbidden-rbac', 'vault-forbidden-policy', 'vault-not-found']);

type Doc = CatalogDoc<StoredSecret>;

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
  private readonly events: TypedEmitter<CatalogEvents>;
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
      /** Where a listener that throws is reported (it is skipped; the catalog carries on). */
      logger?: Logger;
    },
  ) {
    this.events = new TypedEmitter(deps.logger);
    this.settings = new Map(deps.vaults.map((v) => [v.name, v]));
    for (const name of this.settings.keys()) this.vaults.set(name, { items: new Map(), listing: 'idle' });
    deps.favourites.on('changed', () => {
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
    entries.namesAsOf = undefined;
    entries.partialOf = undefined;
    entries.error = undefined;
    this.deps.memory?.remember(vault, [...entries.items.values()].map((s) => s.name), entries.listedAt);
    this.invalidate();
    this.emit({ type: 'listed', vault, count: entries.items.size, at: entries.listedAt });
    this.emit({ type: 'changed' });
  }

  /**
   * The listing failed: staged pages are dropped, the previous entries stay, "names as of" their
   * listing. With no entries (a fresh start), the names of the last remembered listing are shown
   * instead, as of its date. A vault the user may no longer list (a standing vault refused, or a
   * vault not found) drops out instead: there is no lock to explain the refusal nor access to ask for.
   */
  failListing(vault: string, error: AppError): void {
    const entries = this.entries(vault);
    if (!entries) return;
    entries.staged = undefined;
    entries.partialOf = undefined;
    if (NOT_LISTABLE.has(error.code) && (error.code === 'vault-not-found' || !this.settings.get(vault)?.pimGroupId)) {
      entries.items = new Map();
      entries.listedAt = entries.namesAsOf = undefined;
      this.deps.memory?.forget(vault);
    } else {
      const remembered = entries.items.size === 0 ? this.deps.memory?.recall(vault) : undefined;
      if (remembered) {
        entries.items = new Map(remembered.names.map((name) => [name.toLowerCase(), { name, locked: true }]));
        entries.namesAsOf = remembered.at;
      } else if (entries.items.size > 0) entries.namesAsOf ??= entries.listedAt;
    }
    entries.listing = 'failed';
    entries.error = { code: error.code, message: error.message };
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
    entries.partialOf = undefined;
    this.invalidate();
    this.emit({ type: 'locked', vault });
    this.emit({ type: 'changed' });
  }

  /**
   * Shows a vault's entries from the encrypted cache (warm start) until its listing completes,
   * "names as of" the listing they were saved from. `partialOf`: these are only the cache's first
   * screen of a listing of that many items (the whole cached listing replaces them). Ignored once
   * the vault has a listing of its own or entries not from the first screen.
   */
  restoreCached(vault: string, secrets: StoredSecret[], listedAt: number, partialOf?: number): void {
    const entries = this.entries(vault);
    if (!entries || entries.staged || entries.listing !== 'idle' || (entries.items.size > 0 && entries.partialOf === undefined)) return;
    entries.items = new Map(secrets.map((s) => [s.name.toLowerCase(), s]));
    entries.listedAt = entries.namesAsOf = listedAt;
    entries.partialOf = partialOf;
    this.changed();
  }

  /** Records a secret's version count (its versions were listed): on a new stored object, as stored objects never change. */
  noteVersions(vault: string, name: string, count: number): void {
    const entries = this.entries(vault);
    const lowerName = name.toLowerCase();
    for (const map of [entries?.items, entries?.staged]) {
      const stored = map?.get(lowerName);
      if (stored && !stored.locked && stored.versions !== count) map!.set(lowerName, { ...stored, versions: count });
    }
    this.changed();
  }

  /** Every vault with a completed listing (or cached, or locked names): what the cache saves (not a first screen alone). */
  cacheable(): { vault: string; listedAt: number; secrets: StoredSecret[] }[] {
    const out: { vault: string; listedAt: number; secrets: StoredSecret[] }[] = [];
    for (const [vault, entries] of this.vaults) {
      if (entries.listedAt === undefined || entries.items.size === 0 || entries.partialOf !== undefined) continue;
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
        itemCount: entries.partialOf ?? this.visible(entries).size,
        ...(entries.listedAt !== undefined ? { listedAt: entries.listedAt } : {}),
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

  /** Subscribes to the 'catalog' stream; returns the unsubscribe function. */
  on<K extends keyof CatalogEvents>(event: K, listener: (e: CatalogEvents[K]) => void): () => void {
    return this.events.on(event, listener);
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
          if (!doc) this.docs.set(stored, (doc = catalogDoc(vault, lowerName, stored, settings)));
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
    if (stored.versions !== undefined) item.versions = stored.versions;
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
    this.events.emit('catalog', event);
  }
}
