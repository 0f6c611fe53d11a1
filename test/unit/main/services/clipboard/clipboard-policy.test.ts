import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ClipboardPolicy, type ClipboardPolicyEvents } from '../../../../../main/services/clipboard/clipboard-policy.js';
import { FakeClipboard } from '../../../../helpers/fakes/clipboard.fake.js';
import { ManualClock } from '../../../../helpers/manual-clock.js';

const canary = 'CANARY-clip-5b1d0c7e-value';

function fixture(clearAfterMs = 30_000) {
  const clock = new ManualClock();
  const clipboard = new FakeClipboard();
  const policy = new ClipboardPolicy({ clipboard, clock, clearAfterMs });
  const cleared: ClipboardPolicyEvents['cleared'][] = [];
  const countdown: ClipboardPolicyEvents['countdown'][] = [];
  policy.on('cleared', (e) => cleared.push(e));
  policy.on('countdown', (e) => countdown.push(e));
  return { clock, clipboard, policy, cleared, countdown };
}

/**
 * Every string or byte buffer reachable from `root` through own properties (private ones too: TS
 * `private` is a plain property), Maps, Sets and arrays — except `skip` (the fake OS clipboard, which
 * is supposed to hold the value). Closures cannot be inspected; the policy's only closures are timer
 * callbacks that capture the tracked-copy record, which is reachable and inspected here.
 */
function reachableData(root: unknown, skip: unknown[]): (string | Uint8Array)[] {
  const seen = new Set<unknown>(skip);
  const out: (string | Uint8Array)[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') return void out.push(value);
    if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) return;
    seen.add(value);
    if (value instanceof Uint8Array) return void out.push(value);
    if (value instanceof Map) for (const [k, v] of value) [k, v].forEach(visit);
    if (value instanceof Set) for (const v of value) visit(v);
    for (const key of Reflect.ownKeys(value)) visit((value as Record<string | symbol, unknown>)[key]);
  };
  visit(root);
  return out;
}

