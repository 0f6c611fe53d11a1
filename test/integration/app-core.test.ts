import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IpcResult } from '../../shared/domain/types.js';
import type { ChannelArgs, ChannelResult, EventChannel, EventPayloads, InvokeChannel } from '../../shared/ipc/contract.js';
import { KeyringSecretStore } from '../../main/adapters/keyring.secret-store.js';
import { MemorySecretStore } from '../helpers/fakes/secret-store.fake.js';
import { createAppCore, type AppCore } from '../../main/core/app-core.js';
import { forwardEvents } from '../../main/ipc/event-forwarder.js';
import { ipcHandlers } from '../../main/ipc/handlers.js';
import { createIpcDispatcher } from '../../main/ipc/ipc-wrapper.js';
import { isTrustedFrame, type FrameSender } from '../../main/security/app-origin.js';
import { FileLogger } from '../../main/adapters/file-logger.js';
import { SystemClock } from '../../main/adapters/system-clock.js';
import { FakeClipboard } from '../helpers/fakes/clipboard.fake.js';
import { FakeNotifier } from '../helpers/fakes/notifier.fake.js';
import { browseSignIn, completeDeviceCode } from '../helpers/msal.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { hasPrivateKeyring } from './auth-support.js';

/**
 * The composed application through its IPC table, end to end: createAppCore in demo mode against
 * the sandbox, real msal-node sign-in (interactive and device code) with refresh tokens in the real
 * Secret Service (scripts/with-keyring.sh), real Graph PIM activation, real Key Vault SDK for
 * listing, copy and reveal; locks, re-opening access, restart from the keychain, sign-out.
 * Real time: the sandbox's propagation delay is one second.
 */

const NETWORK_GROUP = '37b957ba-ce5c-4227-ac28-66f41c3e8352';
const NETWORK_VAULT = 'kv-contoso-network';
const TRUSTED: FrameSender = { origin: 'app://jit-vault', isMainFrame: true };

