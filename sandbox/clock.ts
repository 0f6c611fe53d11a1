/**
 * The sandbox's clock: real time plus an offset the admin API can move forward, so tests can
 * jump past an activation's end without sleeping. Everything time-dependent in the sandbox
 * (token exp, activation ends, soft-delete purge dates) reads this clock, lazily.
 */
export class SandboxClock {
  private offsetMs = 0;

  constructor(private readonly realNow: () => number = Date.now) {}

  /** Current sandbox time in epoch milliseconds. */
  now(): number {
    return this.realNow() + this.offsetMs;
  }

  /** Current sandbox time as an ISO string, Graph's format. */
  iso(): string {
    return new Date(this.now()).toISOString();
  }

  /** Current sandbox time in unix seconds, Key Vault's and JWT's format. */
  seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  /** Moves the clock forward (never backward: tokens and schedules assume monotonic time). */
  advance(ms: number): void {
    if (ms > 0) this.offsetMs += ms;
  }

  /** Offset from real time, persisted so a restart keeps the same sandbox time. */
  get offset(): number {
    return this.offsetMs;
  }

  set offset(ms: number) {
    this.offsetMs = Math.max(0, ms);
  }
}
