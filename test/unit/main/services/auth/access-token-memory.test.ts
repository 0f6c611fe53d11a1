import { describe, expect, it } from 'vitest';
import { AccessTokenMemory } from '../../../../../main/services/auth/access-token-memory.js';
import type { AccessToken } from '../../../../../main/services/ports/token-provider.js';

function deferred(): { promise: Promise<AccessToken>; resolve: (t: AccessToken) => void } {
  let resolve!: (t: AccessToken) => void;
  const promise = new Promise<AccessToken>((r) => (resolve = r));
  return { promise, resolve };
}

const NOW = 1_000_000;
const token = (name: string, expires = NOW + 3_600_000): AccessToken => ({ token: name, expiresOnTimestamp: expires });

describe('AccessTokenMemory', () => {
  it('returns a remembered token only while it is valid beyond the margin', async () => {
    const memory = new AccessTokenMemory();
    await memory.fetch('acc', 'vault', true, async () => token('t1', NOW + 600_000));
    expect(memory.get('acc', 'vault', NOW, 300_000)?.token).toBe('t1');
    expect(memory.get('acc', 'vault', NOW + 300_001, 300_000)).toBeUndefined();
    expect(memory.get('acc', 'graph', NOW, 300_000)).toBeUndefined();
  });

  it('joins a running fetch of the same key, unless told not to', async () => {
    const memory = new AccessTokenMemory();
    const first = deferred();
    let calls = 0;
    const a = memory.fetch('acc', 'vault', true, () => (calls++, first.promise));
    const b = memory.fetch('acc', 'vault', true, () => (calls++, Promise.resolve(token('other'))));
    const forced = memory.fetch('acc', 'vault', false, () => (calls++, Promise.resolve(token('forced'))));
    first.resolve(token('shared'));
    expect([(await a).token, (await b).token, (await forced).token]).toEqual(['shared', 'shared', 'forced']);
    expect(calls).toBe(2);
  });

  it('a token that arrives after drop() is handed to its caller but not remembered', async () => {
    const memory = new AccessTokenMemory();
    const late = deferred();
    const request = memory.fetch('acc', 'vault', true, () => late.promise);
    memory.drop('acc', 'vault');
    // A request after the drop does not join the stale one.
    const fresh = memory.fetch('acc', 'vault', true, async () => token('fresh'));
    late.resolve(token('late'));
    expect((await request).token).toBe('late');
    expect((await fresh).token).toBe('fresh');
    expect(memory.get('acc', 'vault', NOW, 0)?.token).toBe('fresh');
    memory.drop('acc', 'vault');
    expect(memory.get('acc', 'vault', NOW, 0)).toBeUndefined();
  });

  it('drop without a resource forgets every resource of that account only', async () => {
    const memory = new AccessTokenMemory();
    memory.remember('acc', 'vault', token('v'));
    memory.remember('acc', 'graph', token('g'));
    memory.remember('other', 'vault', token('o'));
    memory.drop('acc');
    expect(memory.size).toBe(1);
    expect(memory.get('other', 'vault', NOW, 0)?.token).toBe('o');
  });
});
