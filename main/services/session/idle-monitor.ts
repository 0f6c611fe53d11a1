import type { Clock, TimerHandle } from '../ports/clock.js';
import type { PowerEvents } from '../ports/power-events.js';

/** Longest single timer (Node clamps delays above 2^31-1 ms). */
const maxTimerMs = 60 * 60_000;

/**
 * Fires `onIdle` once nobody has been at the machine for `idleLockMs`. Idle means no activity in
 * JIT Vault (`recordActivity`) AND, when the OS reports it, no keyboard/mouse input anywhere —
 * Bitwarden's "on idle": someone working in another window is present. Without a PowerEvents port
 * only in-app activity counts. A single timer aims at the earliest moment the lock could be due
 * and re-checks then, so activity costs nothing but a timestamp.
 */
export class IdleMonitor {
  private timer: TimerHandle | undefined;
  private lastActivity: number;

  /** @param idleLockMs 0, negative or Infinity disables the idle lock */
  constructor(
    private readonly clock: Clock,
    private readonly idleLockMs: number,
    private readonly power: PowerEvents | undefined,
    private readonly onIdle: () => void,
  ) {
    this.lastActivity = clock.now();
  }

  private get enabled(): boolean {
    return this.idleLockMs > 0 && Number.isFinite(this.idleLockMs);
  }

  /** Restarts the idle window. */
  recordActivity(): void {
    this.lastActivity = this.clock.now();
  }

  /** Starts watching (idempotent). */
  start(): void {
    if (!this.timer && this.enabled) this.arm();
  }

  /** Stops watching. */
  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** Checks now (e.g. after a clock jump); no-op when not started. */
  check(): void {
    if (!this.timer) return;
    this.stop();
    const now = this.clock.now();
    const osIdleMs = this.power ? this.power.idleSeconds() * 1000 : Number.POSITIVE_INFINITY;
    const idleMs = Math.min(now - this.lastActivity, osIdleMs);
    if (idleMs >= this.idleLockMs) {
      this.onIdle();
      return;
    }
    // Whichever input came last, the earliest possible lock is idleLockMs after it.
    this.lastActivity = Math.max(this.lastActivity, now - idleMs);
    this.arm();
  }

  private arm(): void {
    const delay = Math.max(0, this.lastActivity + this.idleLockMs - this.clock.now());
    this.timer = this.clock.setTimer(Math.min(delay, maxTimerMs), () => this.check());
  }
}
