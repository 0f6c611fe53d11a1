import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../../helpers/fakes/secret-store.fake.js';
import { CACHE_KEY_ENTRY, CatalogCache, FIRST_SCREEN_FILE_NAME } from '../../../../../main/services/catalog-cache/catalog-cache.js';
import type { VaultServiceDeps } from '../../../../../main/services/vault/vault.service.js';
import { MemoryFavourites } from '../../../../helpers/fakes/favourites.fake.js';
import { openCache } from '../../../../../main/services/catalog-cache/catalog-cache.codec.js';
import { kvErrorBodies } from './fake-key-vault.transport.js';
import { setup } from './vault-service.setup.js';
import { waitUntil } from '../../../../helpers/wait-until.js';

const envs: ReturnType<typeof setup>[] = [];
let dir: string;
let secrets: MemorySecretStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jit-vault-cache-'));
  secrets = new MemorySecretStore();
});
afterEach(async () => {
  for (const env of envs.splice(0)) {
    env.service.dispose();
    await env.session.dispose();
  }
  rmSync(dir, { recursive: true, force: true });
});

const file = () => join(dir, 'catalog-cache.bin');
const firstScreenFile = () => join(dir, FIRST_SCREEN_FILE_NAME);
function start(overrides: Partial<VaultServiceDeps> = {}) {
  const cache = new CatalogCache({ file: file(), secrets });
  const env = setup({ cache, cacheSaveDelayMs: 2000, ...overrides });
  envs.push(env);
  return { env, cache };
}

/** A first run: lists kv-standing (`standing` items, 60 by default) and the unlocked kv-pim (`pim`, 30), then the cache is written. */
async function firstRun(standing = 60, overrides: Partial<VaultServiceDeps> = {}, pim = 30) {
  const { env } = start(overrides);
  await env.service.init();
  env.fakes.standing.seed(standing, 'std');
  env.fakes.pim.seed(pim, 'pim');
  env.unlock('kv-pim');
  await env.service.refresh();
  await env.clock.advance(2000);
  await waitFor(() => readFileSafe(firstScreenFile()) !== undefined);
  return env;
}

