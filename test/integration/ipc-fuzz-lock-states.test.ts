import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IpcResult } from '../../shared/domain/types.js';
import { invokeChannels, type InvokeChannel } from '../../shared/ipc/contract.js';
import { createAppCore, type AppCore } from '../../main/core/app-core.js';
import { forwardEvents } from '../../main/ipc/event-forwarder.js';
import { ipcHandlers } from '../../main/ipc/handlers.js';
import { createIpcDispatcher } from '../../main/ipc/ipc-wrapper.js';
import { isTrustedFrame, type FrameSender } from '../../main/security/app-origin.js';
import { FileLogger } from '../../main/adapters/file-logger.js';
import { SystemClock } from '../../main/adapters/system-clock.js';
import { FakeClipboard } from '../helpers/fakes/clipboard.fake.js';
import { FakeNotifier } from '../helpers/fakes/notifier.fake.js';
import { MemorySecretStore } from '../helpers/fakes/secret-store.fake.js';
import { browseSignIn } from '../helpers/msal.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { TRUSTED, VALID_ARGS } from '../unit/main/ipc/ipc-test-kit.js';
import { generator } from '../unit/main/ipc/ipc-fuzz-kit.js';

/**
 * Issue 12: every IPC channel fuzzed with random and hostile arguments against the REAL core (demo
 * mode, sandbox Graph + Key Vault, real SDKs) at each lock state — locked (signed in, nothing
 * activated), mid-activation (a request waiting for approval) and unlocked (an activation Ready).
 * Nothing may throw or hang; every answer is an IpcResult; and no seeded secret value leaves main
 * except through the one bounded reveal — never in another channel's answer, never in an event,
 * and never (reveal or clipboard) for a PIM vault that is not unlocked.
 */

const SERVERS_GROUP = '480ca4e5-1d02-4348-9047-4c462899391c'; // approval required: stays mid-activation
const NETWORK_GROUP = '37b957ba-ce5c-4227-ac28-66f41c3e8352';
const ROUNDS = 12;
/** Valid calls that would change the lock state under test (they are fuzzed with random shapes only). */
const STATE_CHANGING = new Set<InvokeChannel>(['auth:signIn', 'auth:signOut', 'session:lockNow', 'pim:deactivate', 'pim:cancel', 'pim:activate', 'pim:extend', 'approvals:decide']);
const channels = Object.keys(invokeChannels) as InvokeChannel[];

/** Whether the channel's schema accepts `arg` (a throwing getter counts as no: the dispatcher refuses it too). */
function validArgument(channel: InvokeChannel, arg: unknown): boolean {
  try {
    return invokeChannels[channel].input.safeParse(arg === undefined ? {} : arg).success; // as the dispatcher reads "no argument"
  } catch {
    return false;
  }
}