describe('ClipboardPolicy', () => {
  it('writes concealed text and clears exactly after clearAfterMs, not before', async () => {
    const f = fixture();
    const start = f.clock.now();
    const { clearsAt } = await f.policy.writeSecret(canary, { vault: 'kv-a', name: 'db' });
    expect(clearsAt).toBe(start + 30_000);
    expect(f.clipboard.writes).toEqual([{ concealed: true }]);
    await f.clock.advance(30_000 - 1);
    expect(f.clipboard.current()).toBe(canary);
    await f.clock.advance(1);
    expect(f.clipboard.current()).toBe('');
    expect(f.cleared).toEqual([{ reason: 'timeout', vault: 'kv-a', name: 'db', at: clearsAt }]);
    expect(f.policy.pending()).toBeUndefined();
  });

  it('leaves the clipboard alone if another app replaced our value, and says so', async () => {
    const f = fixture();
    await f.policy.writeSecret(canary, { vault: 'kv-a', name: 'db' });
    await f.clock.advance(10_000);
    f.clipboard.copyFromOtherApp('the user copied this');
    await f.clock.advance(20_000);
    expect(f.clipboard.current()).toBe('the user copied this');
    expect(f.clipboard.clears).toBe(0);
    expect(f.cleared.map((e) => e.reason)).toEqual(['changed-externally']);
  });

  it('a newer copy cancels the older timer and reports the older one as replaced', async () => {
    const f = fixture();
    await f.policy.writeSecret('first-value', { vault: 'kv-a', name: 'one' });
    await f.clock.advance(20_000);
    const { clearsAt } = await f.policy.writeSecret(canary, { vault: 'kv-b', name: 'two' });
    expect(f.cleared).toEqual([{ reason: 'replaced', vault: 'kv-a', name: 'one', at: f.clock.now() }]);
    await f.clock.advance(10_000); // the first copy's 30 s are up: nothing must happen
    expect(f.clipboard.current()).toBe(canary);
    expect(f.clipboard.clears).toBe(0);
    await f.clock.advanceTo(clearsAt);
    expect(f.clipboard.current()).toBe('');
    expect(f.cleared.map((e) => e.reason)).toEqual(['replaced', 'timeout']);
  });

  it('clearIfOurs clears on lock/quit, honours a vault filter, and is a no-op without a copy', async () => {
    const f = fixture();
    expect(await f.policy.clearIfOurs()).toBe(false);
    await f.policy.writeSecret(canary, { vault: 'kv-a', name: 'db' });
    expect(await f.policy.clearIfOurs({ vaults: ['kv-b'] })).toBe(false);
    expect(f.clipboard.current()).toBe(canary);
    expect(await f.policy.clearIfOurs({ reason: 'quit', vaults: ['kv-a'] })).toBe(true);
    expect(f.clipboard.current()).toBe('');
    expect(f.cleared.map((e) => e.reason)).toEqual(['quit']);
    await f.clock.advance(60_000);
    expect(f.clipboard.clears).toBe(1);
    expect(f.clock.pendingTimerCount()).toBe(0);
  });

  it('emits a countdown every second, then the clear', async () => {
    const f = fixture(5_000);
    const { clearsAt } = await f.policy.writeSecret(canary, { vault: 'kv-a', name: 'db' });
    await f.clock.advance(5_000);
    expect(f.countdown.map((e) => e.remainingMs)).toEqual([5000, 4000, 3000, 2000, 1000]);
    expect(f.countdown.every((e) => e.clearsAt === clearsAt && e.at === clearsAt - e.remainingMs && e.name === 'db')).toBe(true);
    expect(f.cleared.map((e) => e.reason)).toEqual(['timeout']);
  });

  it('keeps no trace of the value: no field holds it, nor its plain SHA-256', async () => {
    const f = fixture();
    await f.policy.writeSecret(canary, { vault: 'kv-a', name: 'db' });
    const plainHash = createHash('sha256').update(canary).digest();
    const canaryBytes = Buffer.from(canary, 'utf8');
    const data = reachableData(f.policy, [f.clipboard]);
    expect(data.some((d) => d instanceof Uint8Array)).toBe(true); // the walker does reach the digest
    for (const d of data) {
      if (typeof d === 'string') expect(d).not.toContain(canary);
      else {
        expect(Buffer.from(d).includes(canaryBytes)).toBe(false);
        expect(Buffer.from(d).equals(plainHash)).toBe(false);
      }
    }
    expect(f.clipboard.current()).toBe(canary); // and yet it still recognises its own copy:
    expect(await f.policy.clearIfOurs()).toBe(true);
  });

  it('clears anyway when the clipboard cannot be read (cannot prove it changed)', async () => {
    const f = fixture();
    await f.policy.writeSecret(canary, { vault: 'kv-a', name: 'db' });
    f.clipboard.failReads = new Error('no focus on Wayland');
    await f.clock.advance(30_000);
    expect(f.clipboard.current()).toBe('');
    expect(f.cleared.map((e) => e.reason)).toEqual(['timeout']);
  });

  it('never rejects a lock or quit when the clipboard cannot be cleared any more', async () => {
    const f = fixture();
    await f.policy.writeSecret(canary, { vault: 'kv-a', name: 'db' });
    f.clipboard.failClears = new Error('the page that owned the clipboard is gone');
    await expect(f.policy.clearIfOurs({ reason: 'quit' })).resolves.toBe(false);
    expect(f.policy.pending()).toBeUndefined();
    expect(f.cleared.map((e) => e.reason)).toEqual(['quit']);
  });

  it('a failed write keeps tracking the previous copy', async () => {
    const f = fixture();
    await f.policy.writeSecret(canary, { vault: 'kv-a', name: 'db' });
    const broken = new FakeClipboard();
    broken.writeText = async () => {
      throw new Error('clipboard busy');
    };
    f.clipboard.writeText = broken.writeText;
    await expect(f.policy.writeSecret('second', { vault: 'kv-b', name: 'x' })).rejects.toThrow('clipboard busy');
    expect(f.policy.pending()).toMatchObject({ vault: 'kv-a', name: 'db' });
    await f.clock.advance(30_000);
    expect(f.clipboard.current()).toBe('');
  });

  it('serialises concurrent copies: the last one requested is the one tracked and on the clipboard', async () => {
    const f = fixture();
    const first = f.policy.writeSecret('first-value', { vault: 'kv-a', name: 'one' });
    const second = f.policy.writeSecret(canary, { vault: 'kv-a', name: 'two' });
    await Promise.all([first, second]);
    expect(f.clipboard.current()).toBe(canary);
    expect(f.policy.pending()?.name).toBe('two');
  });

  it('rejects a non-positive clear delay', () => {
    expect(() => new ClipboardPolicy({ clipboard: new FakeClipboard(), clock: new ManualClock(), clearAfterMs: 0 })).toThrow(RangeError);
  });
});
