import { describe, expect, it } from 'vitest';
import { VaultLockedError } from '../../../../../main/services/errors.js';
import { hour, minute, sessionFixture } from './session-fixture.js';

// ManualClock.jump(ms) models a suspend: the wall clock moves, monotonic timers keep their
// remaining delay (so the expiry timer alone would fire far too late).
describe('AccessSession after clock jumps', () => {
  it("a 'resume' finding the end time passed locks at once with 'clock-jump'", async () => {
    const f = sessionFixture();
    f.session.unlock(f.grant('kv-a', 30 * minute));
    f.session.unlock(f.grant('kv-b', 8 * hour));
    f.clock.jump(2 * hour);
    f.power.emit('resume');
    expect(f.locked).toEqual([{ vaults: ['kv-a'], reason: 'clock-jump', at: f.clock.now() }]);
    expect(f.session.isUnlocked('kv-b')).toBe(true);
  });

  it('without a resume event, the watchdog locks within one interval of the jump', async () => {
    const f = sessionFixture({ watchdogIntervalMs: 5000 });
    f.session.unlock(f.grant('kv-a', 30 * minute));
    f.clock.jump(2 * hour);
    const jumpedAt = f.clock.now();
    await f.clock.advance(5000);
    expect(f.locked.map((e) => e.reason)).toEqual(['clock-jump']);
    expect(f.locked[0]!.at - jumpedAt).toBeLessThanOrEqual(5000);
  });

  it('a timer that fires late past the end time locks with clock-jump', async () => {
    const f = sessionFixture();
    f.session.unlock(f.grant('kv-a', 30 * minute));
    f.clock.jump(3 * hour, { shiftTimers: false }); // e.g. a blocked or frozen event loop
    await f.clock.advance(0);
    expect(f.locked.map((e) => e.reason)).toEqual(['clock-jump']);
  });

  it('a forward jump short of the end re-arms the timers so the lock still lands exactly on the end time', async () => {
    const f = sessionFixture();
    const g = f.grant('kv-a', hour);
    f.session.unlock(g);
    f.clock.jump(40 * minute); // the expiry timer still has 60 monotonic minutes left
    await f.clock.advance(5000); // watchdog notices and re-arms
    expect(f.session.isUnlocked('kv-a')).toBe(true);
    await f.clock.advanceTo(g.endsAt! - 1);
    expect(f.session.isUnlocked('kv-a')).toBe(true);
    await f.clock.advance(1);
    expect(f.locked).toEqual([{ vaults: ['kv-a'], reason: 'expired', at: g.endsAt }]);
  });

  it('a backward jump locks everything (end times can no longer be trusted against the clock)', async () => {
    const f = sessionFixture();
    f.session.unlock(f.grant('kv-a', hour));
    f.session.unlock(f.grant('kv-standing', null));
    f.clock.jump(-2 * hour);
    await f.clock.advance(5000);
    expect(f.locked).toEqual([{ vaults: ['kv-a', 'kv-standing'], reason: 'clock-jump', at: f.clock.now() }]);
  });

  it('an expiry timer firing before its wall-clock time (clock set back) locks instead of waiting longer', async () => {
    const f = sessionFixture({ watchdogIntervalMs: 24 * hour }); // take the watchdog out of the picture
    f.session.unlock(f.grant('kv-a', 30 * minute));
    f.clock.jump(-10 * minute); // the user sets the clock back to stretch the activation
    await f.clock.advance(30 * minute - 1);
    expect(f.session.isUnlocked('kv-a')).toBe(true);
    await f.clock.advance(1); // 30 real minutes have passed: the monotonic timer fires
    expect(f.locked.map((e) => e.reason)).toEqual(['clock-jump']);
  });

  it('assertUnlocked right after a jump, before any timer runs, locks and throws', () => {
    const f = sessionFixture();
    f.session.unlock(f.grant('kv-a', 30 * minute));
    const signal = f.session.signalFor('kv-a');
    f.clock.jump(hour);
    expect(() => f.session.assertUnlocked('kv-a')).toThrow(VaultLockedError);
    expect(signal.aborted).toBe(true);
    expect(f.locked.map((e) => e.reason)).toEqual(['clock-jump']);
  });

  it('small scheduling noise within the tolerance is not a jump', async () => {
    const f = sessionFixture({ clockJumpToleranceMs: 2000 });
    f.session.unlock(f.grant('kv-a', hour));
    f.clock.jump(1500);
    await f.clock.advance(5 * minute);
    f.clock.jump(-1500);
    await f.clock.advance(5 * minute);
    expect(f.locked).toEqual([]);
  });
});
