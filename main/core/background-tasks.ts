import type { Logger } from '../services/ports/logger.js';

/**
 * Work the core starts without making the caller wait (re-opening access after a sign-in, catalog
 * refreshes). Failures are logged by error name, never thrown into nobody's hands; `settled()` lets
 * tests and shutdown wait until nothing is left running.
 */
export class BackgroundTasks {
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly logger: Logger) {}

  /** Tracks `task`; a rejection is logged as `what` failed. */
  run(what: string, task: Promise<unknown>): void {
    const tracked = task.catch((error: unknown) => {
      const code = (error as { code?: unknown } | undefined)?.code;
      this.logger.warn(`${what} failed`, { error: error instanceof Error ? error.name : 'unknown', code: typeof code === 'string' ? code : undefined });
    });
    this.running.add(tracked);
    void tracked.finally(() => this.running.delete(tracked));
  }

  /** Resolves once every tracked task (including ones started meanwhile) has finished. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
