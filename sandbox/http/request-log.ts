/** One logged request. Never bodies, tokens or query values that could carry secrets. */
export interface RequestLogEntry {
  time: string;
  service: string;
  vault?: string;
  method: string;
  /** Path without the query string. */
  path: string;
  status: number;
  durationMs: number;
  /** Fault applied, if any. */
  fault?: string;
}

/** Bounded in-memory log of requests, readable through the admin API. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];

  constructor(private readonly capacity = 10_000) {}

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  /** Entries, optionally only those after index `since` (for incremental reads). */
  list(since = 0): { entries: RequestLogEntry[]; next: number; total: number } {
    return { entries: this.entries.slice(since), next: this.entries.length, total: this.entries.length };
  }

  clear(): void {
    this.entries = [];
  }
}
