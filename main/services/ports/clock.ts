/** A cancellable timer handle returned by `Clock.setTimer`. */
export interface TimerHandle {
  cancel(): void;
}

/**
 * All time in the services goes through this port: polling, lock timers, clipboard clears,
 * countdowns. Tests use `ManualClock` (test/helpers) and never sleep for real time.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Runs `callback` once after `delayMs` (relative to `now()`). */
  setTimer(delayMs: number, callback: () => void): TimerHandle;
  /** Resolves after `delayMs`; rejects with an AbortError if `signal` aborts first. */
  sleep(delayMs: number, signal?: AbortSignal): Promise<void>;
}
