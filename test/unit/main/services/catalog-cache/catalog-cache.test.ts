import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../../helpers/fakes/secret-store.fake.js';
import { CACHE_KEY_ENTRY, CatalogCache, FIRST_SCREEN_FILE_NAME, type CachedCatalog, type CachedSecret, type FirstScreenRecord } from '../../../../../main/services/catalog-cache/catalog-cache.js';
import { newCacheKey, openCache, sealCache } from '../../../../../main/services/catalog-cache/catalog-cache.codec.js';
import { RecordingLogger } from '../../ipc/ipc-test-kit.js';

const CANARY = 'CANARY-value-9d2e-never-on-disk';

function catalog(): CachedCatalog {
  return {
    savedAt: 1_700_000_100_000,
    vaults: [
      {
        name: 'kv-contoso-ops',
        listedAt: 1_700_000_000_000,
        secrets: [
          { name: 'dc01-root', contentType: 'password', tags: { host: 'dc01.contoso.example', username: 'root' }, updatedOn: 1_699_000_000_000, expiresOn: 1_800_000_000_000, enabled: true },
          { name: 'fw01-admin', createdOn: 1_690_000_000_000 },
        ],
      },
      { name: 'kv-fabrikam', listedAt: 1_699_999_000_000, secrets: [{ name: 'sql-sa', locked: true }] },
    ],
  };
}

/** The first screen of `catalog()`: one row of the first vault, with each vault's whole count. */
function firstScreen(): FirstScreenRecord {
  const whole = catalog();
  return { savedAt: whole.savedAt, vaults: whole.vaults.map((v) => ({ ...v, count: v.secrets.length, secrets: v.secrets.slice(0, 1) })) };
}

