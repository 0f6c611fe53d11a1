import type { CatalogDiffDto, CatalogItemDto, CatalogSnapshotDto, SearchPageDto } from '../../../shared/domain/types.js';
import { nameMatchRanges, SecretSearchIndex } from '../../../shared/search/secret-search.index.js';

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
    if (urgent) this.index = undefined;
    else this.stale = true;
    return 'applied';
  }

  /** The same answer `vault:searchPage` gives for this catalog: hits from `offset` and the total. */
  search(query: string, offset: number, limit: number): SearchPageDto {
    const answer = this.currentIndex().search(query, limit, offset);
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