function readFileSafe(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Waits for the debounced save's real file I/O (no timing is asserted). */
const waitFor = (condition: () => boolean) => waitUntil('the cache file', condition, { intervalMs: 5, timeoutMs: 5000 });

describe('VaultService with the encrypted catalog cache (warm start)', () => {
  it('shows the last catalog at once, marked with its listing time, until a refresh replaces it', async () => {
    const first = await firstRun();
    const listedAt = first.service.vaultStatuses()[0]!.listedAt!;
    const plaintext = openCache(readFileSync(file()), (await secrets.get(CACHE_KEY_ENTRY))!);
    expect(plaintext).toContain('std-000');
    expect(plaintext).not.toContain('value-of-'); // the fake vault's values: never in the cache

    const { env } = start();
    await env.service.restoreCache();
    // Before any request: standing items with their metadata, the PIM vault's as locked names.
    expect(env.fakes.standing.seen).toHaveLength(0);
    const statuses = env.service.vaultStatuses().map((s) => [s.name, s.itemCount, s.namesAsOf]);
    expect(statuses).toEqual([
      ['kv-standing', 60, listedAt],
      ['kv-pim', 30, expect.any(Number)],
      ['kv-other', 0, undefined],
    ]);
    const standing = env.service.searchHits('std-001').hits[0]!.item;
    expect(standing).toMatchObject({ name: 'std-001', locked: false, tags: { index: '1' } });
    expect(env.service.searchHits('pim-001').hits[0]?.item).toMatchObject({ name: 'pim-001', locked: true });
    expect(env.service.searchHits('pim-001').hits[0]!.item.tags).toBeUndefined();

    env.fakes.standing.seed(61, 'std');
    await env.service.refresh(['kv-standing']);
    expect(env.service.vaultStatuses()[0]).toMatchObject({ itemCount: 61, listing: 'listed' });
    expect(env.service.vaultStatuses()[0]!.namesAsOf).toBeUndefined();
  });

  it('paints the first screen before the whole cache: favourites, recents and the first names, with each vault\'s count', async () => {
    const recents = async () => ['kv-standing/std-140'];
    await firstRun(150, { favourites: new MemoryFavourites(['kv-standing/std-149']), recents });
    const { env } = start({ favourites: new MemoryFavourites(['kv-standing/std-149']), recents });
    await env.service.init();
    await env.service.restoreCache();
    const names = env.service.items().map((i) => i.name);
    // The favourite, then the recent item, then the first 100 other names in order (pim-… before std-…).
    const firstHundred = [...Array.from({ length: 30 }, (_, i) => `pim-${String(i).padStart(3, '0')}`), ...Array.from({ length: 70 }, (_, i) => `std-${String(i).padStart(3, '0')}`)];
    expect(new Set(names)).toEqual(new Set(['std-149', 'std-140', ...firstHundred]));
    expect(names[0]).toBe('std-149');
    // The vault cards count the whole cached listing, not the rows painted first.
    expect(env.service.vaultStatuses().map((s) => [s.name, s.itemCount, s.listing])).toEqual([
      ['kv-standing', 150, 'idle'],
      ['kv-pim', 30, 'idle'],
      ['kv-other', 0, 'idle'],
    ]);
    // The window took its first snapshot: the whole cached catalog follows on the next turn.
    expect(env.service.snapshot.current().items).toHaveLength(102);
    await env.clock.advance(0);
    await env.service.cacheRestored();
    expect(env.service.items()).toHaveLength(180);
    expect(env.service.snapshot.current().items).toHaveLength(180);
    expect(env.fakes.standing.seen).toHaveLength(0);
  });

  it('a listing waits for the whole cached catalog behind the first screen, then replaces it', async () => {
    await firstRun(150);
    const { env } = start();
    await env.service.restoreCache();
    expect(env.service.items()).toHaveLength(100);
    env.fakes.standing.seed(151, 'std');
    await env.service.refresh(['kv-standing']);
    expect(env.service.vaultStatuses()[0]).toMatchObject({ itemCount: 151, listing: 'listed' });
    expect(env.service.vaultStatuses()[1]).toMatchObject({ itemCount: 30, namesAsOf: expect.any(Number) });
    expect(env.service.items()).toHaveLength(181);
  });

  it('restores the whole cached catalog one vault per turn of the event loop (the main process answers IPC in between)', async () => {
    await firstRun(150, {}, 150);
    const { env } = start();
    await env.service.restoreCache();
    expect(env.service.items()).toHaveLength(100); // pim-000…pim-099: the first screen
    let midway: number | undefined;
    env.service.snapshot.on('diff', () => {
      if (midway === undefined) setImmediate(() => (midway ??= env.service.items().length));
    });
    await env.service.cacheRestored();
    expect(midway).toBe(250); // kv-standing whole, kv-pim still its first screen
    expect(env.service.items()).toHaveLength(300);
  });

  it('a sign-out before the whole cache was restored restores nothing more', async () => {
    await firstRun(150);
    const { env } = start();
    await env.service.restoreCache();
    // As AccountAccess signs out: the catalog forgets the vaults, then the cache goes.
    env.service.forget();
    await env.service.forgetCache();
    await env.clock.advance(5000);
    await env.service.cacheRestored();
    expect(env.service.items()).toHaveLength(0);
    expect(readFileSafe(file())).toBeUndefined();
    expect(readFileSafe(firstScreenFile())).toBeUndefined();
  });

  it('keeps a secret\'s version count once its versions were listed: shown with the item, cached, kept by a relisting', async () => {
    const { env } = start();
    env.fakes.standing.seed(3, 'std');
    env.fakes.standing.add({ name: 'std-001', value: 'value-of-std-001', tags: { index: '1' }, created: 1_700_000_001, updated: 1_700_000_001, versions: [{ version: 'v1', value: 'CANARY-old-version-value', created: 1_600_000_000 }] });
    await env.service.refresh(['kv-standing']);
    expect(env.service.searchHits('std-001').hits[0]!.item.versions).toBeUndefined();
    expect(await env.service.listVersions('kv-standing', 'std-001')).toHaveLength(2);
    expect(env.service.searchHits('std-001').hits[0]!.item.versions).toBe(2);
    await env.service.refresh(['kv-standing']); // same metadata: the stored object, and its count, stay
    expect(env.service.searchHits('std-001').hits[0]!.item.versions).toBe(2);
    await env.clock.advance(2000);
    await waitFor(() => readFileSafe(firstScreenFile()) !== undefined);
    expect(openCache(readFileSync(file()), (await secrets.get(CACHE_KEY_ENTRY))!)).not.toContain('CANARY');

    const { env: next } = start();
    await next.service.restoreCache();
    expect(next.service.searchHits('std-001').hits[0]!.item).toMatchObject({ name: 'std-001', versions: 2 });
  });

  // Before: cached names of a PIM vault dropped out when its listing was refused, unlike the names
  // kept in the session for the same vault (two "as of" fields, two rules).
  it('a locked PIM vault keeps its cached names when its listing is refused, names as of their listing', async () => {
    const first = await firstRun();
    const listedAt = first.service.vaultStatuses()[1]!.listedAt!;
    const { env } = start();
    await env.service.restoreCache();
    env.fakes.pim.failures.push({ status: 403, body: kvErrorBodies.rbac });
    await env.service.refresh(['kv-pim']);
    expect(env.service.vaultStatuses()[1]).toMatchObject({ listing: 'failed', itemCount: 30, namesAsOf: listedAt });
    expect(env.service.searchHits('pim-001').hits[0]!.item).toMatchObject({ name: 'pim-001', locked: true, namesAsOf: listedAt });
  });

  it('a cached vault the user may no longer list drops out; one that failed for another reason stays', async () => {
    await firstRun();
    const { env } = start();
    await env.service.restoreCache();
    env.fakes.standing.failures.push({ status: 503, body: { error: { code: 'ServiceUnavailable', message: 'busy' } } });
    await env.service.refresh(['kv-standing']);
    expect(env.service.vaultStatuses()[0]).toMatchObject({ listing: 'failed', itemCount: 60 });
    const { env: third } = start();
    await third.service.restoreCache();
    third.fakes.standing.failures.push({ status: 403, body: kvErrorBodies.rbac });
    await third.service.refresh(['kv-standing']);
    expect(third.service.vaultStatuses()[0]).toMatchObject({ listing: 'failed', itemCount: 0 });
    expect(third.service.searchHits('std').total).toBe(0);
  });

  it('sign-out deletes the cache and its key', async () => {
    const env = await firstRun();
    await env.session.lock('all', 'signed-out');
    await waitFor(() => readFileSafe(file()) === undefined);
    expect(secrets.keys()).toEqual([]);
  });

  // Before: the sign-out's own locks scheduled a save, and two seconds later an (empty) cache and a
  // fresh key were written again, so a signed-out machine kept a catalog-cache key in the keychain.
  it('after sign-out nothing is written again: the locks of the sign-out itself schedule no save', async () => {
    const env = await firstRun();
    await env.session.lock('all', 'signed-out');
    env.service.forget();
    await env.service.cacheSettled();
    await env.clock.advance(5000);
    await env.service.cacheSettled();
    expect(readFileSafe(file())).toBeUndefined();
    expect(secrets.keys()).toEqual([]);
  });
});
