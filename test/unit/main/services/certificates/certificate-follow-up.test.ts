import { describe, expect, it } from 'vitest';
import { LISTING_RETRY_FIRST_MS, LISTING_RETRY_MAX_MS, ListingRetries, listingRetryDelay } from '../../../../../main/services/certificates/certificate-listing-retry.js';
import { OPERATION_FOLLOW_MAX_MS, OPERATION_POLL_MS, OperationWatch } from '../../../../../main/services/certificates/certificate-operation-watch.js';
import type { CertificateOperationDto } from '../../../../../shared/domain/certificates.js';
import { ManualClock } from '../../../../helpers/manual-clock.js';

const REF = { vault: 'kv-web', name: 'wildcard' };

describe('ListingRetries: a certificate listing failed for a passing reason is tried again with backoff', () => {
  it('waits 5 s, 10 s, 20 s … capped at 5 min; a success starts again from 5 s', async () => {
    expect([0, 1, 2, 3, 5, 6, 30].map(listingRetryDelay)).toEqual([5_000, 10_000, 20_000, 40_000, 160_000, LISTING_RETRY_MAX_MS, LISTING_RETRY_MAX_MS]);
    const clock = new ManualClock();
    const runs: number[] = [];
    const retries = new ListingRetries(clock, () => runs.push(clock.now()));
    const start = clock.now();
    expect(retries.failed('kv-web', 'network')).toBe(start + LISTING_RETRY_FIRST_MS);
    await clock.advance(LISTING_RETRY_FIRST_MS - 1);
    expect(runs).toEqual([]);
    await clock.advance(1);
    expect(runs).toEqual([start + 5_000]);
    expect(retries.failed('kv-web', 'vault-throttled')).toBe(clock.now() + 10_000);
    await clock.advance(10_000);
    expect(runs).toHaveLength(2);
    retries.succeeded('kv-web');
    expect(retries.failed('kv-web', 'network')).toBe(clock.now() + 5_000);
    retries.dispose();
    expect(clock.pendingTimerCount()).toBe(0);
  });

  it('does not retry a refusal, a missing vault or a needed sign-in; a listing started by hand cancels the pending try', async () => {
    const clock = new ManualClock();
    let runs = 0;
    const retries = new ListingRetries(clock, () => runs++);
    for (const code of ['vault-forbidden-rbac', 'vault-not-found', 'not-signed-in', 'settings-invalid'] as const) expect(retries.failed('kv-web', code)).toBeUndefined();
    expect(clock.pendingTimerCount()).toBe(0);
    retries.failed('kv-web', 'network');
    retries.cancel('kv-web');
    await clock.advance(LISTING_RETRY_MAX_MS);
    expect(runs).toBe(0);
    // Cancelling keeps the count: the next failure waits longer (10 s), a forgotten vault starts over.
    expect(retries.failed('kv-web', 'network')).toBe(clock.now() + 10_000);
    retries.forget('kv-web');
    expect(clock.pendingTimerCount()).toBe(0);
    expect(retries.failed('kv-web', 'network')).toBe(clock.now() + 5_000);
  });
});

describe('OperationWatch: a create/renew operation is followed until it ended', () => {
  function watch(statuses: (CertificateOperationDto['status'] | Error)[]) {
    const clock = new ManualClock();
    const reads: number[] = [];
    const ended: string[] = [];
    const w = new OperationWatch({
      clock,
      status: async () => {
        reads.push(clock.now());
        const next = statuses.shift() ?? 'inProgress';
        if (next instanceof Error) throw next;
        return next;
      },
      ended: async (ref) => void ended.push(ref.name),
    });
    return { clock, reads, ended, w };
  }

  it('reads at growing intervals, tries again after a failed read, and refreshes once when the operation completed', async () => {
    const { clock, reads, ended, w } = watch(['inProgress', new Error('ECONNRESET'), 'completed']);
    const start = clock.now();
    const done = w.follow(REF);
    expect(w.follow({ ...REF, name: 'WILDCARD' })).toBe(done); // one follower per certificate
    await clock.advance(OPERATION_POLL_MS[0]! + OPERATION_POLL_MS[1]! + OPERATION_POLL_MS[2]!);
    await done;
    expect(reads).toEqual([start + 2_000, start + 6_000, start + 14_000]);
    expect(ended).toEqual(['wildcard']);
    expect(w.following(REF)).toBe(false);
  });

  it('a cancelled, failed or vanished operation ends the follow too; stop() and the time limit end it without a refresh', async () => {
    for (const status of ['cancelled', 'failed', 'none'] as const) {
      const { clock, ended, w } = watch([status]);
      const done = w.follow(REF);
      await clock.advance(OPERATION_POLL_MS[0]!);
      await done;
      expect(ended).toEqual(['wildcard']);
    }
    const stopped = watch([]);
    const done = stopped.w.follow(REF);
    stopped.w.stop(['kv-web']);
    await done;
    expect(stopped.clock.pendingTimerCount()).toBe(0);
    const endless = watch([]);
    const given = endless.w.follow(REF);
    await endless.clock.advance(OPERATION_FOLLOW_MAX_MS + 60_000);
    await given;
    expect(endless.ended).toEqual([]);
    expect(endless.clock.pendingTimerCount()).toBe(0);
  });
});
