import type { CatalogDiffDto, CatalogItemDto, CatalogSnapshotDto, SearchPageDto } from '../../../shared/domain/types.js';
import { nameMatchRanges, queryTerms, SecretSearchIndex } from '../../../shared/search/secret-search.index.js';
import type { LookupKind } from './certificate-lookup.js';

/** How often, at most, the index is rebuilt while diffs of a listing stream in (main uses the same). */
export const REBUILD_INTERVAL_MS = 300;

/** A vault whose certificates could not be listed: Key Vault's (or the network's) words and when it is tried again. */
export interface CertificateListingFailure {
  vault: string;
  message: string;
  retryAt?: number;
}

/** What a diff did to the mirror. */
export type ApplyOutcome = 'applied' | 'stale' | 'gap';

/**
 * The renderer's read-only copy of the catalog's metadata (main's `vault:snapshot`), searched in the
 * renderer with main's own index code (shared/search), so a keystroke filters and paints without
 * crossing the bridge. Holds catalog item DTOs only — names, tags, dates; never a value. Generic in
 * the DTO: whatever fields main's mapper puts on an item travel through unchanged.
 *
 * The index is rebuilt lazily: at once after a change that removes or locks items (a locked vault's
 * metadata must not be served), at most every REBUILD_INTERVAL_MS while a listing only adds items.
 * Hits are always the current DTOs (looked up by key), never the index's older copies.
 */
export class CatalogMirror<Item extends CatalogItemDto = CatalogItemDto> {
  private items = new Map<string, Item>();
  /**
   * Certificates (issue 14), from `cert:list` rather than main's snapshot: a small second index, so
   * a search of secrets costs what it did and each kind pages and counts on its own.
   */
  private certificates = new Map<string, Item>();
  private certificateIndex: SecretSearchIndex<Item> | undefined;
  private certificateOrder: Item[] | undefined;
  /** Vaults whose certificates could not be listed (said under the certificates), with the next try. */
  private certificateFailures: CertificateListingFailure[] = [];
  private revisionSeen = -1;
  private index: SecretSearchIndex<Item> | undefined;
  private builtAt = 0;
  private stale = false;
  /** The empty query's order (dropped with every change). */
  private browseOrder: Item[] | undefined;
  /** The customer labels (dropped with every change): the filter reads them on every render of the list. */
  private customerLabels: string[] | undefined;
  /** Recently used item keys → rank (0 = most recent): first after the favourites when the search box is empty. */
  private recents = new Map<string, number>();

  private readonly now: () => number;
  private readonly rebuildIntervalMs: number;

  constructor(options: { now?: () => number; rebuildIntervalMs?: number } = {}) {
    this.now = options.now ?? (() => performance.now());
    this.rebuildIntervalMs = options.rebuildIntervalMs ?? REBUILD_INTERVAL_MS;
  }

  /** True once a whole snapshot has arrived. */
  get ready(): boolean {
    return this.revisionSeen >= 0;
  }

  get revision(): number {
    return this.revisionSeen;
  }

  get size(): number {
    return this.items.size;
  }

  /**
   * Replaces the certificates (the whole `cert:list` answer, as rows). Returns whether anything
   * changed (a re-read that brings the same certificates re-ranks nothing).
   */
  setCertificates(items: readonly Item[]): boolean {
    const next = new Map(items.map((item) => [item.key, item]));
    if (next.size === this.certificates.size && [...next].every(([key, item]) => JSON.stringify(this.certificates.get(key)) === JSON.stringify(item))) return false;
    this.certificates = next;
    this.customerLabels = undefined;
    this.certificateIndex = undefined;
    this.certificateOrder = undefined;
    return true;
  }

  /** Records which vaults' certificate listings failed (from the same `cert:list` answer). */
  setCertificateFailures(failures: readonly CertificateListingFailure[]): void {
    this.certificateFailures = [...failures];
  }

  /** Vaults whose certificates could not be listed, with the reason and the next try. */
  get certificateListingFailures(): readonly CertificateListingFailure[] {
    return this.certificateFailures;
  }

  /** How many certificates the mirror holds. */
  get certificateCount(): number {
    return this.certificates.size;
  }

  /** Replaces everything with a whole snapshot (unless it is older than what the mirror holds). */
  reset(snapshot: Omit<CatalogSnapshotDto, 'items'> & { items: Item[] }): void {
    if (snapshot.revision < this.revisionSeen) return;
    this.items = new Map(snapshot.items.map((item) => [item.key, item]));
    this.revisionSeen = snapshot.revision;
    this.index = undefined;
    this.browseOrder = undefined;
    this.customerLabels = undefined;
  }

  /**
   * Applies a diff. 'stale': already included (an answer to `vault:snapshot` overtook it);
   * 'gap': a diff in between is missing — the caller must ask for a whole snapshot.
   */
  apply(diff: Omit<CatalogDiffDto, 'upserts'> & { upserts: Item[] }): ApplyOutcome {
    if (!this.ready || diff.base !== this.revisionSeen) return diff.revision <= this.revisionSeen ? 'stale' : 'gap';
    let urgent = diff.removed.length > 0;
    for (const key of diff.removed) this.items.delete(key);
    for (const item of diff.upserts) {
      const previous = this.items.get(item.key);
      if (previous && (previous.locked !== item.locked || previous.name !== item.name)) urgent = true;
      // A favourite changes the ranking: rebuild the favourite marks now too.
      if (previous && previous.favourite !== item.favourite) urgent = true;
      this.items.set(item.key, item);
    }
    this.revisionSeen = diff.revision;
    this.browseOrder = undefined;
    this.customerLabels = undefined;
    if (urgent) this.index = undefined;
    else this.stale = true;
    return 'applied';
  }

