import type { AppErrorCode } from '../errors.js';
import type { Clock, TimerHandle } from '../ports/clock.js';

/** First wait before a failed certificate listing is tried again (then doubled each time). */
export const LISTING_RETRY_FIRST_MS = 5_000;
/** Longest wait between two tries: a vault down for an hour is still tried every 5 minutes. */
export const LISTING_RETRY_MAX_MS = 300_000;

/**
 * Failures that pass by themselves: no connection, Azure's 5xx, Key Vault throttling (the SDK already
 * honoured Retry-After for its own retries). A refusal (403), a missing vault (404) or a sign-in that
 * is needed does not pass by waiting: those wait for the user (sign-in retries them, see AppCore).
 */
const PASSING: ReadonlySet<AppErrorCode> = new Set<AppErrorCode>(['network', 'vault-throttled']);

/** The wait before try `attempt` + 1 (attempt 0: the first retry): 5 s, 10 s, 20 s … capped at 5 min. */
export function listingRetryDelay(attempt: number): number {
  return Math.min(LISTING_RETRY_MAX_MS, LISTING_RETRY_FIRST_MS * 2 ** Math.min(attempt, 16));
}

/**
 * Retries with backoff the certificate listings that failed for a passing reason, per vault, on the
 * Clock port (tests drive it with a manual clock). One timer per vault at most; a success, a
 * forgotten vault or `dispose` ends the series, a listing started by hand cancels the pending timer.
 */
export class ListingRetries {
  private readonly timers = new Map<string, TimerHandle>();
  private readonly attempts = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly relist: (vault: string) => void,
  ) {}

  /** A listing of `vault` failed with `code`: schedules the next try when the cause passes by itself. Returns when it runs (epoch ms). */
  failed(vault: string, code: AppErrorCode): number | undefined {
    this.cancel(vault);
    if (!PASSING.has(code)) {
      this.attempts.delete(vault);
      return undefined;
    }
    const attempt = this.attempts.get(vault) ?? 0;
    this.attempts.set(vault, attempt + 1);
    const delay = listingRetryDelay(attempt);
    this.timers.set(
      vault,
      this.clock.setTimer(delay, () => {
        this.timers.delete(vault);
        this.relist(vault);
      }),
    );
    return this.clock.now() + delay;
  }

  /** The listing of `vault` succeeded: the next failure starts again from the first wait. */
  succeeded(vault: string): void {
    this.forget(vault);
  }

  /** A listing starts now (by hand or by the timer): no second one from a pending timer. */
  cancel(vault: string): void {
    this.timers.get(vault)?.cancel();
    this.timers.delete(vault);
  }

  /** The vault left (settings, sign-out): no more tries. */
  forget(vault: string): void {
    this.cancel(vault);
    this.attempts.delete(vault);
  }

  dispose(): void {
    for (const vault of [...this.timers.keys()]) this.forget(vault);
    this.attempts.clear();
  }
}
