/**
 * Polls `check` until it returns a value other than `undefined`/`false`, and returns that value.
 * Only for progress that depends on real I/O (a sandbox, a child process, a file): code driven by
 * a Clock port is tested with ManualClock instead, never by waiting. Nothing is timed: the bound
 * only turns a hang into a failure that says what did not happen (`what`, plus `detail()` when given).
 */
export async function waitUntil<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  options: { timeoutMs?: number; intervalMs?: number; detail?: () => string } = {},
): Promise<T> {
  const { timeoutMs = 30_000, intervalMs = 25 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${options.detail ? `; ${options.detail()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
