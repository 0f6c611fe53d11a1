import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyringSecretStore } from '../../main/adapters/keyring.secret-store.js';
import type { LockReason } from '../../main/services/session/access-session.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { appPaths, DEMO, startApp } from './app-harness.js';
import { canaryValue, filesUnder, keychainItems, plantSecret, scanFiles, TokenCapture } from './leak-scan.js';
import { waitUntil } from '../helpers/wait-until.js';
import { JumpingClock } from '../helpers/jumping-clock.js';
import type { TimerHandle } from '../../main/services/ports/clock.js';

/** The clock watchdog's interval in the clock-jump test (a delay no other timer of the app uses). */
const WATCHDOG_MS = 230;

/**
 * The jumping clock, counting the watchdog's ticks (timers of WATCHDOG_MS that fired): the test
 * asks "locked by the first tick after the jump?" instead of timing the lock with a stopwatch.
 */
class WatchdogCountingClock extends JumpingClock {
  watchdogTicks = 0;

  constructor(private readonly watchdogMs: number) {
    super();
  }

  override setTimer(delayMs: number, callback: () => void): TimerHandle {
    if (delayMs !== this.watchdogMs) return super.setTimer(delayMs, callback);
    return super.setTimer(delayMs, () => {
      this.watchdogTicks++;
      callback();
    });
  }
}

/**
 * Faults of the machine the app runs on, through the composed app core against the sandbox: the
 * keychain daemon dies mid-session, the settings (and favourites, pending-requests) files are
 * corrupt, and the clock jumps forward past an activation's end — on this machine, and in Azure.
 */

/**
 * A Secret Service of this test file's own — a private D-Bus session bus with its own unlocked
 * gnome-keyring — so killing its daemon cannot disturb other test files sharing the run's keyring.
 * This worker process talks to it through DBUS_SESSION_BUS_ADDRESS (read per connection by libdbus).
 */