async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('IPC fuzz of every channel at each lock state (real core, sandbox)', () => {
  let sandbox: TestSandbox;
  let dir: string;
  let core: AppCore;
  let call: (channel: unknown, args: unknown) => Promise<IpcResult<unknown>>;
  const clipboard = new FakeClipboard();
  const events: { event: string; payload: unknown }[] = [];
  let signedIn = false;
  let values: string[] = [];
  let accountId: string;
  /** Vaults whose values are behind PIM (the rest are standing in the demo tenant). */
  let pimVaults: Set<string>;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ settings: { propagationDelaySeconds: 1 } });
    dir = mkdtempSync(join(tmpdir(), 'jit-vault-ipc-fuzz-'));
    values = sandbox.context.store.data.tenants.flatMap((t) => t.vaults.flatMap((v) => Object.values(v.secrets).flatMap((s) => s.versions.map((version) => version.value)))).filter((value) => value.length >= 8);
    expect(values.length).toBeGreaterThan(10);
    const helpdesk = sandbox.info.users.find((u) => u.username.startsWith('alex.helpdesk') && u.tenantId === sandbox.info.tenantId)!;
    core = await createAppCore({
      clock: new SystemClock(),
      secretStore: new MemorySecretStore(),
      clipboard,
      notifier: new FakeNotifier(),
      logger: new FileLogger({ dir: join(dir, 'logs'), clock: new SystemClock() }),
      // One real sign-in; afterwards the "browser" is closed (a fuzzed sign-in or presence check gets nowhere).
      openBrowser: async (url) => {
        if (signedIn) throw new Error('the browser is closed in this test');
        await browseSignIn(url, helpdesk);
      },
      paths: { settingsFile: join(dir, 'settings.json'), policyFile: join(dir, 'no-policy.json'), favouritesFile: join(dir, 'favourites.json'), pendingRequestsFile: join(dir, 'pending.json'), journalDir: join(dir, 'journal') },
      platform: 'linux',
      demoSandbox: async () => ({ info: sandbox.info, seed: sandbox.context.store.data }),
      allowLoopbackEndpoints: true,
      tuning: { auth: { loadBroker: async () => undefined } },
    });
    const dispatcher = createIpcDispatcher(ipcHandlers, core, { isTrustedSender: (s: FrameSender) => isTrustedFrame(s) });
    call = (channel, args) => dispatcher.dispatch(channel, args, TRUSTED) as Promise<IpcResult<unknown>>;
    forwardEvents(core, (event, payload) => void events.push({ event, payload }));
    await core.settled();
    const account = (await call('auth:signIn', { tenantId: sandbox.info.tenantId, method: 'browser' })) as IpcResult<{ accountId: string }>;
    if (!account.ok) throw new Error(account.message);
    accountId = account.value.accountId;
    signedIn = true;
    pimVaults = new Set(core.effective().settings.vaults.filter((v) => v.pimGroupId).map((v) => v.name));
  }, 120_000);
  afterAll(async () => {
    await core?.dispose();
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const leaked = (text: string) => values.filter((value) => text.includes(value));

  /** Every channel: random shapes, mutated valid arguments, and the valid argument itself (unless it changes the state). */
  async function fuzz(state: string, seed: number, mayReveal: (vault: string) => boolean): Promise<number> {
    const gen = generator(seed);
    let calls = 0;
    for (const channel of channels) {
      const args: unknown[] = Array.from({ length: ROUNDS }, () => gen.arg(channel));
      if (!STATE_CHANGING.has(channel)) args.push(VALID_ARGS[channel]);
      for (const arg of args) {
        if (STATE_CHANGING.has(channel) && validArgument(channel, arg)) continue; // would change the state under test
        const result = await call(channel, arg);
        calls++;
        const text = JSON.stringify(result);
        expect(typeof result.ok, `${state} ${channel}`).toBe('boolean');
        if (!result.ok) expect(result.code, `${state} ${channel}`).toMatch(/^[a-z-]+$/);
        if (channel === 'vault:reveal' && result.ok) {
          const vault = (arg as { vault: string }).vault;
          expect(mayReveal(vault), `${state}: revealed a value of ${vault}`).toBe(true);
        } else {
          expect(leaked(text), `${state} ${channel} answered a secret value`).toEqual([]);
        }
        for (const pim of pimVaults) if (!mayReveal(pim)) expect(pimValue(pim, clipboard.current()), `${state}: clipboard holds a value of ${pim}`).toBe(false);
      }
    }
    expect(leaked(JSON.stringify(events)), `${state}: an event carried a secret value`).toEqual([]);
    return calls;
  }

  const pimValue = (vault: string, text: string) =>
    sandbox.context.store.data.tenants.flatMap((t) => t.vaults).filter((v) => v.name === vault).some((v) => Object.values(v.secrets).some((s) => s.versions.some((version) => version.value.length >= 8 && text.includes(version.value))));

  it('locked (signed in, nothing activated): no PIM vault value anywhere; standing vaults only through reveal', async () => {
    expect(core.session.grants().filter((g) => g.groupId)).toEqual([]);
    const calls = await fuzz('locked', 0x10c4ed, (vault) => !pimVaults.has(vault));
    expect(calls).toBeGreaterThan(channels.length * 5);
    expect(core.session.grants().filter((g) => g.groupId)).toEqual([]);
  }, 120_000);

  it('mid-activation (a request waiting for approval): still nothing of the PIM vaults', async () => {
    const requested = await call('pim:activate', { accountId, groupId: SERVERS_GROUP, justification: 'Fuzz test: waiting for approval', durationMinutes: 60 });
    expect(requested).toMatchObject({ ok: true });
    await waitFor('pending approval', () => events.find((e) => e.event === 'pim:activation' && (e.payload as { phase: string }).phase === 'PendingApproval'));
    await fuzz('mid-activation', 0x31d, (vault) => !pimVaults.has(vault));
    expect(core.session.grants().filter((g) => g.groupId)).toEqual([]);
  }, 120_000);

  it('unlocked (an activation Ready): values only through the bounded reveal of the unlocked vault', async () => {
    const requested = await call('pim:activate', { accountId, groupId: NETWORK_GROUP, justification: 'Fuzz test: INC-1', ticketNumber: 'INC-1', durationMinutes: 60 });
    expect(requested).toMatchObject({ ok: true });
    await waitFor('Ready', () => events.find((e) => e.event === 'pim:activation' && (e.payload as { phase: string; groupId: string }).phase === 'Ready'));
    const unlocked = new Set(core.session.grants().map((g) => g.vault));
    expect(unlocked.has('kv-contoso-network')).toBe(true);
    // The scan can see a value: the one bounded reveal of the unlocked vault carries exactly one.
    expect(leaked(JSON.stringify(await call('vault:reveal', { vault: 'kv-contoso-network', name: 'fw-edge-01-admin' })))).toHaveLength(1);
    await fuzz('unlocked', 0xa11, (vault) => !pimVaults.has(vault) || unlocked.has(vault));
    expect(events.filter((e) => e.event === 'session:locked').map((e) => e.payload)).toEqual([]);
    expect(core.session.isUnlocked('kv-contoso-network')).toBe(true);
  }, 180_000);
});
