import type { Clock, TimerHandle } from '../ports/clock.js';

/**
 * Detects wall-clock jumps. Node/Electron timers run on a monotonic clock that stops while the
 * machine sleeps, but `Date.now()` does not: after a 2-hour sleep a lock timer that had 10 minutes
 * left still has 10 minutes left, although the activation ended long ago. Electron's 'resume'
 * event usually tells us, but it is not delivered on every platform or for every kind of pause
 * (a frozen VM, a blocked event loop, the user changing the clock). So a short periodic timer
 * compares the time that actually passed with the interval it asked for; a difference beyond
 * `toleranceMs` is reported as a jump (positive drift: forward, negative: backward).
 */
export class ClockWatchdog {
  private timer: TimerHandle | undefined;
  private lastTick = 0;

  /**
   * @param onTick called on every tick with the drift since the expected tick time
   */
  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly onTick: (tick: { now: number; driftMs: number }) => void,
  ) {}

  /** Starts ticking (idempotent). */
  start(): void {
    if (!this.timer) this.arm();
  }

  /** Restarts the baseline, e.g. after a 'resume' that was already handled. */
  restart(): void {
    this.stop();
    this.arm();
  }

  /** Stops ticking. */
  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  private arm(): void {
    this.lastTick = this.clock.now();
    this.timer = this.clock.setTimer(this.intervalMs, () => {
      const now = this.clock.now();
      const driftMs = now - (this.lastTick + this.intervalMs);
      this.arm();
      this.onTick({ now, driftMs });
    });
  }
}
