import { describe, expect, it } from 'vitest';
import type { PowerEvent } from '../../../../../main/services/ports/power-events.js';
import type { LockReason } from '../../../../../main/services/session/access-session.js';
import { hour, minute, sessionFixture } from './session-fixture.js';

describe('AccessSession OS events and idle', () => {
  const cases: [PowerEvent, LockReason][] = [
    ['lock-screen', 'os-lock'],
    ['suspend', 'suspend'],
    ['shutdown', 'quit'],
    ['idle', 'idle'],
  ];
  for (const [event, reason] of cases) {
    it(`locks every vault on '${event}' (${reason})`, async () => {
      const f = sessionFixture();
      f.session.unlock(f.grant('kv-a', hour));
      f.session.unlock(f.grant('kv-b', null, 'acct-bob'));
      f.power.emit(event);
      expect(f.session.grants()).toEqual([]);
      expect(f.locked).toEqual([{ vaults: ['kv-a', 'kv-b'], reason, at: f.clock.now() }]);
    });
  }

  it('ignores resume when nothing is overdue', async () => {
    const f = sessionFixture();
    f.session.unlock(f.grant('kv-a', hour));
    f.power.emit('resume');
    expect(f.session.isUnlocked('kv-a')).toBe(true);
  });

  it('without OS idle data, locks idleLockMs after the last in-app activity', async () => {
    const f = sessionFixture({ power: undefined });
    f.session.unlock(f.grant('kv-a', 8 * hour));
    await f.clock.advance(10 * minute);
    f.session.recordActivity();
    await f.clock.advance(15 * minute - 1);
    expect(f.session.isUnlocked('kv-a')).toBe(true);
    await f.clock.advance(1);
    expect(f.locked.map((e) => e.reason)).toEqual(['idle']);
    expect(f.notifier.ofKind('locked')[0]?.body).toMatch(/away for longer than the idle timeout/);
  });

  it('does not idle-lock while the OS reports recent input elsewhere, and locks once the OS is idle too', async () => {
    const f = sessionFixture();
    f.session.unlock(f.grant('kv-a', 8 * hour));
    f.power.setIdleSeconds(3); // the user types in another window
    await f.clock.advance(40 * minute);
    expect(f.session.isUnlocked('kv-a')).toBe(true);
    // The user walks away: from now on the OS idle time grows with the clock (updated every second).
    const awaySince = f.clock.now();
    while (f.session.isUnlocked('kv-a') && f.clock.now() - awaySince < hour) {
      await f.clock.advance(1000);
      f.power.setIdleSeconds((f.clock.now() - awaySince) / 1000);
    }
    expect(f.locked.map((e) => e.reason)).toEqual(['idle']);
    expect(f.locked[0]!.at - awaySince).toBeGreaterThanOrEqual(15 * minute);
    expect(f.locked[0]!.at - awaySince).toBeLessThanOrEqual(15 * minute + 1000);
  });

  it('dispose locks, unsubscribes from power events and leaves no timer behind', async () => {
    const f = sessionFixture();
    f.session.unlock(f.grant('kv-a', hour));
    expect(f.power.listenerCount()).toBe(1);
    await f.session.dispose();
    expect(f.power.listenerCount()).toBe(0);
    expect(f.clock.pendingTimerCount()).toBe(0);
    expect(f.session.isUnlocked('kv-a')).toBe(false);
    expect(f.journal.entries.map((e) => e.detail)).toEqual(['quit']);
    expect(() => f.session.unlock(f.grant('kv-a', hour))).toThrow(/quitting/);
  });
});
