import { AppError } from '../../main/services/errors.js';
import { InMemoryPropagationMemory } from '../../main/services/pim/propagation-memory.js';
import { waitUntilReady } from '../../main/services/pim/readiness-waiter.js';
import { ManualClock } from '../../test/helpers/manual-clock.js';

/** One delay's figures: the first activation (nothing remembered) and the next one (propagation remembered). */
export interface ReadinessDelayFigures {
  delayMs: number;
  /** Ready − true moment, next activation (remembered). */
  overheadMs: number;
  /** Key Vault probes, next activation (remembered). */
  vaultProbes: number;
  firstTime: { overheadMs: number; vaultProbes: number };
}

/**
 * The readiness schedule (main/services/pim: waitUntilReady with its PropagationMemory) on a virtual
 * clock against a vault that answers `delayMs` after Provisioned: probe counts and overhead at
 * 5 s, 90 s and 600 s without waiting 10 minutes of real time. The probe's own round trip is not
 * modelled (bench/activation.bench.ts measures it through the real sandbox: ~60 ms).
 */
export async function readinessScheduleFigures(delays: readonly number[] = [5_000, 90_000, 600_000]): Promise<ReadinessDelayFigures[]> {
  const out: ReadinessDelayFigures[] = [];
  for (const delayMs of delays) {
    const memory = new InMemoryPropagationMemory();
    const first = await simulate(delayMs, memory);
    const next = await simulate(delayMs, memory);
    out.push({ delayMs, overheadMs: next.overheadMs, vaultProbes: next.probes, firstTime: { overheadMs: first.overheadMs, vaultProbes: first.probes } });
  }
  return out;
}

async function simulate(delayMs: number, memory: InMemoryPropagationMemory): Promise<{ probes: number; overheadMs: number }> {
  const clock = new ManualClock();
  const started = clock.now();
  const prober = { probe: async () => (clock.now() - started >= delayMs ? ('ok' as const) : new AppError('vault-forbidden-rbac', 'not yet')) };
  const waiting = waitUntilReady({ prober, clock, vaults: ['kv-bench'], accountId: 'bench', timeoutMs: 15 * 60_000, signal: new AbortController().signal, memory });
  let result: Awaited<typeof waiting> | undefined;
  void waiting.then((r) => (result = r));
  while (!result) await clock.advance(100);
  return { probes: result.probes, overheadMs: result.elapsedMs - delayMs };
}
