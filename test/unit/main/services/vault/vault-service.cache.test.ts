import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../../helpers/fakes/secret-store.fake.js';
import { CACHE_KEY_ENTRY, CatalogCache } from '../../../../../main/services/catalog-cache/catalog-cache.js';
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

const file = () => join(dir, 'catalog-cache.json');
function start() {
  const cache = new CatalogCache({ file: file(), secrets });
  const env = setup({ cache, cacheSaveDelayMs: 2000 });
  envs.push(env);
  return { env, cache };
}

/** A first run: lists kv-standing (60) and the unlocked kv-pim (30), then the cache is written. */
async function firstRun() {
  const { env } = start();
  env.fakes.standing.seed(60, 'std');
  env.fakes.pim.seed(30, 'pim');
  env.unlock('kv-pim');
  await env.service.refresh();
  await env.clock.advance(2000);
  await waitFor(() => readFileSafe(file()) !== undefined);
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
    const statuses = env.service.vaultStatuses().map((s) => [s.name, s.itemCount, s.cachedAt]);
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
    expect(env.service.vaultStatuses()[0]!.cachedAt).toBeUndefined();
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
