import type { Clock, TimerHandle } from '../../main/services/ports/clock.js';

/**
 * The real clock plus an offset the test can jump (a suspend, or the user changing the time);
 * timers stay real. For suites where real I/O runs (sandbox, keychain) and a ManualClock could not
 * drive it; everywhere else use ManualClock, whose `jump` models the same without real time.
 */
export class JumpingClock implements Clock {
  private offset = 0;

  now(): number {
    return Date.now() + this.offset;
  }

  /** Moves `now()` forward by `ms`; no timer fires early (Node timers run on the monotonic clock). */
  jump(ms: number): void {
    this.offset += ms;
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const timer = setTimeout(callback, Math.max(0, delayMs));
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  }

  sleep(delayMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, delayMs));
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
