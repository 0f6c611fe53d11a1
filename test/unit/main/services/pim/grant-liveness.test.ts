import { afterEach, describe, expect, it } from 'vitest';
import { AppError, VaultLockedError } from '../../../../../main/services/errors.js';
import { GrantLiveness } from '../../../../../main/services/pim/grant-liveness.js';
import { lowerGraphIds } from '../../../../../main/services/pim/graph-ids.js';
import { hour, sessionFixture } from '../session/session-fixture.js';

type Active = { groupId: string; endsAt: number | null };

/**
 * A real AccessSession on a ManualClock, and a Graph stand-in whose answers the test sets. Its
 * answers enter through `lowerGraphIds`, as every Graph answer does in `PimGraphApi`: ids are
 * normalised there, and GrantLiveness compares them with `===`.
 */
function fixture(cacheMs?: number) {
  const f = sessionFixture();
  const graph = { active: [] as Active[], asked: 0, failWith: undefined as Error | undefined, hold: undefined as Promise<void> | undefined };
  const liveness = new GrantLiveness({
    clock: f.clock,
    session: f.session,
    activeActivations: async () => {
      graph.asked++;
      const answer = graph.active.map(lowerGraphIds);
      if (graph.hold) await graph.hold;
      if (graph.failWith) throw graph.failWith;
      return answer;
    },
    ...(cacheMs !== undefined ? { cacheMs } : {}),
  });
  return { ...f, graph, liveness };
}

let env: ReturnType<typeof fixture> | undefined;
afterEach(async () => {
  await env?.session.dispose();
  env = undefined;
});

describe('GrantLiveness: the activation is confirmed live before each value read', () => {
  it('a live activation passes; the answer is reused for a few seconds, then asked again', async () => {
    env = fixture();
    const grant = env.grant('kv-a', hour);
    env.session.unlock(grant);
    env.graph.active = [{ groupId: grant.groupId.toUpperCase(), endsAt: grant.endsAt }]; // Graph ids are compared case-insensitively
    await env.liveness.assertLive('kv-a');
    await env.liveness.assertLive('kv-a');
    expect(env.graph.asked).toBe(1);
    await env.clock.advance(5000);
    await env.liveness.assertLive('kv-a');
    expect(env.graph.asked).toBe(2);
    expect(env.session.isUnlocked('kv-a')).toBe(true);
  });

  it('concurrent reads share one Graph request', async () => {
    env = fixture();
    const grant = env.grant('kv-a', hour);
    env.session.unlock(grant);
    env.graph.active = [{ groupId: grant.groupId, endsAt: grant.endsAt }];
    await Promise.all([env.liveness.assertLive('kv-a'), env.liveness.assertLive('kv-a'), env.liveness.assertLive('kv-a')]);
    expect(env.graph.asked).toBe(1);
  });

  it('an activation revoked early locks every vault of its group at once (reason revoked) and refuses the read', async () => {
    env = fixture();
    const a = env.grant('kv-a', hour);
    env.session.unlock(a);
    env.session.unlock({ ...env.grant('kv-b', hour), groupId: a.groupId });
    env.session.unlock(env.grant('kv-other', hour));
    env.graph.active = [{ groupId: 'group-kv-other', endsAt: env.clock.now() + hour }];
    const refused = env.liveness.assertLive('kv-a');
    await expect(refused).rejects.toBeInstanceOf(VaultLockedError);
    await expect(refused).rejects.toThrow(/removed or ended early/);
    expect(env.locked).toEqual([expect.objectContaining({ vaults: ['kv-a', 'kv-b'], reason: 'revoked' })]);
    expect(env.session.isUnlocked('kv-other')).toBe(true);
    expect(env.session.presenceRequired).toBeUndefined(); // the app locked, not the user
  });

  it('a cached "live" answer never revokes a newer activation: missing from the cache means ask again', async () => {
    env = fixture();
    const a = env.grant('kv-a', hour);
    env.session.unlock(a);
    env.graph.active = [{ groupId: a.groupId, endsAt: a.endsAt }];
    await env.liveness.assertLive('kv-a');
    // kv-b's activation started a moment later: the cached answer does not know it yet.
    const b = env.grant('kv-b', hour);
    env.session.unlock(b);
    env.graph.active = [{ groupId: a.groupId, endsAt: a.endsAt }, { groupId: b.groupId, endsAt: b.endsAt }];
    await env.liveness.assertLive('kv-b');
    expect(env.graph.asked).toBe(2);
    expect(env.session.isUnlocked('kv-b')).toBe(true);
  });

  it('an end time Graph moved is applied to the session (earlier or later)', async () => {
    env = fixture();
    const a = env.grant('kv-a', hour);
    env.session.unlock(a);
    env.graph.active = [{ groupId: a.groupId, endsAt: env.clock.now() + 10 * 60_000 }];
    await env.liveness.assertLive('kv-a');
    expect(env.session.grants()[0]!.endsAt).toBe(env.clock.now() + 10 * 60_000);
  });

  it('Graph unreachable: the read is refused with a clear error, nothing is locked, and the next read asks again', async () => {
    env = fixture();
    const a = env.grant('kv-a', hour);
    env.session.unlock(a);
    env.graph.failWith = new AppError('network', 'Microsoft Graph could not be reached. Check your connection.');
    const refused = env.liveness.assertLive('kv-a');
    await expect(refused).rejects.toMatchObject({ code: 'network', message: expect.stringMatching(/could not confirm .* "kv-a" is still active, so it did not read the value\. Microsoft Graph could not be reached/) });
    expect(env.session.isUnlocked('kv-a')).toBe(true);
    env.graph.failWith = undefined;
    env.graph.active = [{ groupId: a.groupId, endsAt: a.endsAt }];
    await env.liveness.assertLive('kv-a');
    expect(env.graph.asked).toBe(2);
  });

  it('standing vaults and locked vaults are not asked about (the session decides those)', async () => {
    env = fixture();
    env.session.unlock({ vault: 'kv-standing', accountId: 'acct-alice', endsAt: null });
    await env.liveness.assertLive('kv-standing');
    await env.liveness.assertLive('kv-locked');
    expect(env.graph.asked).toBe(0);
  });
});
