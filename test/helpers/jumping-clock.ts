import { SystemClock } from '../../main/adapters/system-clock.js';

/**
 * The real clock plus an offset the test can jump (a suspend, or the user changing the time);
 * timers and sleeps are SystemClock's own (real, unref'd). For suites where real I/O runs (sandbox,
 * keychain) and a ManualClock could not drive it; everywhere else use ManualClock, whose `jump`
 * models the same without real time.
 */
export class JumpingClock extends SystemClock {
  private offset = 0;

  override now(): number {
    return super.now() + this.offset;
  }

  /** Moves `now()` forward by `ms`; no timer fires early (Node timers run on the monotonic clock). */
  jump(ms: number): void {
    this.offset += ms;
  }
}
