import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../helpers/fakes/secret-store.fake.js';
import type { PendingRecord } from '../../main/services/pim/pending-requests.store.js';
import type { ReadyInfo } from '../../sandbox/ready-info.js';
import { DEMO_SEED_PATH } from '../../sandbox/seed/load-seed.js';
import { adminCall, makeStateDir, spawnSandbox, type SpawnedSandbox } from '../helpers/sandbox.js';
import { appPaths, DEMO, startApp, type AppHarness } from './app-harness.js';
import { canaryValue, filesUnder, plantSecret, recentTempFiles, scanFiles, TokenCapture } from './leak-scan.js';
import { waitUntil } from '../helpers/wait-until.js';

/**
 * Restarts in the middle of an activation, through the composed app core:
 * - the app quits while a request waits for approval; a new app (same files, same keychain)
 *   resumes following it from the pending-requests file and reaches Ready — no second request;
 * - the sandbox (Entra, Graph, Key Vault) goes down while the app waits for Key Vault to accept the
 *   activation, and comes back on the same ports from its state directory: the app rides it out.
 * The sandbox runs as its real CLI in a child process, so it can really stop and start again.
 */
describe('restarts in the middle of an activation', () => {
  const seed = JSON.parse(readFileSync(DEMO_SEED_PATH, 'utf8'));
  const keychain = new MemorySecretStore(); // survives the app restart, as the OS keychain would
  const tokens = new TokenCapture();
  const canary = canaryValue();
  const started = Date.now();
  let stateDir: string;
  let dir: string;
  let sandbox: SpawnedSandbox;
  let info: ReadyInfo;
  let app: AppHarness;
  let accountId: string;

  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await adminCall(info, method, path, body);
    if (response.status >= 300) throw new Error(`admin ${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const start = () => startApp({ sandbox: () => ({ info, seed }), dir, secretStore: tokens.wrapStore(keychain), tuning: { pim: { readinessTimeoutMs: 60_000 } } });

  beforeAll(async () => {
    stateDir = makeStateDir();
    // No --reset: a restart must find the state this start writes.
    sandbox = await spawnSandbox(['--state-dir', stateDir]);
    info = sandbox.info;
    await admin('PATCH', '/settings', { propagationDelaySeconds: 3 });
    await plantSecret(info, DEMO.officer, DEMO.workstations.vault, 'restart-canary', canary);
    dir = mkdtempSync(join(tmpdir(), 'jit-vault-faults-restart-'));
    app = await start();
    tokens.watchAuth(app.core.auth);
    accountId = await app.signIn();
    await app.core.settled();
  });
  afterAll(async () => {
    await app?.stop();
    await sandbox?.stop();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the app quits while a request waits for approval; the restarted app resumes following it to Ready', async () => {
    const { requestId } = await app.core.pim.activate({ accountId, groupId: DEMO.servers.groupId, justification: 'Fault injection: app restart', durationMinutes: 60 });
    await app.waitForPhase(requestId, 'PendingApproval');
    await app.stop();
    const pending = JSON.parse(readFileSync(appPaths(dir).pendingRequestsFile, 'utf8')) as PendingRecord[];
    expect(pending.map((r) => r.requestId)).toContain(requestId);

    // Approved while JIT Vault is not running.
    await admin('POST', `/pim/requests/${requestId}/approve`, { justification: 'approved while the app was closed' });
    app = await start();
    tokens.watchAuth(app.core.auth);
    const ready = await app.waitForPhase(requestId, 'Ready', 60_000);
    expect(ready.accountId).toBe(accountId);
    expect(app.core.session.isUnlocked(DEMO.servers.vault)).toBe(true);
    // Followed, not re-submitted: Graph holds exactly one request of ours for the group.
    const requests = await app.core.pim.activeActivations(accountId);
    expect(requests.filter((a) => a.groupId === DEMO.servers.groupId)).toHaveLength(1);
    // Then it is dropped from the pending file (written just after Ready).
    const pendingIds = () => (JSON.parse(readFileSync(appPaths(dir).pendingRequestsFile, 'utf8')) as PendingRecord[]).map((r) => r.requestId);
    await waitUntil('the request dropped from the pending file', () => !pendingIds().includes(requestId), { timeoutMs: 5000 });
    expect(pendingIds()).not.toContain(requestId);
  });

  it('the sandbox stops while the app waits for Key Vault and comes back on the same ports: the activation still reaches Ready', async () => {
    const { requestId } = await app.core.pim.activate({ accountId, groupId: DEMO.workstations.groupId, justification: 'Fault injection: Azure restart', durationMinutes: 30 });
    await app.waitForPhase(requestId, 'Propagating');
    const before = { authority: info.authority, graph: info.graph, vaults: info.vaults.map((v) => v.url) };
    expect(await sandbox.stop()).toBe(0);
    // Probes now fail with connection errors; give the app a few of them.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(app.activations.filter((e) => e.requestId === requestId).map((e) => e.phase)).not.toContain('Failed');
    sandbox = await spawnSandbox(['--state-dir', stateDir]);
    info = sandbox.info;
    expect({ authority: info.authority, graph: info.graph, vaults: info.vaults.map((v) => v.url) }).toEqual(before);
    const ready = await app.waitForPhase(requestId, 'Ready', 60_000);
    expect(ready.endsAt).toBeGreaterThan(Date.now() + 25 * 60_000);
    await app.core.vault.refresh([DEMO.workstations.vault]);
    await app.core.vault.copy({ vault: DEMO.workstations.vault, name: 'restart-canary' });
    expect(app.clipboard.current()).toBe(canary);
  });

  it('no canary value or token in the app files or in temporary files written meanwhile (the sandbox state excepted)', () => {
    const needles = [{ label: 'canary', value: canary }, ...tokens.needles()];
    expect(tokens.persistedSecrets.size).toBeGreaterThan(0);
    expect(scanFiles(filesUnder([dir]), needles)).toEqual([]);
    // Other test files' sandboxes hold their own values, never this run's canary or tokens.
    expect(scanFiles(recentTempFiles(started, [stateDir]), needles)).toEqual([]);
  });
});
