import type { CachedSecret, FirstScreenRecord } from '../catalog-cache/catalog-cache.js';

/**
 * How many rows after the favourites and recently used items the first-screen record keeps: the
 * popup's first page (the renderer's search store asks for 100 rows at a time), far more than the
 * ~9 rows a 520×460 popup shows.
 */
export const FIRST_SCREEN_ROWS = 100;
/** At most this many favourites and as many recently used items ride along (more show when the catalog follows). */
const MAX_PINNED = 100;

/** One vault as the cache saves it. */
export interface CacheableVault {
  vault: string;
  listedAt: number;
  secrets: readonly CachedSecret[];
}

/**
 * The first screen of a catalog: the rows the popup shows first with an empty search box, in the
 * renderer's browse order (CatalogMirror: favourites, then recently used, then by lower-case name
 * and vault), plus each vault's item count. A warm start reads and paints this small record before
 * the whole catalog, so the first paint no longer costs per-item work for 10,000 items.
 * `favourites` and `recents` hold catalog keys (`vault/lower-case name`).
 */
export function firstScreenOf(
  vaults: readonly CacheableVault[],
  options: { savedAt: number; favourites: ReadonlySet<string>; recents: readonly string[]; rows?: number },
): FirstScreenRecord {
  const recents = new Set(options.recents.slice(0, MAX_PINNED));
  const picked = new Map<string, CachedSecret[]>(vaults.map((v) => [v.vault, []]));
  const rest: { vault: string; secret: CachedSecret; sortKey: string }[] = [];
  let favourites = 0;
  for (const { vault, secrets } of vaults) {
    const mine = picked.get(vault)!;
    for (const secret of secrets) {
      const lowerName = secret.name.toLowerCase();
      const key = `${vault}/${lowerName}`;
      if (options.favourites.has(key) && favourites < MAX_PINNED) {
        favourites++;
        mine.push(secret);
      } else if (recents.has(key)) mine.push(secret);
      else rest.push({ vault, secret, sortKey: `${lowerName}\u0000${vault.toLowerCase()}` });
    }
  }
  rest.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  for (const { vault, secret } of rest.slice(0, options.rows ?? FIRST_SCREEN_ROWS)) picked.get(vault)!.push(secret);
  return {
    savedAt: options.savedAt,
    vaults: vaults.map((v) => ({ name: v.vault, listedAt: v.listedAt, count: v.secrets.length, secrets: picked.get(v.vault)! })),
  };
}
