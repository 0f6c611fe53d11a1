import { describe, expect, it } from 'vitest';
import {
  KeyringSecretStore,
  describeKeychainFailure,
  MAX_CHUNK_UNITS,
  splitIntoChunks,
  type KeyringEntry,
  type KeyringEntryFactory,
} from '../../../../main/adapters/keyring.secret-store.js';
import { SecretStoreUnavailableError } from '../../../../main/services/ports/secret-store.js';

/**
 * A stand-in for the OS keychain backend (the thing KeyringSecretStore talks to, not the thing
 * under test): a map of items, with a switch that makes the Nth write fail like a crash would.
 */
class FakeKeychain {
  readonly items = new Map<string, string>();
  writes = 0;
  failAtWrite: number | undefined;
  unavailable = false;
  /** The next N calls fail as if the Secret Service daemon dropped them. */
  dropNext = 0;

  factory: KeyringEntryFactory = (service, account) => {
    if (this.unavailable) throw new Error('Platform failure: DBus error: Failed to connect to socket');
    const id = `${service}/${account}`;
    const dropped = () => {
      if (this.dropNext > 0 && this.dropNext--) throw new Error('Platform failure: DBus error: Message recipient disconnected from message bus without replying');
    };
    const entry: KeyringEntry = {
      getPassword: async () => (dropped(), this.items.get(id) ?? null),
      setPassword: async (password) => {
        dropped();
        this.writes++;
        if (this.failAtWrite !== undefined && this.writes >= this.failAtWrite) throw new Error('simulated crash');
        this.items.set(id, password);
      },
      deletePassword: async () => this.items.delete(id),
    };
    return entry;
  };

