import { describe, expect, it } from 'vitest';
import { AppError, VaultLockedError } from '../../../../../main/services/errors.js';
import { hour, minute, sessionFixture } from './session-fixture.js';

describe('AccessSession expiry', () => {
  it('locks exactly at the end time, not a tick before', async () => {
    const f = sessionFixture();
    const g = f.grant('kv-prod', 60 * minute);
    f.session.unlock(g);
    await f.clock.advance(60 * minute - 1);
    expect(f.session.isUnlocked('kv-prod')).toBe(true);
    expect(f.locked).toEqual([]);
    await f.clock.advance(1);
    expect(f.session.isUnlocked('kv-prod')).toBe(false);
    expect(f.locked).toEqual([{ vaults: ['kv-prod'], reason: 'expired', at: g.endsAt }]);
  });

  it('assertUnlocked passes while unlocked and then throws a plain-language VaultLockedError', async () => {
    const f = sessionFixture();
    expect(() => f.session.assertUnlocked('kv-prod')).toThrow(VaultLockedError);
    f.session.unlock(f.grant('kv-prod', 10 * minute));
    expect(() => f.session.assertUnlocked('kv-prod')).not.toThrow();
    await f.clock.advance(10 * minute);
    const error = (() => {
      try {
        f.session.assertUnlocked('kv-prod');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('vault-locked');
    expect((error as AppError).message).toMatch(/"kv-prod" is locked/);
    expect((error as AppError).message).toMatch(/activation that granted it has ended/);
    expect((error as AppError).message).toMatch(/Activate the PIM group/);
  });

  it('warns warnBeforeExpiryMs before the end, once, with an extend action', async () => {
    const f = sessionFixture();
    const g = f.grant('kv-prod', 30 * minute);
    f.session.unlock(g);
    await f.clock.advance(25 * minute - 1);
    expect(f.expiring).toEqual([]);
    await f.clock.advance(1);
    expect(f.expiring).toEqual([{ vault: 'kv-prod', endsAt: g.endsAt, at: g.endsAt! - 5 * minute }]);
    const [note] = f.notifier.ofKind('expiring-soon');
    expect(note?.body).toMatch(/kv-prod.*about 5 minutes/);
    expect(note?.action).toEqual({ id: 'extend', label: 'Extend', groupId: 'group-kv-prod' });
    await f.clock.advance(5 * minute);
    expect(f.expiring).toHaveLength(1);
    expect(f.notifier.ofKind('locked')).toHaveLength(1);
  });

  it('warns at once when a grant starts inside the warning window', async () => {
    const f = sessionFixture();
    f.session.unlock(f.grant('kv-prod', 2 * minute));
    await f.clock.advance(0);
    expect(f.expiring).toHaveLength(1);
  });

  it('re-sync to an earlier end locks earlier', async () => {
    const f = sessionFixture();
    f.session.unlock(f.grant('kv-prod', hour));
    await f.clock.advance(10 * minute);
    f.session.updateEndTime('kv-prod', f.clock.now() + 5 * minute);
    await f.clock.advance(5 * minute - 1);
    expect(f.session.isUnlocked('kv-prod')).toBe(true);
    await f.clock.advance(1);
    expect(f.locked.map((e) => e.reason)).toEqual(['expired']);
    expect(f.locked[0]?.at).toBe(f.clock.now());
  });

  it('re-sync to a later end keeps the vault unlocked past the old end and warns again', async () => {
    const f = sessionFixture();
    const g = f.grant('kv-prod', 30 * minute);
    f.session.unlock(g);
    await f.clock.advance(26 * minute); // warned at 25 min
    const newEnd = g.endsAt! + hour;
    f.session.updateEndTime('kv-prod', newEnd);
    await f.clock.advanceTo(g.endsAt! + minute);
    expect(f.session.isUnlocked('kv-prod')).toBe(true);
    expect(f.session.grants()[0]?.endsAt).toBe(newEnd);
    await f.clock.advanceTo(newEnd);
    expect(f.expiring.map((e) => e.endsAt)).toEqual([g.endsAt, newEnd]);
    expect(f.locked).toEqual([{ vaults: ['kv-prod'], reason: 'expired', at: newEnd }]);
  });

  it('re-sync with no active instance, or an end already past, locks at once as revoked', async () => {
    const f = sessionFixture();
    f.session.unlock(f.grant('kv-a', hour));
    f.session.unlock(f.grant('kv-b', hour));
    f.session.updateEndTime('kv-a', null);
    f.session.updateEndTime('kv-b', f.clock.now() - 1);
    expect(f.locked.map((e) => [e.vaults, e.reason])).toEqual([
      [['kv-a'], 'revoked'],
      [['kv-b'], 'revoked'],
    ]);
    f.session.updateEndTime('kv-never-unlocked', f.clock.now() + hour);
    expect(f.session.isUnlocked('kv-never-unlocked')).toBe(false);
  });

  it('unlocking again extends the grant without aborting in-flight work', async () => {
    const f = sessionFixture();
    f.session.unlock(f.grant('kv-prod', 10 * minute));
    const signal = f.session.signalFor('kv-prod');
    await f.clock.advance(9 * minute);
    f.session.unlock(f.grant('kv-prod', hour));
    await f.clock.advance(2 * minute);
    expect(signal.aborted).toBe(false);
    expect(f.session.isUnlocked('kv-prod')).toBe(true);
  });

  it('refuses a grant that has already ended', () => {
    const f = sessionFixture();
    expect(() => f.session.unlock(f.grant('kv-prod', 0))).toThrow(VaultLockedError);
    expect(f.session.isUnlocked('kv-prod')).toBe(false);
  });

  it('locks a long (8 h) grant exactly at its end although timers are chained hourly', async () => {
    const f = sessionFixture();
    const g = f.grant('kv-prod', 8 * hour);
    f.session.unlock(g);
    await f.clock.advance(8 * hour - 1);
    expect(f.session.isUnlocked('kv-prod')).toBe(true);
    await f.clock.advance(1);
    expect(f.locked).toEqual([{ vaults: ['kv-prod'], reason: 'expired', at: g.endsAt }]);
  });

  it('locks only the vault whose grant ended; standing access never expires', async () => {
    const f = sessionFixture();
    f.session.unlock(f.grant('kv-short', 10 * minute));
    f.session.unlock(f.grant('kv-long', hour));
    f.session.unlock(f.grant('kv-standing', null));
    await f.clock.advance(10 * minute);
    expect(f.session.grants().map((g) => g.vault)).toEqual(['kv-long', 'kv-standing']);
    await f.clock.advance(24 * hour);
    expect(f.session.grants().map((g) => g.vault)).toEqual(['kv-standing']);
    expect(f.expiring.map((e) => e.vault)).toEqual(['kv-short', 'kv-long']);
  });

  it('stops every timer once nothing is unlocked', async () => {
    const f = sessionFixture();
    f.session.unlock(f.grant('kv-prod', hour));
    expect(f.clock.pendingTimerCount()).toBeGreaterThan(0);
    await f.session.lock('all', 'manual');
    expect(f.clock.pendingTimerCount()).toBe(0);
  });
});
