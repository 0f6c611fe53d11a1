import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KeyringSecretStore, MAX_CHUNK_UNITS } from '../../main/adapters/keyring.secret-store.js';
import { hasPrivateKeyring, keychainItems, listFiles, runAuthChild } from './auth-support.js';

/**
 * KeyringSecretStore against the REAL Secret Service: gnome-keyring in the private D-Bus session
 * that scripts/with-keyring.sh starts (`bash scripts/with-keyring.sh npx vitest run --project integration
 * test/integration/auth-keychain.test.ts`). secret-tool (libsecret) is the independent witness.
 */
const service = `JIT Vault test ${randomUUID()}`;
const tempDirs: string[] = [];

afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('KeyringSecretStore on gnome-keyring', () => {
  it('runs inside the private keyring session', () => {
    // Without it every test below would silently test nothing useful.
    expect(hasPrivateKeyring, 'run through scripts/with-keyring.sh').toBe(true);
  });

  it('round-trips a 20 kB value as manifest + chunks and delete leaves no item', async () => {
    const store = new KeyringSecretStore({ service });
    expect(await store.isAvailable()).toBe(true);
    const value = Array.from({ length: 20_000 }, (_, i) => String.fromCharCode(33 + ((i * 7) % 90))).join('') + 'é🔑';
    await store.set('big', value);
    expect(await store.get('big')).toBe(value);

    const items = await keychainItems(service);
    const chunks = items.filter((name) => name.startsWith('big#'));
    expect(items).toContain('big');
    expect(chunks.length).toBe(Math.ceil(value.length / MAX_CHUNK_UNITS));

    // A fresh store object (as after a restart) reads the same value.
    expect(await new KeyringSecretStore({ service }).get('big')).toBe(value);

    await store.set('big', 'small now');
    expect(await keychainItems(service)).toEqual(['big', 'big#b0']);
    await store.delete('big');
    expect(await keychainItems(service)).toEqual([]);
    expect(await store.get('big')).toBeUndefined();
  });

  it('without a reachable Secret Service: a clear unavailable error, and not one file written', async () => {
    const home = mkdtempSync(join(tmpdir(), 'jit-vault-nokeyring-'));
    tempDirs.push(home);
    const { code, result } = await runAuthChild<{ available: boolean; error?: string }>(
      { kind: 'store-roundtrip', service },
      { DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home, 'no-bus')}`, HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config'), XDG_RUNTIME_DIR: join(home, 'run') },
      { cwd: home },
    );
    expect(code).toBe(0);
    expect(result).toEqual({ available: false, error: 'SecretStoreUnavailableError' });
    // Pinned to the Secret Service: no kernel-keyring fallback, no file fallback.
    expect(listFiles(home)).toEqual([]);
    expect(await keychainItems(service)).toEqual([]);
  });
});
