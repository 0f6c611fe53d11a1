import { AppError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import { expectedReadinessProbeDelay, readinessProbeDelay } from './backoff.js';
import type { PropagationMemory } from './propagation-memory.js';

/** What the readiness phase needs from the vault layer. */
export interface VaultProber {
  /**
   * Lists one item of `vault` with a FORCE-REFRESHED token (the new groups claim is only in a fresh
   * token) — whether or not the vault is unlocked yet. Returns 'ok' or the classified error.
   */
  probe(vault: string, accountId: string): Promise<'ok' | AppError>;
}

/** Probe errors that mean "not effective yet": keep waiting. Anything else is final. */
const WAIT_CODES = new Set(['vault-forbidden-rbac', 'vault-forbidden-policy', 'vault-throttled', 'network', 'unknown']);

/** Result of waiting for readiness. */
export interface ReadinessResult {
  probes: number;
  /** ms from start to the last successful probe. */
  elapsedMs: number;
}

/**
 * After Graph says Provisioned, waits until Key Vault really answers for every vault the group
 * grants: each probe force-refreshes the token and lists one item. Probes back off (≤ 2 s apart in the
 * first minute); when `memory` knows these vaults' propagation, they are scheduled around it instead
 * (~5 probes at any delay, see `expectedReadinessProbeDelay`). Ends with a typed error on a final refusal (firewall, signed out) or at `timeoutMs`.
 */
export async function waitUntilReady(options: {
  prober: VaultProber;
  clock: Clock;
  vaults: string[];
  accountId: string;
  timeoutMs: number;
  signal: AbortSignal;
  /** Propagation observed earlier per vault: probes are scheduled around it, and this one is recorded. */
  memory?: PropagationMemory;
  onProbe?: (vault: string, result: 'ok' | AppError, attempt: number) => void;
}): Promise<ReadinessResult> {
  const { prober, clock, accountId, signal, memory } = options;
  const started = clock.now();
  const pending = new Set(options.vaults);
  // The latest remembered propagation of these vaults: all must answer before Ready.
  const remembered = options.vaults.map((v) => memory?.get(v)).filter((ms): ms is number => ms !== undefined);
  const expectedMs = remembered.length === options.vaults.length && remembered.length > 0 ? Math.max(...remembered) : undefined;
  let probes = 0;
  for (let attempt = 0; pending.size > 0; attempt++) {
    if (signal.aborted) throw new AppError('cancelled', 'Waiting for access was stopped.', { cause: signal.reason });
    for (const vault of [...pending]) {
      probes++;
      const result = await prober.probe(vault, accountId);
      options.onProbe?.(vault, result, attempt);
      if (result === 'ok') {
        pending.delete(vault);
        memory?.record(vault, clock.now() - started);
      }
      else if (!WAIT_CODES.has(result.code)) throw result;
    }
    if (pending.size === 0) break;
    const elapsed = clock.now() - started;
    if (elapsed >= options.timeoutMs) {
      throw new AppError(
        'pim-timeout',
        `Access was granted, but Key Vault still refuses ${[...pending].join(', ')} after ${Math.round(elapsed / 60_000)} minutes. ` +
          'Azure is unusually slow to apply it; JIT Vault will pick it up when you retry. If it persists, ask an administrator to check the role assignment of the group.',
      );
    }
    const delay = expectedMs === undefined ? readinessProbeDelay(attempt, elapsed) : expectedReadinessProbeDelay(attempt, elapsed, expectedMs);
    await clock.sleep(Math.min(delay, options.timeoutMs - elapsed), signal);
  }
  return { probes, elapsedMs: clock.now() - started };
}
