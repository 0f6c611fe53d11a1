import { describe, expect, it } from 'vitest';
import { VaultLockedError } from '../../../../../main/services/errors.js';
import { hour, minute, sessionFixture } from './session-fixture.js';

describe('AccessSession lock side effects', () => {
  it('aborts the signal of the locked vault only, with a VaultLockedError reason', async () => {
    const f = sessionFixture();
    f.session.unlock(f.grant('kv-a', 10 * minute));
    f.session.unlock(f.grant('kv-b', hour));
    const a = f.session.signalFor('kv-a');
    const b = f.session.signalFor('kv-b');
    await f.clock.advance(10 * minute);
    expect(a.aborted).toBe(true);
    expect(a.reason).toBeInstanceOf(VaultLockedError);
    expect((a.reason as VaultLockedError).vault).toBe('kv-a');
    expect(b.aborted).toBe(false);
    expect(f.session.signalFor('kv-a').aborted).toBe(true); // work started after the lock aborts at once
  });

  it('a new unlock after a lock hands out a fresh, live signal', async () => {
    const f = sessionFixture();
    f.session.unlock(f.grant('kv-a', minute));
    await f.clock.advance(minute);
    f.session.unlock(f.grant('kv-a', hour));
    expect(f.session.signalFor('kv-a').aborted).toBe(false);
  });

  it('clears the clipboard on expiry if it still holds a secret from that vault', async () => {
    const f = sessionFixture();
    f.session.unlock(f.grant('kv-a', 10 * minute));
    await f.clock.advance(10 * minute - 10_000);
    await f.clipboardPolicy.writeSecret('canary-a-9f2e', { vault: 'kv-a', name: 'db-password' });
    await f.clock.advance(10_000);
    expect(f.clipboard.current()).toBe('');
    expect(f.clipboard.clears).toBe(1);
  });

  it("a single vault's expiry leaves another vault's copied secret; lock('all') clears it", async () => {
    const f = sessionFixture();
    f.session.unlock(f.grant('kv-a', 10 * minute));
    f.session.unlock(f.grant('kv-b', hour));
    await f.clock.advance(10 * minute - 1000);
    await f.clipboardPolicy.writeSecret('canary-b-77aa', { vault: 'kv-b', name: 'api-key' });
    await f.clock.advance(1000);
    expect(f.clipboard.current()).toBe('canary-b-77aa');
    await f.session.lock('all', 'manual');
    expect(f.clipboard.current()).toBe('');
  });

  it("lock('all','quit') clears our copy even with no vault unlocked", async () => {
    const f = sessionFixture();
    await f.clipboardPolicy.writeSecret('canary-q', { vault: 'kv-a', name: 'x' });
    await f.session.lock('all', 'quit');
    expect(f.clipboard.current()).toBe('');
  });

  it("never clears text another app put on the clipboard", async () => {
    const f = sessionFixture();
    f.session.unlock(f.grant('kv-a', hour));
    await f.clipboardPolicy.writeSecret('canary-x', { vault: 'kv-a', name: 'x' });
    f.clipboard.copyFromOtherApp('meeting notes');
    await f.session.lock('all', 'os-lock');
    expect(f.clipboard.current()).toBe('meeting notes');
  });

  it('drops vault tokens of every account that owned a locked grant, and only those', async () => {
    const f = sessionFixture();
    f.session.unlock(f.grant('kv-a', 10 * minute, 'acct-alice'));
    f.session.unlock(f.grant('kv-a2', hour, 'acct-alice'));
    f.session.unlock(f.grant('kv-b', hour, 'acct-bob'));
    await f.tokens.getAccessToken('acct-alice', 'vault');
    await f.tokens.getAccessToken('acct-bob', 'vault');
    await f.tokens.getAccessToken('acct-alice', 'graph');
    await f.clock.advance(10 * minute);
    // alice's token still carries the expired group's claim, although kv-a2 remains unlocked
    expect(f.tokens.drops).toEqual([{ accountId: 'acct-alice', resource: 'vault' }]);
    expect(f.tokens.hasCachedToken('acct-alice', 'vault')).toBe(false);
    expect(f.tokens.hasCachedToken('acct-alice', 'graph')).toBe(true);
    expect(f.tokens.hasCachedToken('acct-bob', 'vault')).toBe(true);
  });

  it('journals one lock entry per vault with account, group and reason', async () => {
    const f = sessionFixture();
    f.session.unlock(f.grant('kv-a', hour));
    f.session.unlock(f.grant('kv-b', hour, 'acct-bob'));
    await f.session.lock('all', 'os-lock');
    expect(f.journal.entries).toEqual([
      { action: 'lock', outcome: 'ok', account: 'acct-alice', vault: 'kv-a', groupId: 'group-kv-a', detail: 'os-lock' },
      { action: 'lock', outcome: 'ok', account: 'acct-bob', vault: 'kv-b', groupId: 'group-kv-b', detail: 'os-lock' },
    ]);
  });

  it('notifies for locks the user did not cause, not for manual locks', async () => {
    const f = sessionFixture();
    f.session.unlock(f.grant('kv-a', minute));
    f.session.unlock(f.grant('kv-b', hour));
    await f.clock.advance(minute);
    await f.session.lock(['kv-b'], 'manual');
    const locked = f.notifier.ofKind('locked');
    expect(locked).toHaveLength(1);
    expect(locked[0]?.body).toBe('Vault "kv-a" is locked because the PIM activation that granted it has ended.');
  });

  it('a failing journal or a throwing listener does not stop the lock, the token drop or the clipboard clear', async () => {
    const f = sessionFixture();
    f.journal.fail = new Error('disk full');
    f.session.on('locked', () => {
      throw new Error('broken UI listener');
    });
    f.session.unlock(f.grant('kv-a', hour));
    await f.clipboardPolicy.writeSecret('canary-f', { vault: 'kv-a', name: 'x' });
    await expect(f.session.lock(['kv-a'], 'manual')).resolves.toBeUndefined();
    expect(f.session.isUnlocked('kv-a')).toBe(false);
    expect(f.tokens.drops).toHaveLength(1);
    expect(f.clipboard.current()).toBe('');
  });

  it('locking a vault that is not unlocked does nothing', async () => {
    const f = sessionFixture();
    await f.session.lock(['kv-none'], 'manual');
    expect(f.locked).toEqual([]);
    expect(f.tokens.drops).toEqual([]);
    expect(f.journal.entries).toEqual([]);
  });
});