  accounts(): string[] {
    return [...this.items.keys()].map((id) => id.slice(id.indexOf('/') + 1)).sort();
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function value(length: number, seed = 'x'): string {
  let text = '';
  for (let i = 0; text.length < length; i++) text += `${seed}${i.toString(36)}-`;
  return text.slice(0, length);
}

describe('KeyringSecretStore', () => {
  it('round-trips a 20 kB value in chunks that each fit Windows Credential Manager (2,560 bytes as UTF-16)', async () => {
    const keychain = new FakeKeychain();
    const store = new KeyringSecretStore({ service: 'test', entryFactory: keychain.factory });
    const big = value(20_000);
    await store.set('cache', big);
    expect(await store.get('cache')).toBe(big);
    const chunkItems = [...keychain.items.entries()].filter(([id]) => id.includes('#'));
    expect(chunkItems.length).toBe(Math.ceil(20_000 / MAX_CHUNK_UNITS));
    for (const [, item] of [...keychain.items.entries()]) {
      expect(Buffer.byteLength(item, 'utf16le')).toBeLessThanOrEqual(2560);
    }
  });

  it('never splits a surrogate pair across chunks', async () => {
    const keychain = new FakeKeychain();
    const store = new KeyringSecretStore({ service: 'test', entryFactory: keychain.factory, maxChunkUnits: 5 });
    const emoji = 'a🔑b🔑🔑c'.repeat(7);
    await store.set('k', emoji);
    expect(await store.get('k')).toBe(emoji);
    for (const [id, item] of keychain.items) if (id.includes('#')) expect(item).not.toMatch(LONE_SURROGATE);
    expect(splitIntoChunks('1234🔑', 5)).toEqual(['1234', '🔑']);
    expect(splitIntoChunks('', 5)).toEqual(['']);
  });

  it('round-trips an empty value and reports an absent key as undefined', async () => {
    const keychain = new FakeKeychain();
    const store = new KeyringSecretStore({ service: 'test', entryFactory: keychain.factory });
    expect(await store.get('nothing')).toBeUndefined();
    await store.set('empty', '');
    expect(await store.get('empty')).toBe('');
  });

  it('overwriting with a shorter value leaves no stale chunks behind', async () => {
    const keychain = new FakeKeychain();
    const store = new KeyringSecretStore({ service: 'test', entryFactory: keychain.factory, maxChunkUnits: 10 });
    await store.set('k', value(95));
    await store.set('k', value(25, 'y'));
    expect(await store.get('k')).toBe(value(25, 'y'));
    expect(keychain.accounts()).toEqual(['k', 'k#b0', 'k#b1', 'k#b2']);
  });

  it('a crash at any write of an update leaves either the old or the new value readable, never a broken one', async () => {
    const oldValue = value(47, 'o');
    const newValue = value(63, 'n');
    for (let failAt = 1; failAt <= 12; failAt++) {
      const keychain = new FakeKeychain();
      const store = new KeyringSecretStore({ service: 'test', entryFactory: keychain.factory, maxChunkUnits: 10 });
      await store.set('k', oldValue);
      keychain.writes = 0;
      keychain.failAtWrite = failAt;
      const outcome = await store.set('k', newValue).then(
        () => 'written',
        (error: unknown) => error,
      );
      keychain.failAtWrite = undefined;
      const read = await store.get('k');
      if (outcome === 'written') expect(read).toBe(newValue);
      else {
        expect(outcome).toBeInstanceOf(SecretStoreUnavailableError);
        expect(read).toBe(oldValue);
      }
      // The next write and a delete clean up whatever the crash left.
      await store.set('k', 'short');
      expect(await store.get('k')).toBe('short');
      await store.delete('k');
      expect(keychain.accounts()).toEqual([]);
    }
  });

  it('delete removes the manifest and every chunk, including leftovers of an interrupted write', async () => {
    const keychain = new FakeKeychain();
    const store = new KeyringSecretStore({ service: 'test', entryFactory: keychain.factory, maxChunkUnits: 10 });
    await store.set('k', value(30));
    keychain.writes = 0;
    keychain.failAtWrite = 3; // two chunks of the other slot written, then "crash"
    await expect(store.set('k', value(80))).rejects.toBeInstanceOf(SecretStoreUnavailableError);
    keychain.failAtWrite = undefined;
    expect(keychain.accounts().filter((a) => a.startsWith('k#b'))).toHaveLength(2);
    await store.delete('k');
    expect(keychain.accounts()).toEqual([]);
    expect(await store.get('k')).toBeUndefined();
  });

  it('treats a tampered or missing chunk as nothing stored', async () => {
    const keychain = new FakeKeychain();
    const store = new KeyringSecretStore({ service: 'test', entryFactory: keychain.factory, maxChunkUnits: 10 });
    await store.set('k', value(30));
    keychain.items.set('test/k#a1', 'tampered!!');
    expect(await store.get('k')).toBeUndefined();
    keychain.items.delete('test/k#a1');
    expect(await store.get('k')).toBeUndefined();
    keychain.items.set('test/k', 'not a manifest');
    expect(await store.get('k')).toBeUndefined();
  });

  it('keeps keys apart and serialises concurrent writes of one key', async () => {
    const keychain = new FakeKeychain();
    const store = new KeyringSecretStore({ service: 'test', entryFactory: keychain.factory, maxChunkUnits: 7 });
    await Promise.all([store.set('a', value(40, 'a')), store.set('a', value(33, 'b')), store.set('c', value(20, 'c'))]);
    expect(await store.get('a')).toBe(value(33, 'b'));
    expect(await store.get('c')).toBe(value(20, 'c'));
  });

  it('retries a call the Secret Service dropped once, and gives up on a second drop', async () => {
    const keychain = new FakeKeychain();
    const store = new KeyringSecretStore({ service: 'test', entryFactory: keychain.factory, retryDelayMs: 0 });
    keychain.dropNext = 1;
    await store.set('k', 'value');
    keychain.dropNext = 1;
    expect(await store.get('k')).toBe('value');
    keychain.dropNext = 2;
    await expect(store.get('k')).rejects.toBeInstanceOf(SecretStoreUnavailableError);
  });

  it('without a usable keychain every call throws SecretStoreUnavailableError and isAvailable is false', async () => {
    const keychain = new FakeKeychain();
    keychain.unavailable = true;
    const store = new KeyringSecretStore({ service: 'test', entryFactory: keychain.factory });
    expect(await store.isAvailable()).toBe(false);
    await expect(store.get('k')).rejects.toBeInstanceOf(SecretStoreUnavailableError);
    await expect(store.set('k', 'v')).rejects.toBeInstanceOf(SecretStoreUnavailableError);
    await expect(store.delete('k')).rejects.toBeInstanceOf(SecretStoreUnavailableError);
    keychain.unavailable = false;
    expect(await store.isAvailable()).toBe(true);
    expect(keychain.accounts()).toEqual([]); // the probe cleans up after itself
  });
});

describe('a missing native keychain binding (another platform/arch package was not shipped)', () => {
  it('is a memory-only keychain with a reason that names the platform, not a crash', async () => {
    const missing: KeyringEntryFactory = () => {
      const error = Object.assign(new Error("Cannot find module '@napi-rs/keyring-win32-arm64-msvc'"), { code: 'MODULE_NOT_FOUND' });
      return { getPassword: () => Promise.reject(error), setPassword: () => Promise.reject(error), deletePassword: () => Promise.reject(error) };
    };
    const store = new KeyringSecretStore({ entryFactory: missing });
    expect(await store.isAvailable()).toBe(false);
    expect(store.unavailableReason()).toMatch(new RegExp(`lacks its keychain component for ${process.platform}-${process.arch}`));
    await expect(store.get('k')).rejects.toBeInstanceOf(SecretStoreUnavailableError);
  });

  it('a keyring that is merely locked reads differently', () => {
    expect(describeKeychainFailure(new Error('Platform failure: DBus error: Failed to connect to socket'))).toMatch(/did not answer/);
  });
});
