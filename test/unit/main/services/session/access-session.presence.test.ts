import { describe, expect, it } from 'vitest';
import type { PowerEvent } from '../../../../../main/services/ports/power-events.js';
import { hour, sessionFixture } from './session-fixture.js';

describe('AccessSession: a lock the user or the OS caused is lifted only by presence', () => {
  const userOrOs: [string, (f: ReturnType<typeof sessionFixture>) => unknown][] = [
    ['manual lock', (f) => f.session.lock('all', 'manual')],
    ...(['lock-screen', 'suspend', 'idle'] as PowerEvent[]).map((event): [string, (f: ReturnType<typeof sessionFixture>) => unknown] => [`OS ${event}`, (f) => f.power.emit(event)]),
  ];

  for (const [label, lockIt] of userOrOs) {
    it(`${label}: a background unlock (PIM Ready) is held, not applied, until presence is confirmed`, async () => {
      const f = sessionFixture();
      f.session.unlock(f.grant('kv-a', hour));
      await lockIt(f);
      expect(f.session.presenceRequired).toBeDefined();

      f.session.unlock(f.grant('kv-a', hour)); // e.g. an activation flow reaching Ready while the screen is locked
      f.session.unlock(f.grant('kv-standing', null));
      expect(f.session.isUnlocked('kv-a')).toBe(false);
      expect(f.session.isUnlocked('kv-standing')).toBe(false);
      expect(() => f.session.assertUnlocked('kv-a')).toThrow(/locked/);

      f.session.confirmPresence();
      expect(f.session.presenceRequired).toBeUndefined();
      expect(f.session.isUnlocked('kv-a')).toBe(true);
      expect(f.session.isUnlocked('kv-standing')).toBe(true);
    });
  }

  it('held grants that ended meanwhile are dropped, and a lock drops held grants too', async () => {
    const f = sessionFixture();
    await f.session.lock('all', 'manual');
    f.session.unlock(f.grant('kv-short', 10_000));
    f.session.unlock(f.grant('kv-revoked', hour));
    await f.session.lock(['kv-revoked'], 'revoked');
    await f.clock.advance(20_000);
    f.session.confirmPresence();
    expect(f.session.grants()).toEqual([]);
  });

  it('locks the app makes on its own (expiry, revocation, clock jump) do not ask for presence', async () => {
    const f = sessionFixture();
    f.session.unlock(f.grant('kv-a', hour));
    await f.session.lock(['kv-a'], 'revoked');
    expect(f.session.presenceRequired).toBeUndefined();
    f.session.unlock(f.grant('kv-a', hour));
    expect(f.session.isUnlocked('kv-a')).toBe(true);
  });
});
