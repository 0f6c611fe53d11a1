import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../helpers/fakes/secret-store.fake.js';
import { createAppCore, type AppCore } from '../../main/core/app-core.js';
import { createIpcDispatcher } from '../../main/ipc/ipc-wrapper.js';
import { APP_ORIGIN, isTrustedFrame } from '../../main/security/app-origin.js';
import { ipcHandlers } from '../../main/ipc/handlers.js';
import { FileLogger } from '../../main/adapters/file-logger.js';
import { SystemClock } from '../../main/adapters/system-clock.js';
import { FakeClipboard } from '../helpers/fakes/clipboard.fake.js';
import { FakeNotifier } from '../helpers/fakes/notifier.fake.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';

/** A configured core on real-cloud settings (nothing here talks to the network: no one is signed in). */
async function startCore(dir: string, keychain: MemorySecretStore, notifier = new FakeNotifier()): Promise<AppCore> {
  return createAppCore({
    clock: new SystemClock(),
    secretStore: keychain,
    clipboard: new FakeClipboard(),
    notifier,
    logger: new FileLogger({ dir: join(dir, 'logs'), clock: new SystemClock() }),
    openBrowser: async () => undefined,
    paths: { settingsFile: join(dir, 'settings.json'), policyFile: join(dir, 'none.json'), favouritesFile: join(dir, 'f.json'), pendingRequestsFile: join(dir, 'p.json'), journalDir: join(dir, 'journal') },
    platform: 'linux',
  });
}

describe('a tampered audit journal is reported on start and in the UI state', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a cut tail: the next start logs it, notifies, and app:getState carries the plain-language problem', async () => {
    dir = mkdtempSync(join(tmpdir(), 'jit-vault-journal-report-'));
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ tenants: [{ tenantId: TENANT, clientId: CLIENT }] }));
    const keychain = new MemorySecretStore();
    const first = await startCore(dir, keychain);
    await first.settled();
    expect(first.journalProblem()).toBeUndefined();
    for (const name of ['a', 'b', 'c']) await first.journal.append({ action: 'copy', outcome: 'ok', vault: 'kv-contoso', secretName: name });
    await first.dispose();

    // Someone removes the last line (the copy they do not want seen).
    const file = join(dir, 'journal', readdirSync(join(dir, 'journal'))[0]!);
    writeFileSync(file, `${readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(0, 2).join('\n')}\n`);

    const notifier = new FakeNotifier();
    const second = await startCore(dir, keychain, notifier);
    try {
      await second.settled();
      expect(second.journalProblem()).toMatch(/cut short: 2 of 3 entries remain/);
      expect(notifier.ofKind('failed')).toEqual([expect.objectContaining({ title: 'Audit journal changed' })]);
      const dispatcher = createIpcDispatcher(ipcHandlers, second, { isTrustedSender: isTrustedFrame });
      const state = (await dispatcher.dispatch('app:getState', {}, { origin: APP_ORIGIN, isMainFrame: true })) as { ok: boolean; value: { journalProblem?: string } };
      expect(state.ok).toBe(true);
      expect(state.value.journalProblem).toMatch(/cut short/);
    } finally {
      await second.dispose();
    }
  });
});