/** Polls `check` until it returns a value (real network progress; bounded). */
async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('app core over the IPC handler table (demo mode, sandbox)', () => {
  let sandbox: TestSandbox;
  let dir: string;
  // The real Secret Service inside scripts/with-keyring.sh's private session; outside it, never the
  // developer's own keychain: one in-memory store that survives the "restart" below instead.
  const keychainService = `JIT Vault app-core test ${randomUUID()}`;
  const memoryKeychain = new MemorySecretStore();
  const keychain = () => (hasPrivateKeyring ? new KeyringSecretStore({ service: keychainService }) : memoryKeychain);
  const clipboard = new FakeClipboard();
  const notifier = new FakeNotifier();
  let logger: FileLogger;
  let core: AppCore | undefined;
  let events: { event: EventChannel; payload: unknown }[] = [];
  let call: <C extends InvokeChannel>(channel: C, args: ChannelArgs<C>) => Promise<IpcResult<ChannelResult<C>>>;
  let secretValue: string;
  /** The activation the tests below follow (revoked by an admin near the end). */
  let networkRequestId: string;

  const helpdesk = () => sandbox.info.users.find((u) => u.username.startsWith('alex.helpdesk') && u.tenantId === sandbox.info.tenantId)!;
  const paths = () => ({
    settingsFile: join(dir, 'settings.json'),
    policyFile: join(dir, 'policy.json'),
    favouritesFile: join(dir, 'favourites.json'),
    pendingRequestsFile: join(dir, 'pending-requests.json'),
    journalDir: join(dir, 'journal'),
  });

  /** Simulates the user closing the browser instead of signing in. */
  let browserClosed = false;

  async function startCore(): Promise<AppCore> {
    const started = await createAppCore({
      clock: new SystemClock(),
      secretStore: keychain(),
      clipboard,
      notifier,
      logger,
      openBrowser: async (url) => {
        if (browserClosed) throw new Error('the user closed the sign-in page');
        await browseSignIn(url, helpdesk());
      },
      paths: paths(),
      platform: 'linux',
      demoSandbox: async () => ({ info: sandbox.info, seed: sandbox.context.store.data }),
      allowLoopbackEndpoints: true,
      tuning: { auth: { loadBroker: async () => undefined } },
    });
    const dispatcher = createIpcDispatcher(ipcHandlers, started, { isTrustedSender: (s: FrameSender) => isTrustedFrame(s), logger });
    call = (channel, args) => dispatcher.dispatch(channel, args, TRUSTED) as never;
    events = [];
    forwardEvents(started, (event, payload) => void events.push({ event, payload }), logger);
    return started;
  }

  const ok = <T>(result: IpcResult<T>): T => {
    if (!result.ok) throw new Error(`IPC call failed: ${result.code}: ${result.message}`);
    return result.value;
  };
  const eventsOf = <E extends EventChannel>(event: E) => events.filter((e) => e.event === event).map((e) => e.payload as EventPayloads[E]);

  beforeAll(async () => {
    sandbox = await startTestSandbox({ settings: { propagationDelaySeconds: 1 } });
    dir = mkdtempSync(join(tmpdir(), 'jit-vault-app-core-'));
    // The organisation's tag names (policy here; a settings file works the same): the seed's `vendor` tag is its notes.
    writeFileSync(join(dir, 'policy.json'), JSON.stringify({ tagConvention: { notes: ['notes', 'vendor'] } }));
    logger = new FileLogger({ dir: join(dir, 'logs'), clock: new SystemClock() });
    const network = sandbox.context.store.data.tenants.flatMap((t) => t.vaults).find((v) => v.name === NETWORK_VAULT)!;
    secretValue = network.secrets['fw-edge-01-admin']!.versions.at(-1)!.value;
    core = await startCore();
  });
  afterAll(async () => {
    await core?.dispose();
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts in demo mode on the sandbox tenant with nothing signed in', async () => {
    await core!.settled();
    const state = ok(await call('app:getState', {}));
    expect(state).toMatchObject({ mode: 'demo', demoTenantName: 'Contoso IT Services', accounts: [], platform: 'linux' });
    expect(state.tenants.map((t) => t.displayName)).toEqual(['Contoso IT Services', 'Fabrikam Manufacturing (customer)']);
    expect(state.vaults.map((v) => [v.name, v.access])).toEqual([
      ['kv-contoso-servers', 'locked'],
      ['kv-contoso-network', 'locked'],
      ['kv-contoso-workstations', 'locked'],
      // Certificates (issue 14): PIM-Certificate-Installers (Key Vault Certificate User) grants the PFX;
      // the helpdesk's standing Reader still lists names and certificates.
      ['kv-contoso-web', 'locked'],
      ['kv-fabrikam-ops', 'locked'],
    ]);
    expect(await call('vault:copy', { vault: NETWORK_VAULT, name: 'fw-edge-01-admin' })).toMatchObject({ ok: false, code: 'vault-locked' });
  });

  it('signs in through the browser flow and lists the eligible groups with their policies and vaults', async () => {
    const account = ok(await call('auth:signIn', { tenantId: sandbox.info.tenantId, method: 'browser' }));
    expect(account).toMatchObject({ tenantId: sandbox.info.tenantId, tenantName: 'Contoso IT Services', username: helpdesk().username });
    expect(eventsOf('app:stateChanged').length).toBeGreaterThan(0);
    const groups = ok(await call('pim:eligible', {}));
    const network = groups.find((g) => g.groupId === NETWORK_GROUP)!;
    expect(network).toMatchObject({ displayName: 'PIM-Helpdesk-Network', vaults: [NETWORK_VAULT], policy: { requireTicket: true, requireApproval: false, maxDurationMinutes: 240 } });
  });

  it('a request that breaks the policy is refused before it reaches Graph', async () => {
    const [account] = ok(await call('app:getState', {})).accounts;
    const result = await call('pim:activate', { accountId: account!.accountId, groupId: NETWORK_GROUP, justification: 'Firewall change', durationMinutes: 60 });
    expect(result).toMatchObject({ ok: false, code: 'pim-policy' });
  });

  it('lists every vault\'s certificates through cert:list and cert:refresh (metadata under the standing Reader, no activation)', async () => {
    ok(await call('cert:refresh', {}));
    const catalog = ok(await call('cert:list', {}));
    const web = catalog.items.filter((i) => i.vault === 'kv-contoso-web');
    expect(web.map((i) => i.name).sort()).toEqual(['api-contoso-autorenew', 'legacy-intranet', 'rdp-gateway', 'vpn-portal-csr', 'wildcard-contoso-web']);
    expect(web.find((i) => i.name === 'wildcard-contoso-web')).toMatchObject({ keyType: 'RSA 2048', renewal: 'email', subjectAlternativeNames: ['*.contoso.example', 'contoso.example'] });
    expect(catalog.vaults.find((v) => v.vault === 'kv-contoso-web')).toMatchObject({ listing: 'listed', count: 5 });
    expect(eventsOf('cert:catalog')).toContainEqual({ vault: 'kv-contoso-web', listing: 'listed' });
    const versions = ok(await call('cert:versions', { vault: 'kv-contoso-web', name: 'rdp-gateway' }));
    expect(versions).toHaveLength(3);
    expect(await call('cert:versions', { vault: 'kv-contoso-web', name: 'no such/name' })).toMatchObject({ ok: false, code: 'bad-request' });
  });

  it('activates, follows the request to Ready, unlocks and lists the vault, then copies and reveals through Key Vault', async () => {
    const [account] = ok(await call('app:getState', {})).accounts;
    const { requestId } = ok(
      await call('pim:activate', { accountId: account!.accountId, groupId: NETWORK_GROUP, justification: 'Firewall change for INC-1042', durationMinutes: 60, ticketNumber: 'INC-1042' }),
    );
    networkRequestId = requestId;
    const pending = ok(await call('pim:pending', {}));
    expect(pending.map((p) => p.requestId)).toContain(requestId);
    await waitFor('Ready', () => eventsOf('pim:activation').find((e) => e.requestId === requestId && e.phase === 'Ready'));
    const phases = eventsOf('pim:activation').filter((e) => e.requestId === requestId).map((e) => e.phase);
    expect(phases[0]).toBe('Submitted');
    expect(phases.at(-1)).toBe('Ready');
    expect(ok(await call('pim:pending', {})).map((p) => p.requestId)).not.toContain(requestId);

    const unlocked = eventsOf('session:unlocked').find((e) => e.vault === NETWORK_VAULT)!;
    expect(unlocked.endsAt).toBeGreaterThan(Date.now() + 50 * 60_000);
    // The vault was already listed while locked (standing Reader); wait for the listing the unlock started.
    const status = await waitFor('listing after unlock', async () => ok(await call('vault:statuses', {})).find((v) => v.name === NETWORK_VAULT && v.access === 'unlocked' && v.listing === 'listed'));
    expect(status).toMatchObject({ access: 'unlocked', listing: 'listed', itemCount: 4, endsAt: unlocked.endsAt });

    const { hits } = ok(await call('vault:searchPage', { query: 'fw edge' }));
    expect(hits[0]).toMatchObject({ item: { vault: NETWORK_VAULT, name: 'fw-edge-01-admin', locked: false }, nameMatches: [[0, 1], [3, 6]] });
    // Fields follow the organisation's tag convention (`vendor` → notes), the rest keeps the defaults.
    expect(hits[0]!.item.fields).toMatchObject({ username: 'admin', notes: 'Fortinet', url: 'https://fw-edge-01:8443/' });
    const page = ok(await call('vault:searchPage', { query: '', offset: 2, limit: 1 }));
    // Every configured vault is listed (the locked ones through the demo's standing Key Vault Reader).
    expect(page.total).toBe(ok(await call('vault:statuses', {})).reduce((sum, v) => sum + v.itemCount, 0));
    expect(page.total).toBeGreaterThan(4);
    expect(page.hits).toHaveLength(1);

    const copied = ok(await call('vault:copy', { vault: NETWORK_VAULT, name: 'fw-edge-01-admin' }));
    expect(copied.clearsAt).toBeGreaterThan(Date.now());
    expect(clipboard.current()).toBe(secretValue);
    expect(clipboard.writes.at(-1)).toEqual({ concealed: true });
    expect(eventsOf('clipboard:countdown').at(-1)).toMatchObject({ vault: NETWORK_VAULT, name: 'fw-edge-01-admin' });

    const revealed = ok(await call('vault:reveal', { vault: NETWORK_VAULT, name: 'fw-edge-01-admin' }));
    expect(revealed.value).toBe(secretValue);
    expect(revealed.hideAt - Date.now()).toBeGreaterThan(15_000);

    const versions = ok(await call('vault:versions', { vault: NETWORK_VAULT, name: 'fw-edge-01-admin' }));
    expect(versions.length).toBeGreaterThan(0);
    const favourite = ok(await call('vault:setFavourite', { vault: NETWORK_VAULT, name: 'fw-edge-01-admin', favourite: true }));
    expect(favourite).toMatchObject({ name: 'fw-edge-01-admin', favourite: true });

    const journal = ok(await call('journal:recent', { limit: 50 }));
    expect(journal.map((e) => e.action)).toEqual(expect.arrayContaining(['sign-in', 'activate', 'ready', 'copy', 'reveal']));
    expect(journal[0]!.action).toBe('reveal'); // newest first
    expect(JSON.stringify(journal)).not.toContain(secretValue);
  });

  it('lock now locks and clears our clipboard copy; an explicit refresh re-opens access while the activation runs', async () => {
    ok(await call('session:lockNow', {}));
    expect(clipboard.current()).toBe('');
    // Every open vault locks: the activated one (the certificates vault is a PIM vault now, not open).
    expect(eventsOf('session:locked').at(-1)).toMatchObject({ vaults: [NETWORK_VAULT], reason: 'manual' });
    expect(await call('vault:reveal', { vault: NETWORK_VAULT, name: 'fw-edge-01-admin' })).toMatchObject({ ok: false, code: 'vault-locked' });
    // Locked items stay searchable (they lead to "Request access").
    expect(ok(await call('vault:searchPage', { query: 'fw-edge' })).hits[0]).toMatchObject({ item: { name: 'fw-edge-01-admin', locked: true } });

    // A user lock is lifted only by presence (a fresh interactive sign-in here): not given → stays locked.
    browserClosed = true;
    try {
      expect(await call('vault:refresh', {})).toMatchObject({ ok: false, code: 'cancelled', message: expect.stringMatching(/stays locked.*confirm it is you by signing in again/) });
    } finally {
      browserClosed = false;
    }
    expect(ok(await call('vault:statuses', {})).find((v) => v.name === NETWORK_VAULT)?.access).toBe('locked');
    expect(await call('vault:reveal', { vault: NETWORK_VAULT, name: 'fw-edge-01-admin' })).toMatchObject({ ok: false, code: 'vault-locked' });

    ok(await call('vault:refresh', {}));
    await waitFor('re-unlock', async () => ok(await call('vault:statuses', {})).find((v) => v.name === NETWORK_VAULT && v.access === 'unlocked'));
    expect(ok(await call('vault:reveal', { vault: NETWORK_VAULT, name: 'fw-edge-01-admin' })).value).toBe(secretValue);
    expect(ok(await call('journal:recent', { limit: 10 })).some((e) => e.action === 'sign-in' && /presence confirmed \(fresh-sign-in\)/.test(e.detail ?? ''))).toBe(true);
  });

  it('settings changes are validated, applied to the running services and kept in memory in demo mode', async () => {
    expect(await call('settings:update', { clipboardSeconds: 1 })).toMatchObject({ ok: false, code: 'bad-request' });
    const updated = ok(await call('settings:update', { clipboardSeconds: 5, theme: 'dark' }));
    expect(updated).toMatchObject({ clipboardSeconds: 5, theme: 'dark', revealSeconds: 20 });
    const { clearsAt } = ok(await call('vault:copy', { vault: NETWORK_VAULT, name: 'fw-edge-01-admin' }));
    expect(clearsAt - Date.now()).toBeLessThanOrEqual(5000);
    expect(readdirSync(dir)).not.toContain('settings.json'); // demo mode stays demo mode
  });

  it('a second tenant signs in with a device code', async () => {
    const fabrikam = sandbox.info.tenants.find((t) => t.displayName.startsWith('Fabrikam'))!;
    const signingIn = call('auth:signIn', { tenantId: fabrikam.tenantId, method: 'device-code' });
    const code = await waitFor('device code', () => eventsOf('auth:deviceCode')[0]);
    expect(code.userCode).toMatch(/\S/);
    await completeDeviceCode(code.verificationUri, code.userCode, helpdesk());
    const account = ok(await signingIn);
    expect(account).toMatchObject({ tenantId: fabrikam.tenantId, tenantName: 'Fabrikam Manufacturing (customer)' });
    expect(ok(await call('app:getState', {})).accounts).toHaveLength(2);
  });

  it('a restart restores the accounts from the keychain and re-opens the running activation', async () => {
    await core!.dispose();
    expect(clipboard.current()).toBe(''); // quit clears our copy
    core = await startCore();
    await core.settled();
    const state = ok(await call('app:getState', {}));
    expect(state.keychain).toBe('available');
    expect(state.accounts).toHaveLength(2);
    await waitFor('resume unlock', async () => ok(await call('vault:statuses', {})).find((v) => v.name === NETWORK_VAULT && v.access === 'unlocked'), 30_000);
    expect(eventsOf('pim:activation').map((e) => e.phase)).toContain('Ready');
    const active = ok(await call('pim:active', {}));
    expect(active.find((a) => a.groupId === NETWORK_GROUP)).toMatchObject({ assignmentType: 'Activated' });
  });

  it('an activation an admin revokes early locks at the next copy, though Key Vault would still accept the token (live-check)', async () => {
    expect(ok(await call('vault:statuses', {})).find((v) => v.name === NETWORK_VAULT)?.access).toBe('unlocked');
    const writes = clipboard.writes.length;
    expect((await sandbox.admin('POST', `/pim/assignments/${networkRequestId}/revoke`)).status).toBe(200);
    // No re-sync has run (it polls every minute): the read itself asks Graph first.
    expect(await call('vault:copy', { vault: NETWORK_VAULT, name: 'fw-edge-01-admin' })).toMatchObject({ ok: false, code: 'vault-locked', message: expect.stringMatching(/removed or ended early/) });
    expect(clipboard.writes).toHaveLength(writes);
    expect(eventsOf('session:locked').at(-1)).toMatchObject({ vaults: [NETWORK_VAULT], reason: 'revoked' });
    expect(ok(await call('vault:statuses', {})).find((v) => v.name === NETWORK_VAULT)?.access).toBe('locked');
    expect(await call('vault:reveal', { vault: NETWORK_VAULT, name: 'fw-edge-01-admin' })).toMatchObject({ ok: false, code: 'vault-locked' });
  });

  it('signing out locks what the account unlocked and forgets its tenant catalog', async () => {
    const state = ok(await call('app:getState', {}));
    const contoso = state.accounts.find((a) => a.tenantId === sandbox.info.tenantId)!;
    ok(await call('auth:signOut', { accountId: contoso.accountId }));
    const after = ok(await call('app:getState', {}));
    expect(after.accounts.map((a) => a.accountId)).not.toContain(contoso.accountId);
    expect(after.vaults.find((v) => v.name === NETWORK_VAULT)).toMatchObject({ access: 'locked', itemCount: 0 });
    expect(ok(await call('vault:searchPage', { query: 'fw' }))).toEqual({ hits: [], total: 0 });
    // The sign-out is journalled, and from then on History no longer shows that account's lines
    // (its requests and justifications): only the accounts still signed in see their activity.
    expect(readdirSync(join(dir, 'journal')).some((f) => readFileSync(join(dir, 'journal', f), 'utf8').includes('"action":"sign-out"'))).toBe(true);
    const history = ok(await call('journal:recent', { limit: 50 }));
    expect(history.length).toBeGreaterThan(0);
    expect(history.every((e) => e.account !== undefined && after.accounts.some((a) => a.accountId === e.account))).toBe(true);
    expect(JSON.stringify(history)).not.toContain('Firewall change for INC-1042');
  });

  it('never writes a secret value or a token to the log or the journal', () => {
    const files = [...readdirSync(join(dir, 'logs')).map((f) => join(dir, 'logs', f)), ...readdirSync(join(dir, 'journal')).map((f) => join(dir, 'journal', f))];
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text).not.toContain(secretValue);
      expect(text).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}\./); // a JWT
    }
  });
});

describe('app core refuses what it must', () => {
  it('sandboxOnly: configured settings with a real tenant are refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jit-vault-app-core-real-'));
    try {
      writeFileSync(
        join(dir, 'settings.json'),
        JSON.stringify({
          tenants: [{ tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', clientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46' }],
          vaults: [{ name: 'kv-real', url: 'https://kv-real.vault.azure.net', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' }],
        }),
      );
      const attempt = createAppCore({
        clock: new SystemClock(),
        secretStore: new MemorySecretStore(),
        clipboard: new FakeClipboard(),
        notifier: new FakeNotifier(),
        logger: new FileLogger({ dir: join(dir, 'logs'), clock: new SystemClock() }),
        openBrowser: async () => undefined,
        paths: { settingsFile: join(dir, 'settings.json'), policyFile: join(dir, 'none.json'), favouritesFile: join(dir, 'f.json'), pendingRequestsFile: join(dir, 'p.json'), journalDir: join(dir, 'j') },
        platform: 'browser-preview',
        sandboxOnly: true,
      });
      await expect(attempt).rejects.toMatchObject({ code: 'settings-invalid', message: expect.stringContaining('login.microsoftonline.com') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
