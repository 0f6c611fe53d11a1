import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditJournal } from '../../../../../main/services/journal/audit-journal.js';
import { ManualClock } from '../../../../helpers/manual-clock.js';
import { MemorySecretStore } from '../../../../helpers/fakes/secret-store.fake.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'jit-journal-shared-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('AuditJournal shared by the app and the command line', () => {
  it('keeps one valid chain when two processes (two instances) append in turn', async () => {
    const clock = new ManualClock();
    const keychain = new MemorySecretStore(); // one OS keychain for both processes, as on a desktop
    const app = new AuditJournal({ dir, clock, keychain });
    const cli = new AuditJournal({ dir, clock, keychain });
    await app.append({ action: 'sign-in', outcome: 'ok', account: 'alex@contoso-it.example' });
    await cli.append({ action: 'reveal', outcome: 'ok', vault: 'kv-contoso-network', secretName: 'core-switch-enable', source: 'cli' });
    await app.append({ action: 'copy', outcome: 'ok', vault: 'kv-contoso-network', secretName: 'fw-edge-01-admin' });
    await cli.append({ action: 'lock', outcome: 'ok', source: 'cli' });
    await expect(new AuditJournal({ dir, clock, keychain }).verify()).resolves.toEqual({ ok: true, lines: 4 });
    expect((await app.read()).map((r) => r.source ?? 'app')).toEqual(['app', 'cli', 'app', 'cli']);
  });
});
