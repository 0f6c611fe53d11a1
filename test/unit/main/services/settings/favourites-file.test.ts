import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FavouritesFile } from '../../../../../main/services/settings/favourites-file.js';
import { Favourites } from '../../../../../main/services/vault/favourites.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'jit-favourites-'));
  file = path.join(dir, 'profile', 'favourites.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const onDisk = () => JSON.parse(readFileSync(file, 'utf8')) as unknown;

describe('FavouritesFile (the VaultService favourites port)', () => {
  it('persists names only, atomically, and a new file reads them back', async () => {
    const port = new FavouritesFile({ file });
    expect(await port.load()).toEqual([]);
    await port.save(['kv-contoso-servers/dc01-administrator', 'kv-fabrikam-ops/erp-admin']);
    expect(onDisk()).toEqual({
      version: 1,
      favourites: [
        { vault: 'kv-contoso-servers', name: 'dc01-administrator' },
        { vault: 'kv-fabrikam-ops', name: 'erp-admin' },
      ],
    });
    expect(await new FavouritesFile({ file }).load()).toEqual(['kv-contoso-servers/dc01-administrator', 'kv-fabrikam-ops/erp-admin']);
    // Atomic writes leave no temp files behind.
    expect(readdirSync(path.dirname(file))).toEqual(['favourites.json']);
  });

  it('refuses anything that is not two Key Vault names (no values, no URLs) and writes nothing', async () => {
    const port = new FavouritesFile({ file });
    await expect(port.save(['no-slash-here'])).rejects.toThrow(TypeError);
    await expect(port.save(['kv-contoso-servers/Copper Lantern 83#'])).rejects.toThrow(TypeError);
    await expect(port.save(['https://kv.vault.azure.net/x'])).rejects.toThrow(TypeError);
    expect(existsSync(file)).toBe(false);
  });

  it('copies a damaged file aside, reports the problem, and starts empty', async () => {
    const damaged = '{"version":1,"favourites":[{"vault":"kv-a"';
    const at = path.join(dir, 'favourites.json');
    writeFileSync(at, damaged);
    const port = new FavouritesFile({ file: at });
    expect(await port.load()).toEqual([]);
    expect(port.problem?.code).toBe('settings-invalid');
    expect(readFileSync(`${at}.invalid`, 'utf8')).toBe(damaged);
    await port.save(['kv-contoso-servers/esxi-root']);
    expect(readFileSync(`${at}.invalid`, 'utf8')).toBe(damaged);
  });
});

describe('Favourites over the favourites file', () => {
  it('keeps every concurrent change, compares names case-insensitively, and a restart reads them back', async () => {
    const favourites = new Favourites(new FavouritesFile({ file }));
    await favourites.load();
    await Promise.all(Array.from({ length: 20 }, (_, i) => favourites.set('kv-contoso-servers', `secret-${i}`, true)));
    await favourites.set('kv-contoso-servers', 'ESXI-Root', true);
    await favourites.set('kv-contoso-servers', 'esxi-root', true);
    const again = new Favourites(new FavouritesFile({ file }));
    await again.load();
    expect(again.all().size).toBe(21);
    expect(again.has('kv-contoso-servers', 'Esxi-Root')).toBe(true);
    expect(again.has('kv-contoso-servers', 'secret-19')).toBe(true);
  });
});
