import { describe, expect, it } from 'vitest';
import type { CatalogItemDto } from '../../../../../shared/domain/types.js';
import { FIRST_SCREEN_ROWS, firstScreenOf, type CacheableVault } from '../../../../../main/services/vault/catalog-first-screen.js';
import { CatalogMirror } from '../../../../../renderer/src/state/catalog-mirror.js';

/** Three vaults with mixed-case, interleaved names (the order must follow the renderer's, not insertion). */
function catalog(): CacheableVault[] {
  const names = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => ({ name: `${i % 2 ? prefix.toUpperCase() : prefix}-${String((i * 37) % count).padStart(3, '0')}` }));
  return [
    { vault: 'kv-b', listedAt: 2, secrets: names('srv', 300) },
    { vault: 'kv-a', listedAt: 1, secrets: names('srv', 120) },
    { vault: 'kv-c', listedAt: 3, secrets: names('app', 80) },
  ];
}

function mirrorOf(vaults: readonly CacheableVault[], favourites: ReadonlySet<string>, recents: string[]): CatalogMirror {
  const items: CatalogItemDto[] = vaults.flatMap(({ vault, secrets }) =>
    secrets.map((s) => {
      const key = `${vault}/${s.name.toLowerCase()}`;
      return { key, vault, name: s.name, locked: false, favourite: favourites.has(key), staleness: [] };
    }),
  );
  const mirror = new CatalogMirror();
  mirror.reset({ type: 'reset', revision: 0, items });
  mirror.setRecents(recents);
  return mirror;
}

describe('firstScreenOf (the catalog cache\'s first-screen record)', () => {
  it('holds exactly the rows the popup shows first: its first page equals the whole catalog\'s, in the renderer\'s order', () => {
    const vaults = catalog();
    const favourites = new Set(['kv-c/app-079', 'kv-b/srv-299']);
    const recents = ['kv-a/srv-119', 'kv-b/srv-250', 'kv-c/app-079'];
    const record = firstScreenOf(vaults, { savedAt: 9, favourites, recents });
    const shown = record.vaults.map((v) => ({ vault: v.name, listedAt: v.listedAt, secrets: v.secrets }));
    const pinned = favourites.size + recents.filter((key) => !favourites.has(key)).length;
    expect(shown.reduce((n, v) => n + v.secrets.length, 0)).toBe(pinned + FIRST_SCREEN_ROWS);

    const whole = mirrorOf(vaults, favourites, recents).search('', 0, pinned + FIRST_SCREEN_ROWS);
    const first = mirrorOf(shown, favourites, recents).search('', 0, pinned + FIRST_SCREEN_ROWS);
    expect(first.hits.map((h) => h.item.key)).toEqual(whole.hits.map((h) => h.item.key));
    // Each vault keeps its whole count and listing time.
    expect(record.vaults.map((v) => [v.name, v.count, v.listedAt])).toEqual([
      ['kv-b', 300, 2],
      ['kv-a', 120, 1],
      ['kv-c', 80, 3],
    ]);
  });

  it('a small catalog is its own first screen', () => {
    const vaults: CacheableVault[] = [{ vault: 'kv', listedAt: 1, secrets: [{ name: 'b' }, { name: 'a', tags: { host: 'h' } }] }];
    expect(firstScreenOf(vaults, { savedAt: 2, favourites: new Set(), recents: [] })).toEqual({ savedAt: 2, vaults: [{ name: 'kv', listedAt: 1, count: 2, secrets: [{ name: 'a', tags: { host: 'h' } }, { name: 'b' }] }] });
  });
});
