import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FavouritesFile } from '../../../../../main/services/settings/favourites-file.js';
import { FavouritesStore } from '../../../../../main/services/settings/favourites-store.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'jit-favourites-'));
  file = path.join(dir, 'profile', 'favourites.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const onDisk = () => JSON.parse(readFileSync(file, 'utf8')) as unknown;

describe('FavouritesStore', () => {
  it('persists names only, and a new store reads them back', async () => {
    const store = new FavouritesStore({ file });
    expect(await store.load()).toEqual([]);
    await store.add({ vault: 'kv-contoso-servers', name: 'dc01-administrator' });
    await store.add({ vault: 'kv-contoso-network', name: 'core-switch-admin' });
    expect(onDisk()).toEqual({
      version: 1,
      favourites: [
        { vault: 'kv-contoso-servers', name: 'dc01-administrator' },
        { vault: 'kv-contoso-network', name: 'core-switch-admin' },
      ],
    });
    expect(await new FavouritesStore({ file }).load()).toHaveLength(2);
    // Atomic writes leave no temp files behind.
    expect(readdirSync(path.dirname(file))).toEqual(['favourites.json']);
  });

  it('compares names case-insensitively and toggles', async () => {
    const store = new FavouritesStore({ file });
    await store.add({ vault: 'kv-contoso-servers', name: 'esxi-root' });
    await store.add({ vault: 'KV-Contoso-Servers', name: 'ESXI-ROOT' });
    expect(await store.load()).toHaveLength(1);
    expect(await store.toggle({ vault: 'kv-contoso-servers', name: 'Esxi-Root' })).toBe(false);
    expect(await store.load()).toEqual([]);
    expect(await store.toggle({ vault: 'kv-contoso-servers', name: 'esxi-root' })).toBe(true);
    expect(await store.has({ vault: 'kv-contoso-servers', name: 'esxi-root' })).toBe(true);
  });

  it('keeps every concurrent change', async () => {
    const store = new FavouritesStore({ file });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.add({ vault: 'kv-contoso-servers', name: `secret-${i}` })));
    expect((await new FavouritesStore({ file }).load()).map((ref) => ref.name)).toEqual(Array.from({ length: 20 }, (_, i) => `secret-${i}`));
  });

  it('refuses anything that is not a Key Vault name (no values, no URLs)', async () => {
    const store = new FavouritesStore({ file });
    await expect(store.add({ vault: 'kv-contoso-servers', name: 'Copper Lantern 83#' })).rejects.toThrow(TypeError);
    await expect(store.add({ vault: 'https://kv.vault.azure.net', name: 'x' })).rejects.toThrow(TypeError);
    expect(existsSync(file)).toBe(false);
  });

  it('copies a damaged file aside before replacing it, and reports the problem', async () => {
    const damaged = '{"version":1,"favourites":[{"vault":"kv-a"';
    writeFileSync(path.join(dir, 'favourites.json'), damaged);
    const store = new FavouritesStore({ file: path.join(dir, 'favourites.json') });
    expect(await store.load()).toEqual([]);
    expect(store.problem?.code).toBe('settings-invalid');
    expect(readFileSync(path.join(dir, 'favourites.json.invalid'), 'utf8')).toBe(damaged);
    await store.add({ vault: 'kv-contoso-servers', name: 'esxi-root' });
    expect(readFileSync(path.join(dir, 'favourites.json.invalid'), 'utf8')).toBe(damaged);
  });
});

describe('FavouritesFile (the VaultService port)', () => {
  it('round-trips vault/name keys through the same file and refuses malformed keys', async () => {
    const port = new FavouritesFile({ file });
    expect(await port.load()).toEqual([]);
    await port.save(['kv-contoso-servers/dc01-administrator', 'kv-fabrikam-ops/erp-admin', 'kv-contoso-servers/DC01-Administrator']);
    expect(onDisk()).toEqual({
      version: 1,
      favourites: [
        { vault: 'kv-contoso-servers', name: 'dc01-administrator' },
        { vault: 'kv-fabrikam-ops', name: 'erp-admin' },
      ],
    });
    expect(await new FavouritesFile({ file }).load()).toEqual(['kv-contoso-servers/dc01-administrator', 'kv-fabrikam-ops/erp-admin']);
    await expect(port.save(['no-slash-here'])).rejects.toThrow(TypeError);
    expect(await new FavouritesFile({ file }).load()).toHaveLength(2);
  });
});
