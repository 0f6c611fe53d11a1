import type { Clock } from '../services/ports/clock.js';
import type { Logger } from '../services/ports/logger.js';

/** One step of quitting; `run` may hang (a clipboard or keychain that never answers). */
export interface ShutdownStep {
  name: string;
  run(): Promise<unknown> | unknown;
}

/** What happened to each step. */
export interface ShutdownReport {
  steps: { name: string; outcome: 'done' | 'failed' | 'timed-out' | 'skipped' }[];
}

/** Per-step and overall limits (ms). */
export const STEP_TIMEOUT_MS = 3_000;
export const TOTAL_TIMEOUT_MS = 6_000;

/**
 * Quitting that cannot hang: the async steps (lock, clear our clipboard copy, flush the journal,
 * stop the demo sandbox) run in order, each raced against STEP_TIMEOUT_MS and all within
 * TOTAL_TIMEOUT_MS; `last` (remove the tray, release the shortcut and IPC) always runs, last, so the
 * icon stays until the app is really gone. `run()` is idempotent: a second quit, a Windows
 * 'session-end' during a quit, or a relaunch arriving meanwhile get the same promise and never
 * start the steps again on disposed objects.
 */
export class Shutdown {
  #running: Promise<ShutdownReport> | undefined;

  constructor(
    private readonly deps: {
      clock: Clock;
      logger?: Logger;
      steps: () => readonly ShutdownStep[];
      last: () => void;
      stepTimeoutMs?: number;
      totalTimeoutMs?: number;
    },
  ) {}

  /** True once quitting has begun. */
  get started(): boolean {
    return this.#running !== undefined;
  }

  run(): Promise<ShutdownReport> {
    this.#running ??= this.#run();
    return this.#running;
  }

  async #run(): Promise<ShutdownReport> {
    const { clock, logger } = this.deps;
    const stepTimeout = this.deps.stepTimeoutMs ?? STEP_TIMEOUT_MS;
    const deadline = clock.now() + (this.deps.totalTimeoutMs ?? TOTAL_TIMEOUT_MS);
    const report: ShutdownReport = { steps: [] };
    for (const step of this.deps.steps()) {
      const left = Math.min(stepTimeout, deadline - clock.now());
      if (left <= 0) {
        report.steps.push({ name: step.name, outcome: 'skipped' });
        continue;
      }
      const outcome = await raceStep(step, left, clock);
      if (outcome !== 'done') logger?.warn('quit step did not finish', { step: step.name, outcome });
      report.steps.push({ name: step.name, outcome });
    }
    try {
      this.deps.last();
      report.steps.push({ name: 'tray-and-shell', outcome: 'done' });
    } catch {
      report.steps.push({ name: 'tray-and-shell', outcome: 'failed' });
    }
    return report;
  }
}

async function raceStep(step: ShutdownStep, timeoutMs: number, clock: Clock): Promise<'done' | 'failed' | 'timed-out'> {
  let timer: { cancel(): void } | undefined;
  const timeout = new Promise<'timed-out'>((resolve) => (timer = clock.setTimer(timeoutMs, () => resolve('timed-out'))));
  const work = (async () => {
    try {
      await step.run();
      return 'done' as const;
    } catch {
      return 'failed' as const;
    }
  })();
  try {
    return await Promise.race([work, timeout]);
  } finally {
    timer?.cancel();
  }
}