async function privateKeyring(dataDir: string): Promise<{ daemon: ChildProcess; stop(): void }> {
  for (const tool of ['dbus-daemon', 'dbus-send', 'gnome-keyring-daemon', 'secret-tool']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) throw new Error(`${tool} is missing (sudo bash .ci/install-system-deps.sh)`);
  }
  const bus = spawn('dbus-daemon', ['--session', '--print-address=1', '--nofork'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const runBus = process.env.DBUS_SESSION_BUS_ADDRESS;
  let daemon: ChildProcess | undefined;
  const stop = () => {
    daemon?.kill('SIGKILL');
    bus.kill('SIGTERM');
    // Back to the run's Secret Service for anything else this worker does.
    if (runBus === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
    else process.env.DBUS_SESSION_BUS_ADDRESS = runBus;
  };
  try {
    const address = await new Promise<string>((resolve, reject) => {
      bus.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim().split('\n')[0]!));
      bus.once('exit', (code) => reject(new Error(`dbus-daemon exited ${code}`)));
    });
    process.env.DBUS_SESSION_BUS_ADDRESS = address;
    // Its own data and control directories: with the run's GNOME_KEYRING_CONTROL inherited, the new
    // daemon would hand over to the run's daemon instead of starting.
    const control = join(dataDir, 'control');
    mkdirSync(control, { mode: 0o700 });
    const { GNOME_KEYRING_CONTROL: _inherited, ...env } = process.env;
    daemon = spawn('gnome-keyring-daemon', ['--unlock', '--components=secrets', '--foreground', `--control-directory=${control}`], {
      env: { ...env, XDG_DATA_HOME: join(dataDir, 'data') },
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    daemon.stdin!.end('pass');
    // Probe only once the daemon owns the Secret Service name: an earlier call would make D-Bus
    // start a second, locked daemon through its service file.
    const probe = new KeyringSecretStore({ service: 'jit-vault-faults-probe' });
    let ready = false;
    for (let i = 0; i < 50 && !ready; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      ready = spawnSync('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets']).stdout.toString().includes('true');
    }
    if (!ready || !(await probe.isAvailable())) throw new Error('the private gnome-keyring did not come up');
    return { daemon, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

describe('machine faults through the app core', () => {
  let sandbox: TestSandbox;
  const dirs: string[] = [];
  const canary = canaryValue();
  const newDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'jit-vault-faults-local-'));
    dirs.push(dir);
    return dir;
  };
  const harnessSandbox = () => ({ info: sandbox.info, seed: sandbox.context.store.data });

  beforeAll(async () => {
    sandbox = await startTestSandbox({ settings: { propagationDelaySeconds: 1 } });
    for (const vault of [DEMO.workstations.vault, DEMO.network.vault]) await plantSecret(sandbox.info, DEMO.officer, vault, 'local-canary', canary);
  });
  afterAll(async () => {
    await sandbox?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('the keychain daemon is killed mid-session: memory-only status is reported, nothing crashes or is lost, nothing is written to disk', async () => {
    const keyring = await privateKeyring(newDir());
    const service = `JIT Vault faults ${randomUUID()}`;
    const tokens = new TokenCapture();
    const dir = newDir();
    const app = await startApp({ sandbox: harnessSandbox, dir, secretStore: tokens.wrapStore(new KeyringSecretStore({ service })) });
    try {
      tokens.watchAuth(app.core.auth);
      const accountId = await app.signIn();
      await app.core.settled();
      expect(app.core.auth.keychainStatus()).toBe('available');
      expect((await keychainItems(service)).map((i) => i.key).some((k) => k.startsWith('msal-cache|'))).toBe(true);
      const { requestId } = await app.core.pim.activate({ accountId, groupId: DEMO.network.groupId, justification: 'Fault injection: keychain', durationMinutes: 30, ticketNumber: 'FAULT-4' });
      await app.waitForPhase(requestId, 'Ready');

      const stateChanges: unknown[] = [];
      app.core.on('state-changed', (e) => stateChanges.push(e));
      keyring.daemon.kill('SIGKILL');
      await new Promise((resolve) => keyring.daemon.once('exit', resolve));
      // The next token refresh rotates the refresh token: MSAL's cache changes and must be written.
      await app.core.auth.getAccessToken(accountId, 'graph', { forceRefresh: true });
      expect(app.core.auth.keychainStatus()).toBe('unavailable-memory-only');
      expect(stateChanges.length).toBeGreaterThan(0);
      expect(readFileSync(app.logger.file, 'utf8')).toContain('keeping tokens in memory only');

      // Nothing lost: still signed in, the activation still open, values still readable.
      expect((await app.core.auth.accounts()).map((a) => a.accountId)).toEqual([accountId]);
      expect(app.core.session.isUnlocked(DEMO.network.vault)).toBe(true);
      await app.core.vault.refresh([DEMO.network.vault]);
      await app.core.vault.copy({ vault: DEMO.network.vault, name: 'local-canary' });
      expect(app.clipboard.current()).toBe(canary);
      await app.core.auth.getAccessToken(accountId, 'vault', { forceRefresh: true });

      // Memory only means memory only: no token (or value) went to a file instead.
      expect(scanFiles(filesUnder([dir]), [{ label: 'canary', value: canary }, ...tokens.needles()])).toEqual([]);
    } finally {
      await app.stop();
      keyring.stop();
    }
  });

  it('a corrupt settings file: a clear error naming the file and the problem, and the file is left exactly as it was', async () => {
    const dir = newDir();
    const { settingsFile } = appPaths(dir);
    for (const [broken, expected] of [
      ['{ "tenants": [ { "tenantId": ', /settings\.json.*not valid/],
      [JSON.stringify({ tenants: [{ tenantId: sandbox.info.tenantId, clientId: sandbox.info.clientId }], vaults: [{ name: 'kv-x', url: 'http://kv-x.example', tenantId: sandbox.info.tenantId }] }), /vaults\[0\]\.url/],
    ] as const) {
      writeFileSync(settingsFile, broken, { mode: 0o600 });
      const before = statSync(settingsFile);
      const error = await startApp({ sandbox: harnessSandbox, dir }).then(
        async (app) => {
          await app.stop();
          throw new Error('the app started with a corrupt settings file');
        },
        (e: { code?: string; message: string }) => e,
      );
      expect(error.code).toBe('settings-invalid');
      expect(error.message).toMatch(expected);
      expect(error.message).toMatch(/has not changed the file/);
      expect(readFileSync(settingsFile, 'utf8')).toBe(broken);
      expect(statSync(settingsFile).mtimeMs).toBe(before.mtimeMs);
      expect(readdirSync(dir).filter((f) => f !== 'logs')).toEqual(['settings.json']); // no .bak, no temp file
    }
  });

  it('corrupt favourites and pending-requests files: the app starts, the favourites bytes are kept aside, nothing crashes', async () => {
    const dir = newDir();
    const paths = appPaths(dir);
    writeFileSync(paths.favouritesFile, '{"version":1,"favourites":[{"vault":', { mode: 0o600 });
    writeFileSync(paths.pendingRequestsFile, 'not json at all', { mode: 0o600 });
    const app = await startApp({ sandbox: harnessSandbox, dir });
    try {
      await app.core.settled();
      expect(await app.core.pendingRequests()).toEqual([]);
      await app.core.vault.setFavourite({ vault: DEMO.workstations.vault, name: 'local-canary' }, true);
      expect(readFileSync(`${paths.favouritesFile}.invalid`, 'utf8')).toBe('{"version":1,"favourites":[{"vault":');
      expect(JSON.parse(readFileSync(paths.favouritesFile, 'utf8'))).toMatchObject({ favourites: [{ vault: DEMO.workstations.vault, name: 'local-canary' }] });
    } finally {
      await app.stop();
    }
  });

  it('the clock jumps forward past the activation end (here, then in Azure): the vault locks at once and the copied value is cleared', async () => {
    const clock = new WatchdogCountingClock(WATCHDOG_MS);
    const dir = newDir();
    const app = await startApp({ sandbox: harnessSandbox, dir, clock, tuning: { session: { watchdogIntervalMs: WATCHDOG_MS } } });
    // Each lock with the number of watchdog ticks run when it happened (the event is emitted synchronously).
    const locks: { vaults: string[]; reason: LockReason; watchdogTicks: number }[] = [];
    app.core.session.on('locked', (e) => locks.push({ ...e, watchdogTicks: clock.watchdogTicks }));
    try {
      const accountId = await app.signIn();
      await app.core.settled();
      const { requestId } = await app.core.pim.activate({ accountId, groupId: DEMO.workstations.groupId, justification: 'Fault injection: clock', durationMinutes: 30 });
      const ready = await app.waitForPhase(requestId, 'Ready');
      await app.core.vault.refresh([DEMO.workstations.vault]);
      await app.core.vault.copy({ vault: DEMO.workstations.vault, name: 'local-canary' });
      expect(app.clipboard.current()).toBe(canary);

      // This machine's clock: a suspend or a manual change moves it past the end in one step.
      const jump = ready.endsAt! - clock.now() + 60_000;
      clock.jump(jump);
      const ticksAtJump = clock.watchdogTicks;
      await waitUntil('the lock after the jump', () => locks.some((l) => l.vaults.includes(DEMO.workstations.vault)), { timeoutMs: 5000 });
      // The activated vault's lock (the standing certificates vault may lock after it, on in-app idle):
      // by the first watchdog tick after the jump at the latest — not the next minute's sync.
      const lock = locks.find((l) => l.vaults.includes(DEMO.workstations.vault))!;
      expect(lock.reason).toBe('clock-jump');
      expect(lock.watchdogTicks - ticksAtJump).toBeLessThanOrEqual(1);
      await waitUntil('the clipboard clear', () => app.clipboard.current() === '', { timeoutMs: 5000 });
      await expect(app.core.vault.copy({ vault: DEMO.workstations.vault, name: 'local-canary' })).rejects.toMatchObject({ code: 'vault-locked' });

      // Azure's clock: the activation of another group ends in Graph while this machine's clock is
      // fine and Key Vault would still take the token; the next sync locks it. (The local clock is
      // set right first, so the end times compared below are on one clock. Requests carry no
      // startDateTime, so a clock running ahead no longer delays the activation itself.)
      clock.jump(-jump);
      // The jump also ran out the in-app idle timer: an idle lock is lifted only by the user's
      // presence (docs/security.md), so the user comes back first.
      app.core.session.confirmPresence();
      const servers = await app.core.pim.activate({ accountId, groupId: DEMO.servers.groupId, justification: 'Fault injection: Azure clock', durationMinutes: 60 });
      await app.waitForPhase(servers.requestId, 'PendingApproval');
      await sandbox.admin('POST', `/pim/requests/${servers.requestId}/approve`, { justification: 'ok' });
      const serversReady = await app.waitForPhase(servers.requestId, 'Ready');
      expect(app.core.session.isUnlocked(DEMO.servers.vault)).toBe(true);
      const sandboxNow = (await sandbox.admin<{ epochMs: number }>('GET', '/clock')).body.epochMs;
      await sandbox.admin('POST', '/clock/advance', { ms: serversReady.endsAt! - sandboxNow + 60_000 });
      await app.core.pim.sync(accountId);
      expect(app.core.session.isUnlocked(DEMO.servers.vault)).toBe(false);
      expect(locks.at(-1)).toMatchObject({ vaults: [DEMO.servers.vault], reason: 'revoked' });
    } finally {
      await app.stop();
    }
  });

  it('no file any of these apps wrote holds the canary value', () => {
    expect(scanFiles(filesUnder(dirs), [{ label: 'canary', value: canary }])).toEqual([]);
  });
});
