import type { CatalogDiffDto, CatalogItemDto, CatalogSnapshotDto, SearchPageDto } from '../../../shared/domain/types.js';
import { nameMatchRanges, queryTerms, SecretSearchIndex } from '../../../shared/search/secret-search.index.js';

/** How often, at most, the index is rebuilt while diffs of a listing stream in (main uses the same). */
export const REBUILD_INTERVAL_MS = 300;

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
  private revisionSeen = -1;
  private index: SecretSearchIndex<Item> | undefined;
  private builtAt = 0;
  private stale = false;
  /** The empty query's order while no index exists (dropped with every change). */
  private browseOrder: Item[] | undefined;

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

  /** Replaces everything with a whole snapshot (unless it is older than what the mirror holds). */
  reset(snapshot: Omit<CatalogSnapshotDto, 'items'> & { items: Item[] }): void {
    if (snapshot.revision < this.revisionSeen) return;
    this.items = new Map(snapshot.items.map((item) => [item.key, item]));
    this.revisionSeen = snapshot.revision;
    this.index = undefined;
    this.browseOrder = undefined;
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
    if (urgent) this.index = undefined;
    else this.stale = true;
    return 'applied';
  }

  /** The same answer `vault:searchPage` gives for this catalog: hits from `offset` and the total. */
  search(query: string, offset: number, limit: number): SearchPageDto {
    // The empty query needs no index (favourites, then everything in the index's name order): the
    // first list after a warm start paints before the index is built.
    const answer = queryTerms(query).length === 0 && !this.index ? this.browse(offset, limit) : this.currentIndex().search(query, limit, offset);
    const hits = [];
    for (const doc of answer.items) {
      const item = this.items.get(doc.key) ?? doc;
      const nameMatches = nameMatchRanges(item.name, query);
      hits.push(nameMatches.length > 0 ? { item, nameMatches } : { item });
    }
    return { hits, total: answer.total };
  }

  /** Clears everything (the window stops trusting its copy, e.g. the bridge reconnects). */
  clear(): void {
    this.items = new Map();
    this.revisionSeen = -1;
    this.index = undefined;
    this.browseOrder = undefined;
  }

  /** The index's order for an empty query: favourites first, each group by lower-case name, then vault. */
  private browse(offset: number, limit: number): { items: Item[]; total: number } {
    this.browseOrder ??= this.sortedForBrowse();
    return { items: this.browseOrder.slice(offset, offset + limit), total: this.browseOrder.length };
  }

  private sortedForBrowse(): Item[] {
    const keyed = [...this.items.values()].map((item) => ({ item, sortKey: `${item.favourite ? 0 : 1}${item.name.toLowerCase()}\u0000${item.vault.toLowerCase()}` }));
    keyed.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
    return keyed.map((k) => k.item);
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
