import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CatalogItemDto, SearchHitDto, SearchPageDto } from '../../../shared/domain/types.js';
import { BridgeError, toBridgeError, unwrap, type JitVaultBridge } from '../bridge.js';
import type { CatalogMirror } from './catalog-mirror.js';
import type { LookupKind } from './certificate-lookup.js';

/** Rows fetched per `vault:searchPage` call. */
export const PAGE_SIZE = 100;

export interface SearchSlice {
  query: string;
  /** How many items match in all: the virtual list's length. */
  total: number;
  /** Sparse: index → hit, filled page by page as rows scroll into view. */
  rows: (SearchHitDto | undefined)[];
  activeIndex: number;
  /**
   * The key of the item the user selected. The selection follows the ITEM, not the row number:
   * when the list re-sorts (a favourite toggled, a vault listed) `activeIndex` moves to wherever
   * this item went, so the next Enter acts on the same item.
   */
  selectedKey: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** The query the rows on screen answer (they stay while the next query's answer is on its way). */
  shownQuery: string;
  error: BridgeError | null;
  /** Only this customer's items (the popup's filter); null: every customer. */
  customer: string | null;
  /** Secrets (default) or certificates: the quick lookup's kind filter. */
  kind: LookupKind;
  /** How many items of the OTHER kind match the query shown ("2 certificates match"); 0 when unknown. */
  otherKindMatches: number;
  setQuery(query: string): void;
  /** Searches the other kind (secrets / certificates) from the top. */
  setKind(kind: LookupKind): void;
  /** Filters by customer (null: all) and searches again from the top. */
  setCustomer(customer: string | null): void;
  /** The list shows rows [start, end): fetch the pages they need. */
  showRange(start: number, end: number): void;
  setActive(index: number): void;
  move(delta: number): void;
  /** Re-reads what is on screen (locks, unlocks, catalog changes) keeping the position. */
  refresh(): void;
  /** Replaces one item in place (favourite toggled). */
  patchItem(item: CatalogItemDto): void;
  activeHit(): SearchHitDto | undefined;
}

export type SearchStore = StoreApi<SearchSlice>;

/**
 * Search-as-you-type over every vault's catalog, paged so a 10,000-item catalog is browsable:
 * the list knows `total` and asks for pages as they come into view. A generation number drops
 * answers to an older query (typing fast must not show stale results).
 *
 * Once `mirror` holds main's catalog snapshot, pages are answered in the renderer, synchronously
 * in the keystroke's own event (same index code and order as main: shared/search), so the list
 * updates in the frame of the keystroke. Until then, and if main has no snapshot channel, pages
 * come over the bridge as before.
 */
export function createSearchStore(bridge: JitVaultBridge, mirror?: CatalogMirror): SearchStore {
  let generation = 0;
  let requested = new Set<number>();
  let lastRange: [number, number] = [0, PAGE_SIZE];
  /** A new query keeps the previous rows on screen until its first page replaces them all. */
  let replaceRows = false;

  return createStore<SearchSlice>()((set, get) => {
    async function fetchPage(page: number, gen: number): Promise<void> {
      const { query } = get();
      let answer: SearchPageDto;
      try {
        answer = await loadPage(query, page);
      } catch (error) {
        if (gen !== generation) return;
        requested.delete(page);
        // The previous query's rows must not stay on screen as if they answered this one.
        if (replaceRows) {
          replaceRows = false;
          set({ rows: [], total: 0 });
        }
        set({ status: 'error', error: toBridgeError(error) });
        return;
      }
      if (gen !== generation) return;
      showAnswer(query, page, answer);
    }

    function showAnswer(query: string, page: number, answer: SearchPageDto): void {
      const rows = replaceRows ? [] : get().rows.slice(0, answer.total);
      replaceRows = false;
      rows.length = answer.total;
      answer.hits.forEach((hit, i) => {
        rows[page * PAGE_SIZE + i] = hit;
      });
      const activeIndex = Math.min(get().activeIndex, Math.max(0, answer.total - 1));
      // The other kind's matches for the same words (a small count from the mirror, page 0 only).
      const other: LookupKind = get().kind === 'secrets' ? 'certificates' : 'secrets';
      const otherKindMatches = page !== 0 ? get().otherKindMatches : mirror && (other === 'certificates' || mirror.ready) ? mirror.count(query, other, get().customer ?? undefined) : 0;
      set({ rows, total: answer.total, status: 'ready', error: null, activeIndex, shownQuery: query, otherKindMatches });
      followSelection(generation); // answers to an older query were dropped before this point
    }

    /** Keeps `activeIndex` on the selected item; loads further pages while it is not among the loaded rows. */
    function followSelection(gen: number): void {
      const { rows, total, selectedKey, activeIndex } = get();
      if (selectedKey === null) {
        const key = rows[activeIndex]?.item.key;
        if (key) set({ selectedKey: key });
        return;
      }
      const at = rows.findIndex((hit) => hit?.item.key === selectedKey);
      if (at >= 0) {
        if (at !== activeIndex) set({ activeIndex: at });
        return;
      }
      const pages = Math.ceil(total / PAGE_SIZE);
      for (let page = 0; page < pages; page++) {
        if (requested.has(page)) continue;
        requestRange(page * PAGE_SIZE, page * PAGE_SIZE + 1);
        return;
      }
      // Every page is loaded (or asked for) and the item is not there: it left the results.
      if (rows.filter(Boolean).length >= total && gen === generation) set({ selectedKey: rows[activeIndex]?.item.key ?? null });
    }

    function loadPage(query: string, page: number): Promise<SearchPageDto> {
      return unwrap(bridge.vault.searchPage({ query, offset: page * PAGE_SIZE, limit: PAGE_SIZE }));
    }

    function requestRange(start: number, end: number): void {
      const gen = generation;
      const first = Math.floor(Math.max(0, start) / PAGE_SIZE);
      const last = Math.floor(Math.max(0, end - 1) / PAGE_SIZE);
      for (let page = first; page <= last; page++) {
        if (requested.has(page)) continue;
        requested.add(page);
        // Certificates are only ever in the mirror (from `cert:list`); secrets once main's snapshot arrived.
        if (mirror && (mirror.ready || get().kind === 'certificates')) {
          const { query, kind } = get();
          showAnswer(query, page, mirror.search(query, page * PAGE_SIZE, PAGE_SIZE, get().customer ?? undefined, kind));
        } else void fetchPage(page, gen);
      }
    }

    function restart(keepPosition: boolean): void {
      generation++;
      requested = new Set();
      const { activeIndex } = get();
      // Rows stay on screen until the answer arrives: no flash of placeholders on a refresh, and no
      // extra "Searching…" frame per keystroke while typing (that frame cost more than the search).
      replaceRows = !keepPosition;
      set(keepPosition ? { status: 'loading' } : { status: 'loading', activeIndex: 0, selectedKey: null });
      if (keepPosition) {
        requestRange(lastRange[0], lastRange[1]);
        requestRange(activeIndex, activeIndex + 1);
      } else {
        lastRange = [0, PAGE_SIZE];
        requestRange(0, PAGE_SIZE);
      }
    }

    return {
      query: '',
      total: 0,
      rows: [],
      activeIndex: 0,
      selectedKey: null,
      status: 'idle',
      shownQuery: '',
      error: null,
      customer: null,
      kind: 'secrets',
      otherKindMatches: 0,

      setQuery(query) {
        set({ query });
        restart(false);
      },

      setKind(kind) {
        if (kind === get().kind) return;
        set({ kind });
        restart(false);
      },

      setCustomer(customer) {
        if (customer === get().customer) return;
        set({ customer });
        restart(false);
      },

      showRange(start, end) {
        lastRange = [start, end];
        // Nothing searched yet (setQuery starts it), or nothing shown.
        if (get().status === 'idle' || end <= start) return;
        requestRange(start, Math.min(end, Math.max(get().total, PAGE_SIZE)));
      },

      setActive(index) {
        const { total } = get();
        if (total === 0) return;
        const activeIndex = Math.min(Math.max(0, index), total - 1);
        set({ activeIndex, selectedKey: get().rows[activeIndex]?.item.key ?? null });
      },

      move(delta) {
        get().setActive(get().activeIndex + delta);
      },

      refresh() {
        restart(true);
      },

      patchItem(item) {
        const rows = get().rows.slice();
        rows.length = get().rows.length;
        let changed = false;
        rows.forEach((hit, i) => {
          if (hit && hit.item.key === item.key) {
            rows[i] = { ...hit, item };
            changed = true;
          }
        });
        if (changed) set({ rows });
      },

      activeHit() {
        const { rows, activeIndex, selectedKey } = get();
        const hit = rows[activeIndex];
        // While the list re-sorts, the row under the cursor may briefly be another item: never act on it.
        return hit && (selectedKey === null || hit.item.key === selectedKey) ? hit : undefined;
      },
    };
  });
}
