import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LockRequestFile, type LockRequest } from '../../../../../main/services/session/lock-request-file.js';
import { ManualClock } from '../../../../helpers/manual-clock.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fixture() {
  const dir = mkdtempSync(join(tmpdir(), 'jit-vault-lock-request-'));
  dirs.push(dir);
  const file = join(dir, 'profile', 'lock-request.json');
  const clock = new ManualClock();
  const seen: LockRequest[] = [];
  let notify: (() => void) | undefined;
  const next = () => new Promise<void>((resolve) => (notify = resolve));
  const requests = new LockRequestFile(file);
  const stop = requests.watch(clock, clock.now(), (request) => {
    seen.push(request);
    notify?.();
  });
  return { file, clock, seen, next, requests, stop };
}

describe('LockRequestFile', () => {
  it('a request written after the app started is acted on once, at the next poll', async () => {
    const { clock, seen, next, requests, stop } = fixture();
    await requests.request(clock.now() + 10);
    const acted = next();
    await clock.advance(1000);
    await acted;
    expect(seen).toEqual([{ requestedAt: clock.now() - 1000 + 10, by: 'cli' }]);
    // Polling again finds the same request: not acted on twice.
    await clock.advance(1000);
    await (async () => requests.read())();
    await clock.advance(1000);
    expect(seen).toHaveLength(1);
    stop();
  });

  it('ignores a request older than the app, a malformed file and a missing file', async () => {
    const { file, clock, seen, next, requests, stop } = fixture();
    await expect(requests.read()).resolves.toBeUndefined();
    await requests.request(clock.now() - 60_000);
    await clock.advance(1000);
    writeFileSync(file, '{"requestedAt":"soon"');
    await expect(requests.read()).resolves.toBeUndefined();
    await clock.advance(1000);
    // A real request afterwards is the first (and only) one acted on.
    const newer = clock.now() + 5;
    await requests.request(newer);
    const acted = next();
    await clock.advance(1000);
    await acted;
    expect(seen).toEqual([{ requestedAt: newer, by: 'cli' }]);
    stop();
  });
});