describe('CatalogCache (encrypted catalog metadata for a warm start)', () => {
  let dir: string;
  let file: string;
  let firstFile: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jit-cache-'));
    file = join(dir, 'catalog-cache.bin');
    firstFile = join(dir, FIRST_SCREEN_FILE_NAME);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips through an AES-256-GCM file whose key lives in the keychain; nothing readable on disk', async () => {
    const secrets = new MemorySecretStore();
    await new CatalogCache({ file, secrets }).save(catalog());
    expect(secrets.keys()).toEqual([CACHE_KEY_ENTRY]);
    const raw = readFileSync(file, 'latin1');
    expect(raw.startsWith('JVCC')).toBe(true);
    expect(raw).not.toContain('dc01');
    expect(raw).not.toContain('kv-contoso');
    const reopened = new CatalogCache({ file, secrets });
    expect(await reopened.load()).toEqual(catalog());
    expect(reopened.state).toBe('on');
  });

  it('seals the first-screen record beside the catalog with the same key; nothing readable in it either', async () => {
    const secrets = new MemorySecretStore();
    await new CatalogCache({ file, secrets }).save(catalog(), firstScreen());
    const raw = readFileSync(firstFile, 'latin1');
    expect(raw.startsWith('JVCC')).toBe(true);
    expect(raw).not.toContain('dc01');
    const reopened = new CatalogCache({ file, secrets });
    expect(await reopened.loadFirstScreen()).toEqual(firstScreen());
    expect(await reopened.load()).toEqual(catalog());
    // Saved again without a record: the old one goes (it would show an earlier catalog's rows first).
    await reopened.save(catalog());
    expect(existsSync(firstFile)).toBe(false);
    expect(await reopened.loadFirstScreen()).toBeUndefined();
  });

  it('the two files cannot stand in for each other (their kind is sealed with them)', async () => {
    const secrets = new MemorySecretStore();
    await new CatalogCache({ file, secrets }).save(catalog(), firstScreen());
    const catalogBytes = readFileSync(file);
    writeFileSync(file, readFileSync(firstFile));
    writeFileSync(firstFile, catalogBytes);
    const logger = new RecordingLogger();
    const cache = new CatalogCache({ file, secrets, logger });
    expect(await cache.loadFirstScreen()).toBeUndefined();
    expect(await cache.load()).toBeUndefined();
    expect(logger.lines.map((l) => l.fields)).toEqual([{ reason: 'malformed', file: 'first-screen' }, { reason: 'malformed' }]);
    expect(existsSync(file) || existsSync(firstFile)).toBe(false);
  });

  it('never writes a value into the first-screen record either (canary scan of the decrypted record)', async () => {
    const secrets = new MemorySecretStore();
    const leaky = firstScreen();
    leaky.vaults[0]!.secrets.push({ name: 'vpn-psk', value: CANARY } as CachedSecret);
    await new CatalogCache({ file, secrets }).save(catalog(), leaky);
    const plaintext = openCache(readFileSync(firstFile), (await secrets.get(CACHE_KEY_ENTRY))!, 'first-screen');
    expect(plaintext).toContain('vpn-psk');
    expect(plaintext).not.toContain(CANARY);
    expect(readFileSync(firstFile, 'latin1')).not.toContain(CANARY);
  });

  it('ignores, deletes and rebuilds a tampered or foreign first-screen record; the catalog still opens', async () => {
    const secrets = new MemorySecretStore();
    const logger = new RecordingLogger();
    await new CatalogCache({ file, secrets }).save(catalog(), firstScreen());
    const bytes = readFileSync(firstFile);
    bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 0x01;
    writeFileSync(firstFile, bytes);
    const cache = new CatalogCache({ file, secrets, logger });
    expect(await cache.loadFirstScreen()).toBeUndefined();
    expect(logger.lines.at(-1)?.fields).toEqual({ reason: 'tampered', file: 'first-screen' });
    expect(existsSync(firstFile)).toBe(false);
    expect(await cache.load()).toEqual(catalog());

    writeFileSync(firstFile, sealCache(JSON.stringify(firstScreen()), newCacheKey(), 'first-screen'));
    expect(await cache.loadFirstScreen()).toBeUndefined();
    expect(logger.lines.at(-1)?.fields).toEqual({ reason: 'foreign', file: 'first-screen' });
    await cache.save(catalog(), firstScreen());
    expect(await new CatalogCache({ file, secrets }).loadFirstScreen()).toEqual(firstScreen());
  });

  it('a record without its counts, or with a value field, is not a first screen', async () => {
    const secrets = new MemorySecretStore();
    const key = newCacheKey();
    await secrets.set(CACHE_KEY_ENTRY, key);
    writeFileSync(firstFile, sealCache(JSON.stringify(catalog()), key, 'first-screen'));
    expect(await new CatalogCache({ file, secrets }).loadFirstScreen()).toBeUndefined();
    const leaky = firstScreen() as unknown as { vaults: { secrets: object[] }[] };
    leaky.vaults[0]!.secrets[0] = { name: 'x', value: CANARY };
    writeFileSync(firstFile, sealCache(JSON.stringify(leaky), key, 'first-screen'));
    expect(await new CatalogCache({ file, secrets }).loadFirstScreen()).toBeUndefined();
    expect(existsSync(firstFile)).toBe(false);
  });

  it('removes the binary file earlier versions wrote under a .json name', async () => {
    const secrets = new MemorySecretStore();
    const legacy = join(dir, 'catalog-cache.json');
    writeFileSync(legacy, sealCache(JSON.stringify(catalog()), newCacheKey()));
    await new CatalogCache({ file, secrets }).save(catalog());
    expect(await new CatalogCache({ file, secrets }).load()).toEqual(catalog());
    expect(existsSync(legacy)).toBe(false);
  });

  it('never writes a value: fields beyond the metadata are dropped (canary scan of the decrypted file)', async () => {
    const secrets = new MemorySecretStore();
    const leaky = catalog();
    leaky.vaults[0]!.secrets.push({ name: 'vpn-psk', value: CANARY, secretValue: CANARY } as CachedSecret);
    await new CatalogCache({ file, secrets }).save(leaky);
    const plaintext = openCache(readFileSync(file), (await secrets.get(CACHE_KEY_ENTRY))!);
    expect(plaintext).toContain('vpn-psk');
    expect(plaintext).not.toContain(CANARY);
    expect(readFileSync(file, 'latin1')).not.toContain(CANARY);
  });

  // Before: a save already waiting for its key could write the file and create the key after a
  // sign-out's clear had run, so the catalog outlived the sign-out.
  it('a clear that comes while a save is under way leaves neither the key nor the file', async () => {
    const secrets = new MemorySecretStore();
    const cache = new CatalogCache({ file, secrets });
    const saving = cache.save(catalog());
    const clearing = cache.clear();
    await Promise.all([saving, clearing]);
    expect(secrets.keys()).toEqual([]);
    expect(existsSync(file)).toBe(false);
  });

  it('ignores, deletes and rebuilds a tampered file', async () => {
    const secrets = new MemorySecretStore();
    const logger = new RecordingLogger();
    await new CatalogCache({ file, secrets }).save(catalog());
    const bytes = readFileSync(file);
    bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0x01; // a ciphertext byte
    writeFileSync(file, bytes);
    const cache = new CatalogCache({ file, secrets, logger });
    expect(await cache.load()).toBeUndefined();
    expect(existsSync(file)).toBe(false);
    expect(logger.lines).toContainEqual({ level: 'warn', message: 'catalog cache ignored; it will be rebuilt', fields: { reason: 'tampered' } });
    await cache.save(catalog());
    expect(await new CatalogCache({ file, secrets }).load()).toEqual(catalog());
  });

  it('ignores a foreign file (another key: another user or machine), and one whose key left the keychain', async () => {
    const logger = new RecordingLogger();
    writeFileSync(file, sealCache(JSON.stringify(catalog()), newCacheKey()));
    const secrets = new MemorySecretStore();
    await secrets.set(CACHE_KEY_ENTRY, newCacheKey());
    expect(await new CatalogCache({ file, secrets, logger }).load()).toBeUndefined();
    expect(logger.lines.at(-1)?.fields).toEqual({ reason: 'foreign' });
    expect(existsSync(file)).toBe(false);

    writeFileSync(file, sealCache(JSON.stringify(catalog()), newCacheKey()));
    expect(await new CatalogCache({ file, secrets: new MemorySecretStore() }).load()).toBeUndefined();
    expect(existsSync(file)).toBe(false);
  });

  it('ignores a file that opens but does not hold a catalog, or is not ours at all', async () => {
    const secrets = new MemorySecretStore();
    const key = newCacheKey();
    await secrets.set(CACHE_KEY_ENTRY, key);
    writeFileSync(file, sealCache(JSON.stringify({ savedAt: 1, vaults: [{ name: 'kv', listedAt: 1, secrets: [{ name: 'x', value: CANARY }] }] }), key));
    expect(await new CatalogCache({ file, secrets }).load()).toBeUndefined();
    writeFileSync(file, 'not json');
    expect(await new CatalogCache({ file, secrets }).load()).toBeUndefined();
    expect(existsSync(file)).toBe(false);
  });

  it('ignores, deletes and rebuilds a format-1 file (JSON envelope with base64 fields, written by the previous version)', async () => {
    const secrets = new MemorySecretStore();
    await secrets.set(CACHE_KEY_ENTRY, newCacheKey());
    writeFileSync(file, JSON.stringify({ format: 'jit-vault-catalog-cache', version: 1, keyId: '0123456789abcdef', iv: 'AAAAAAAAAAAAAAAA', tag: 'AAAAAAAAAAAAAAAAAAAAAA==', data: 'AAAA' }));
    const logger = new RecordingLogger();
    const cache = new CatalogCache({ file, secrets, logger });
    expect(await cache.load()).toBeUndefined();
    expect(existsSync(file)).toBe(false);
    expect(logger.lines.at(-1)?.fields).toEqual({ reason: 'malformed' });
    await cache.save(catalog());
    expect(await new CatalogCache({ file, secrets }).load()).toEqual(catalog());
  });

  it('without a keychain there is no cache, and it says so', async () => {
    const secrets = new MemorySecretStore({ available: false });
    const cache = new CatalogCache({ file, secrets });
    await cache.save(catalog());
    expect(existsSync(file)).toBe(false);
    expect(await cache.load()).toBeUndefined();
    expect(cache.state).toBe('no-keychain');
  });

  it('sign-out clears the file and the key', async () => {
    const secrets = new MemorySecretStore();
    const cache = new CatalogCache({ file, secrets });
    await cache.save(catalog(), firstScreen());
    await cache.clear();
    expect(existsSync(file)).toBe(false);
    expect(existsSync(firstFile)).toBe(false);
    expect(secrets.keys()).toEqual([]);
  });
});
