import type { Clock, TimerHandle } from '../../main/services/ports/clock.js';

interface PendingTimer {
  due: number;
  seq: number;
  callback: () => void;
}

/** Lets queued promise callbacks (and anything they chain) run before the next timer fires. */
function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A Clock for tests: time moves only when the test says so. `advance(ms)` fires due timers in
 * due-time order (ties in creation order), setting `now()` to each timer's due time before calling
 * it and letting microtasks settle between timers, so async work started by one timer is done
 * before the next fires. No real time passes; nothing here sleeps.
 *
 * `jump(ms)` models a suspend/resume or a wall-clock change: `now()` moves but no timer fires.
 * Node timers run on the monotonic clock, so by default pending timers are shifted by the same
 * amount (they still have their full remaining delay after resume — which is exactly why
 * AccessSession needs a watchdog and the 'resume' event).
 */
export class ManualClock implements Clock {
  private current: number;
  private seq = 0;
  private timers: PendingTimer[] = [];

  /** @param start epoch ms the clock starts at (a fixed date, so tests are reproducible) */
  constructor(start = Date.UTC(2025, 0, 6, 9, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const timer: PendingTimer = { due: this.current + Math.max(0, delayMs), seq: this.seq++, callback };
    this.timers.push(timer);
    return {
      cancel: () => {
        this.timers = this.timers.filter((t) => t !== timer);
      },
    };
  }

  sleep(delayMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
      const onAbort = () => {
        handle.cancel();
        reject(signal?.reason ?? new DOMException('Aborted', 'AbortError'));
      };
      const handle = this.setTimer(delayMs, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due on the way (including timers
   * those callbacks schedule). A callback that throws makes `advance` reject, like an uncaught
   * exception would crash the real process.
   */
  async advance(ms: number): Promise<void> {
    if (ms < 0) throw new RangeError('ManualClock cannot go backwards; use jump() for wall-clock changes');
    const target = this.current + ms;
    await flushMicrotasks();
    for (;;) {
      const next = this.nextDue(target);
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.current = Math.max(this.current, next.due);
      next.callback();
      await flushMicrotasks();
    }
    this.current = target;
    await flushMicrotasks();
  }

  /** `advance` to an absolute epoch-ms time (no-op if already past it). */
  advanceTo(epochMs: number): Promise<void> {
    return this.advance(Math.max(0, epochMs - this.current));
  }

  /**
   * Moves `now()` by `ms` without firing anything. `shiftTimers: true` (default) models a machine
   * suspend: monotonic timers keep their remaining delay. `shiftTimers: false` leaves timers at
   * their old due times, so the next `advance(0)` fires them late (a blocked event loop).
   */
  jump(ms: number, options: { shiftTimers?: boolean } = {}): void {
    this.current += ms;
    if (options.shiftTimers ?? true) for (const t of this.timers) t.due += ms;
  }

  /** Number of timers still scheduled (tests use it to prove `dispose()` leaves nothing behind). */
  pendingTimerCount(): number {
    return this.timers.length;
  }

  /** Due time of the earliest pending timer, or undefined. */
  nextTimerAt(): number | undefined {
    return this.nextDue(Number.POSITIVE_INFINITY)?.due;
  }

  private nextDue(limit: number): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const t of this.timers) {
      if (t.due > limit) continue;
      if (!best || t.due < best.due || (t.due === best.due && t.seq < best.seq)) best = t;
    }
    return best;
  }
}
