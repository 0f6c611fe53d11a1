import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Clock, TimerHandle } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';

/** What `jit-vault lock` writes: when, and by which front door. Nothing secret. */
export interface LockRequest {
  requestedAt: number;
  by: 'cli';
}

/** How often a running app looks at the file (a lock from a script shows within this time). */
export const LOCK_REQUEST_POLL_MS = 1000;

/**
 * "Lock everything" across processes, by a small file in the user directory: the command line
 * writes a request with its time (atomically), and a running app polls the file and locks when it
 * sees a request newer than the last one it acted on. Chosen over a socket or named pipe because it
 * needs no listener, works the same on every OS, survives an app that is not running (an old
 * request is ignored: only requests newer than the app's start count), and polling through the
 * Clock port keeps it testable without real time. The CLI holds vault tokens only in memory, so the
 * CLI side of "both drop vault tokens" is its own exit.
 */
export class LockRequestFile {
  constructor(
    private readonly file: string,
    private readonly logger?: Logger,
  ) {}

  /** Writes a lock request (the CLI). */
  async request(at: number): Promise<void> {
    const body: LockRequest = { requestedAt: at, by: 'cli' };
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    const temp = `${this.file}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(body)}\n`, { mode: 0o600 });
    await rename(temp, this.file);
  }

  /** The request in the file, if any and well-formed. */
  async read(): Promise<LockRequest | undefined> {
    try {
      const parsed = JSON.parse(await readFile(this.file, 'utf8')) as Partial<LockRequest>;
      return typeof parsed.requestedAt === 'number' && parsed.by === 'cli' ? { requestedAt: parsed.requestedAt, by: 'cli' } : undefined;
    } catch {
      return undefined; // no file yet, or a torn/foreign file: nothing to act on
    }
  }

  /**
   * Polls every `intervalMs` and calls `onRequest` once per request newer than `since` (the app's
   * start) and newer than the last one acted on. Returns a function that stops watching.
   */
  watch(clock: Clock, since: number, onRequest: (request: LockRequest) => Promise<void> | void, intervalMs = LOCK_REQUEST_POLL_MS): () => void {
    let seen = since;
    let timer: TimerHandle | undefined;
    let stopped = false;
    const tick = async () => {
      const request = await this.read();
      if (!stopped && request && request.requestedAt > seen) {
        seen = request.requestedAt;
        try {
          await onRequest(request);
        } catch (error) {
          this.logger?.error('lock request failed', { error: error instanceof Error ? error.name : 'unknown' });
        }
      }
      if (!stopped) timer = clock.setTimer(intervalMs, () => void tick());
    };
    timer = clock.setTimer(intervalMs, () => void tick());
    return () => {
      stopped = true;
      timer?.cancel();
    };
  }
}