  /**
   * Sets the recently used items (keys, most recent first). Returns whether the empty query's order
   * changed. Main's `vault:searchPage` does not know them: the browse order here is the renderer's.
   */
  setRecents(keys: readonly string[]): boolean {
    const next = new Map(keys.map((key, rank) => [key, rank] as const));
    if (next.size === this.recents.size && [...next].every(([key, rank]) => this.recents.get(key) === rank)) return false;
    this.recents = next;
    this.browseOrder = undefined;
    return true;
  }

  /** Customer labels of the items (for the filter), sorted; items without one are not listed. */
  customers(): string[] {
    this.customerLabels ??= [...new Set([...this.items.values(), ...this.certificates.values()].map((item) => item.customer).filter((c): c is string => !!c))].sort((a, b) => a.localeCompare(b));
    return this.customerLabels;
  }

  /**
   * The same answer `vault:searchPage` gives for this catalog: hits from `offset` and the total —
   * except the empty query, which puts recently used items right after the favourites — only
   * `customer`'s items when given. `kind` 'certificates' searches the certificates instead (the
   * empty query lists them soonest expiry first: what is about to break comes first).
   */
  search(query: string, offset: number, limit: number, customer?: string, kind: LookupKind = 'secrets'): SearchPageDto {
    if (kind === 'certificates') return this.searchCertificates(query, offset, limit, customer);
    // The empty query needs no index (favourites, recents, then everything in the index's name
    // order): the first list after a warm start paints before the index is built.
    const browsing = queryTerms(query).length === 0;
    let answer: { items: Item[]; total: number };
    if (customer === undefined) answer = browsing ? this.browse(offset, limit) : this.currentIndex().search(query, limit, offset);
    else {
      // A filter over the whole ranking (not one page of it), so paging and the total stay right.
      const all = browsing ? this.browse(0, this.items.size).items : this.currentIndex().search(query, this.items.size, 0).items;
      const kept = all.filter((item) => (this.items.get(item.key) ?? item).customer === customer);
      answer = { items: kept.slice(offset, offset + limit), total: kept.length };
    }
    const hits = [];
    for (const doc of answer.items) {
      const item = this.items.get(doc.key) ?? doc;
      const nameMatches = nameMatchRanges(item.name, query);
      hits.push(nameMatches.length > 0 ? { item, nameMatches } : { item });
    }
    return { hits, total: answer.total };
  }

  /** How many items of `kind` match `query` (for "3 certificates match" beside the secrets). */
  count(query: string, kind: LookupKind, customer?: string): number {
    if (kind === 'certificates' && this.certificates.size === 0) return 0;
    return this.search(query, 0, 0, customer, kind).total;
  }

  /** Clears everything (the window stops trusting its copy, e.g. the bridge reconnects). */
  clear(): void {
    this.items = new Map();
    this.certificates = new Map();
    this.certificateIndex = undefined;
    this.certificateOrder = undefined;
    this.revisionSeen = -1;
    this.index = undefined;
    this.browseOrder = undefined;
    this.customerLabels = undefined;
  }

  /** The empty query's order: favourites, then recently used (most recent first), then the rest; each by lower-case name, then vault. */
  private browse(offset: number, limit: number): { items: Item[]; total: number } {
    this.browseOrder ??= this.sortedForBrowse();
    return { items: this.browseOrder.slice(offset, offset + limit), total: this.browseOrder.length };
  }

  private sortedForBrowse(): Item[] {
    const group = (item: Item) => (item.favourite ? '0' : this.recents.has(item.key) ? `1${String(this.recents.get(item.key)).padStart(4, '0')}` : '2');
    const keyed = [...this.items.values()].map((item) => ({ item, sortKey: `${group(item)}${item.name.toLowerCase()}\u0000${item.vault.toLowerCase()}` }));
    keyed.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
    return keyed.map((k) => k.item);
  }

  /** The certificates' answer: same index code and paging as the secrets, its own (small) index. */
  private searchCertificates(query: string, offset: number, limit: number, customer: string | undefined): SearchPageDto {
    let ranked: Item[];
    if (queryTerms(query).length === 0) {
      ranked = this.certificateOrder ??= [...this.certificates.values()].sort((a, b) => (a.expiresOn ?? Infinity) - (b.expiresOn ?? Infinity) || a.name.localeCompare(b.name));
    } else {
      this.certificateIndex ??= new SecretSearchIndex([...this.certificates.values()]);
      ranked = this.certificateIndex.search(query, this.certificates.size, 0).items;
    }
    const kept = customer === undefined ? ranked : ranked.filter((item) => item.customer === customer);
    const hits = kept.slice(offset, offset + limit).map((item) => {
      const nameMatches = nameMatchRanges(item.name, query);
      return nameMatches.length > 0 ? { item, nameMatches } : { item };
    });
    return { hits, total: kept.length };
  }

  private currentIndex(): SecretSearchIndex<Item> {
    const now = this.now();
    if (this.index && this.stale && now - this.builtAt >= this.rebuildIntervalMs) this.index = undefined;
    if (!this.index) {
      // Items keep their object identity across rebuilds, so tokenisation is reused (see the index).
      this.index = new SecretSearchIndex([...this.items.values()]);
      this.index.setFavourites(new Set([...this.items.values()].filter((item) => item.favourite).map((item) => item.key)));
      this.builtAt = now;
      this.stale = false;
    }
    return this.index;
  }
}
