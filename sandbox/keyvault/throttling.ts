import type { SandboxClock } from '../clock.js';

/** The window Key Vault's limits are stated over ("transactions per 10 seconds per vault"). */
export const THROTTLE_WINDOW_MS = 10_000;

/**
 * A sliding 10-second window of admitted transactions for one vault, on the sandbox clock. A
 * throttled request is not recorded: Microsoft's guidance says failed 429s do not count toward the limit.
 */
export class VaultThrottle {
  private admitted: number[] = [];

  constructor(private readonly clock: SandboxClock) {}

  /** Admits a request (and records it) unless `limit` requests were admitted in the last 10 s. */
  tryAdmit(limit: number): boolean {
    const now = this.clock.now();
    const cutoff = now - THROTTLE_WINDOW_MS;
    // Timestamps are appended in clock order, so the expired ones are a prefix.
    let expired = 0;
    while (expired < this.admitted.length && this.admitted[expired]! <= cutoff) expired++;
    if (expired > 0) this.admitted = this.admitted.slice(expired);
    if (this.admitted.length >= limit) return false;
    this.admitted.push(now);
    return true;
  }
}
