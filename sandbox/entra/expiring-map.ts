/**
 * A bounded in-memory map whose entries expire at a sandbox-clock time. Holds the short-lived
 * sign-in state (flows, authorization codes, device codes): a restart drops them, as an STS
 * restart would invalidate nothing a client could not simply retry.
 */
export class ExpiringMap<V extends { expiresAt: number }> {
  private readonly entries = new Map<string, V>();

  constructor(
    private readonly now: () => number,
    /** Oldest entries are dropped beyond this many (a flood of GET /authorize cannot exhaust memory). */
    private readonly maxEntries = 10_000,
    /** Entries are kept this long after expiry (to tell "expired" from "unknown"). */
    private readonly graceMs = 0,
  ) {}

  set(key: string, value: V): void {
    this.prune();
    this.entries.set(key, value);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  /** The entry, including expired ones still within the grace period (callers check expiresAt). */
  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value && value.expiresAt + this.graceMs <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Entries for which `predicate` holds (live or in grace). */
  find(predicate: (value: V) => boolean): V | undefined {
    for (const [key, value] of this.entries) {
      if (value.expiresAt + this.graceMs <= this.now()) {
        this.entries.delete(key);
        continue;
      }
      if (predicate(value)) return value;
    }
    return undefined;
  }

  private prune(): void {
    const now = this.now();
    for (const [key, value] of this.entries) if (value.expiresAt + this.graceMs <= now) this.entries.delete(key);
  }
}
