import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../../main/services/errors.js';
import { InMemoryPropagationMemory } from '../../../../../main/services/pim/propagation-memory.js';
import { waitUntilReady } from '../../../../../main/services/pim/readiness-waiter.js';
import { ManualClock } from '../../../../helpers/manual-clock.js';

/**
 * One wait for readiness on a manual clock: Key Vault answers once `delayMs` has passed since the
 * wait began. Returns the probes sent and how long after the true moment Ready was seen.
 */
async function simulate(delayMs: number, memory?: InMemoryPropagationMemory): Promise<{ probes: number; overheadMs: number }> {
  const clock = new ManualClock();
  const started = clock.now();
  const prober = { probe: async () => (clock.now() - started >= delayMs ? ('ok' as const) : new AppError('vault-forbidden-rbac', 'not yet')) };
  const waiting = waitUntilReady({ prober, clock, vaults: ['kv-a'], accountId: 'acc', timeoutMs: 15 * 60_000, signal: new AbortController().signal, ...(memory ? { memory } : {}) });
  let result: Awaited<typeof waiting> | undefined;
  void waiting.then((r) => (result = r));
  while (!result) await clock.advance(250);
  return { probes: result.probes, overheadMs: result.elapsedMs - delayMs };
}

describe('readiness probes scheduled from what is known', () => {
  it('without memory: ≤ 2 s late within the first minute (the probe count grows with the delay)', async () => {
    const first = await simulate(5_000);
    expect(first.overheadMs).toBeLessThanOrEqual(2000);
    expect(first.probes).toBeLessThanOrEqual(10);
  });

  it.each([5_000, 90_000, 600_000])('with the propagation remembered from the last activation (%i ms): ≤ 10 probes and ≤ 2 s late', async (delayMs) => {
    const memory = new InMemoryPropagationMemory();
    await simulate(delayMs, memory); // learns it
    expect(memory.get('kv-a')).toBeGreaterThanOrEqual(delayMs);
    const again = await simulate(delayMs, memory);
    expect(again.probes).toBeLessThanOrEqual(10);
    expect(again.overheadMs).toBeLessThanOrEqual(2000);
  });

  it('when propagation is faster or slower than remembered, it is still found (halfway probe; back-off after)', async () => {
    const memory = new InMemoryPropagationMemory();
    memory.record('kv-a', 90_000);
    const faster = await simulate(30_000, memory);
    expect(faster.overheadMs).toBeLessThan(16_000); // the halfway probe at 45 s
    memory.record('kv-a', 90_000);
    const slower = await simulate(200_000, memory);
    expect(slower.overheadMs).toBeLessThanOrEqual(10_000);
  });
});
