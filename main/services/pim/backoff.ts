/**
 * Delay schedules for polling. Each returns the delay before attempt `n` (0-based), so a caller can
 * combine it with a server's Retry-After (which always wins when longer).
 */

/** Following a request through approval: people take minutes, so start at 3 s and settle at 30 s. */
export function approvalPollDelay(attempt: number): number {
  return [3000, 5000, 10_000, 15_000, 20_000][attempt] ?? 30_000;
}

/** Following provisioning: seconds at most, so poll quickly and settle at 5 s. */
export function provisioningPollDelay(attempt: number): number {
  return [500, 1000, 1000, 2000, 3000][attempt] ?? 5000;
}

/**
 * Readiness probes after Provisioned. Never more than 2 s apart during the first minute, so the
 * time lost after Azure's propagation is at most 2 s; then slower, as propagation that slow means
 * something else is going on (replication, a firewall) and probes cost tokens and calls.
 */
export function readinessProbeDelay(attempt: number, elapsedMs: number): number {
  if (elapsedMs > 180_000) return 10_000;
  if (elapsedMs > 60_000) return 5000;
  return [500, 1000, 1000, 1500][attempt] ?? 2000;
}

/**
 * Readiness probes when the propagation is expected after `expectedMs` (remembered for these
 * vaults): one probe halfway (in case it is faster this time), one 1 s before the expected moment,
 * then every second for 5 s and every 2 s until 30 s past it — so Ready is seen within ~1–2 s of
 * the earliest true moment when propagation repeats, at ~5 probes whatever the delay. Beyond that
 * the expectation was wrong: fall back to `readinessProbeDelay` counted from the expected moment.
 */
export function expectedReadinessProbeDelay(attempt: number, elapsedMs: number, expectedMs: number): number {
  const half = expectedMs / 2;
  const before = expectedMs - 1000;
  if (elapsedMs < half - 1000) return half - elapsedMs;
  if (elapsedMs < before - 500) return before - elapsedMs;
  const late = elapsedMs - expectedMs;
  if (late < 5000) return 1000;
  if (late < 30_000) return 2000;
  return readinessProbeDelay(attempt, late);
}

/** Reads Retry-After (seconds or HTTP date) from an error's cause headers, in ms. */
export function retryAfterMs(error: unknown, nowMs: number): number | undefined {
  const cause = (error as { cause?: { headers?: { get?(n: string): string | null } } })?.cause;
  const value = cause?.headers?.get?.('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - nowMs) : undefined;
}
