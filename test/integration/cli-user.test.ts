import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { KeyringSecretStore } from '../../main/adapters/keyring.secret-store.js';
import { createAppCore } from '../../main/core/app-core.js';
import { AuditJournal } from '../../main/services/journal/audit-journal.js';
import { FileLogger } from '../../main/adapters/file-logger.js';
import { SystemClock } from '../../main/adapters/system-clock.js';
import { FakeClipboard } from '../helpers/fakes/clipboard.fake.js';
import { FakeNotifier } from '../helpers/fakes/notifier.fake.js';
import { completeDeviceCode } from '../helpers/msal.js';
import { seededValue, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { hasPrivateKeyring } from './auth-support.js';
import { cli, makeProfile, REPO, startCli, type CliProfile } from './cli-support.js';
import { waitUntil } from '../helpers/wait-until.js';

/**
 * The real `jit-vault` binary (node cli/jit-vault.mjs, as `npm link`/`npx` would run it) as a
 * helpdesk user, against the sandbox and the real Secret Service of scripts/with-keyring.sh:
 * device-code login, locked read (exit 4 naming the group), activate --wait, read, run with masked
 * output, SIGINT during a wait for approval, status --json against its JSON Schema, approval through
 * the admin API, and a leak scan of everything the CLI left on disk. One flow, in order.
 */
const NETWORK_GROUP = '37b957ba-ce5c-4227-ac28-66f41c3e8352';
const SERVERS_GROUP = '480ca4e5-1d02-4348-9047-4c462899391c';

describe.runIf(hasPrivateKeyring)('jit-vault as a helpdesk user (sandbox, real keyring)', () => {
  let sandbox: TestSandbox;
  let profile: CliProfile;
  const valuesSeen = new Set<string>();
  const seeded = (vault: string, name: string) => {
    const value = seededValue(sandbox, vault, name);
    valuesSeen.add(value);
    return value;
  };

  beforeAll(async () => {
    sandbox = await startTestSandbox({ settings: { propagationDelaySeconds: 0 } });
    profile = makeProfile(sandbox);
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('signs in by device code; whoami shows the account', async () => {
    const alex = sandbox.info.users.find((u) => u.username.startsWith('alex.helpdesk'))!;
    const login = startCli(profile, ['login', '--device-code']);
    const text = await login.waitForStderr(/enter the code \S+ to authenticate/);
    const [, url, code] = /open the page (\S+) and enter the code (\S+) to authenticate/.exec(text)!;
    await completeDeviceCode(url!, code!, alex);
    const result = await login.done;
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(result.stderr).toContain(`Signed in as ${alex.username}`);
    expect((await cli(profile, ['whoami'])).stdout).toBe(`${alex.username}\t${sandbox.info.tenantId}\n`);
  });

  it('read of a locked vault exits 4 and names the PIM group to activate; nothing on stdout', async () => {
    const result = await cli(profile, ['read', 'kv://kv-contoso-network/core-switch-enable']);
    expect(result.code).toBe(4);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Vault "kv-contoso-network" is locked');
    expect(result.stderr).toContain('jit-vault activate "PIM-Helpdesk-Network"');
  });

  it('activate --wait exits 0 once Key Vault answers (plain progress lines off a TTY); then read prints the value only', async () => {
    const activate = await cli(profile, ['activate', 'PIM-Helpdesk-Network', '--justification', 'Switch backup INC-4711', '--ticket', 'INC-4711', '--duration', 'PT1H', '--wait']);
    expect(activate.code).toBe(0);
    expect(activate.stdout).toMatch(/^\S+\n$/); // the request id
    expect(activate.stderr).not.toContain('\r');
    expect(activate.stderr).toContain('"PIM-Helpdesk-Network" is active and Key Vault answers');
    const read = await cli(profile, ['read', '-n', 'kv://kv-contoso-network/core-switch-enable']);
    expect(read.code).toBe(0);
    expect(read.stdout).toBe(seeded('kv-contoso-network', 'core-switch-enable'));
  });

  it('run puts two values in the child\'s environment only, masks them in its output and returns its exit code', async () => {
    const a = seeded('kv-contoso-network', 'core-switch-enable');
    const b = seeded('kv-contoso-network', 'fw-edge-01-admin');
    const envFile = join(profile.dir, 'backup.env');
    writeFileSync(envFile, '# device backup\nexport FW_PASS=kv://kv-contoso-network/fw-edge-01-admin\n\nSITE=oslo\n');
    const script = [
      "const { createHash } = require('node:crypto'); const fs = require('node:fs');",
      "const h = (v) => createHash('sha256').update(v ?? '').digest('hex');",
      'console.log(`A=${process.env.SWITCH_PASS}`); console.error(`B=${process.env.FW_PASS} site=${process.env.SITE}`);',
      'console.log(JSON.stringify({ a: h(process.env.SWITCH_PASS), b: h(process.env.FW_PASS),',
      "  onCommandLine: [process.pid, process.ppid].some((p) => { const c = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8'); return c.includes(process.env.SWITCH_PASS) || c.includes(process.env.FW_PASS); }) }));",
      'process.exit(17);',
    ].join('\n');
    const result = await cli(profile, ['run', '--env', 'SWITCH_PASS=kv://kv-contoso-network/core-switch-enable', '--env-file', envFile, '--', process.execPath, '-e', script]);
    expect(result.code).toBe(17);
    expect(result.stdout.split('\n')[0]).toBe('A=<concealed by jit-vault>');
    expect(result.stderr).toContain('B=<concealed by jit-vault> site=oslo');
    const report = JSON.parse(result.stdout.split('\n')[1]!) as { a: string; b: string; onCommandLine: boolean };
    const sha = (v: string) => createHash('sha256').update(v).digest('hex');
    expect(report).toEqual({ a: sha(a), b: sha(b), onCommandLine: false });
    expect(result.stdout + result.stderr).not.toContain(a);
    expect(result.stdout + result.stderr).not.toContain(b);
  });

  it('SIGINT during activate --wait leaves the request pending; status --json shows it and validates against the schema', async () => {
    const run = startCli(profile, ['activate', 'PIM-Helpdesk-Servers', '--justification', 'DC restore INC-4712', '--wait']);
    await run.waitForStderr('waiting for an approver');
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('is still pending');
    const pending = await sandbox.admin<{ requests: { id: string; status: string }[] }>('GET', `/pim/requests?groupId=${SERVERS_GROUP}`);
    expect(pending.body.requests.map((r) => r.status)).toEqual(['PendingApproval']);

    const status = await cli(profile, ['status', '--json']);
    expect(status.code).toBe(0);
    const schema = z.fromJSONSchema(JSON.parse(readFileSync(join(REPO, 'cli', 'status.schema.json'), 'utf8')) as never);
    const report = schema.parse(JSON.parse(status.stdout)) as { activations: { groupId: string; endsAt: string }[]; pending: { requestId: string; groupId: string }[] };
    expect(report.activations.map((a) => a.groupId)).toEqual([NETWORK_GROUP]);
    expect(Date.parse(report.activations[0]!.endsAt)).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(report.pending).toEqual([expect.objectContaining({ requestId: pending.body.requests[0]!.id, groupId: SERVERS_GROUP })]);
    await sandbox.admin('POST', `/pim/requests/${pending.body.requests[0]!.id}/deny`, { justification: 'resubmitted below' });
  });

  it('activate --wait follows an approval given through the admin API; then read succeeds', async () => {
    const run = startCli(profile, ['activate', 'PIM-Helpdesk-Servers', '--justification', 'DC restore INC-4712', '--wait']);
    await run.waitForStderr('waiting for an approver');
    const pending = await sandbox.admin<{ requests: { id: string }[] }>('GET', `/pim/requests?groupId=${SERVERS_GROUP}&status=PendingApproval`);
    expect(pending.body.requests).toHaveLength(1);
    await sandbox.admin('POST', `/pim/requests/${pending.body.requests[0]!.id}/approve`, { justification: 'ok' });
    const result = await run.done;
    expect(result.code).toBe(0);
    const read = await cli(profile, ['read', 'kv://kv-contoso-servers/dc01-administrator']);
    expect(read).toMatchObject({ code: 0, stdout: `${seeded('kv-contoso-servers', 'dc01-administrator')}\n` });
  });

  it('the app, signed in by the CLI\'s login, is unlocked; jit-vault lock makes it lock and clear its clipboard copy', async () => {
    const clock = new SystemClock();
    const clipboard = new FakeClipboard();
    const app = await createAppCore({
      clock,
      secretStore: new KeyringSecretStore({ service: profile.env.JIT_VAULT_KEYCHAIN_SERVICE! }),
      clipboard,
      notifier: new FakeNotifier(),
      logger: new FileLogger({ dir: join(profile.userDir, 'logs'), clock }),
      openBrowser: async () => undefined,
      paths: {
        settingsFile: profile.settingsFile,
        policyFile: profile.env.JIT_VAULT_POLICY_FILE!,
        favouritesFile: join(profile.userDir, 'favourites.json'),
        pendingRequestsFile: join(profile.userDir, 'pending-requests.json'),
        journalDir: join(profile.userDir, 'journal'),
        lockRequestFile: join(profile.userDir, 'lock-request.json'),
      },
      platform: 'linux',
      allowLoopbackEndpoints: true, // the sandbox tenant, configured through the settings file
    });
    try {
      await app.started;
      expect((await app.auth.accounts()).map((a) => a.username)).toEqual(['alex.helpdesk@contoso-it.example']);
      await waitUntil('kv-contoso-network unlocked', () => app.session.isUnlocked('kv-contoso-network'), { intervalMs: 100 });
      await app.vault.copy({ vault: 'kv-contoso-network', name: 'wifi-guest-psk' });
      valuesSeen.add(seeded('kv-contoso-network', 'wifi-guest-psk'));
      expect(await clipboard.readText()).toBe(seeded('kv-contoso-network', 'wifi-guest-psk'));
      const lock = await cli(profile, ['lock'], { settings: false });
      expect(lock.code).toBe(0);
      // The app polls the request file every second (real time here: real processes).
      const until = Date.now() + 10_000;
      while (app.session.isUnlocked('kv-contoso-network') && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      expect(app.session.grants()).toEqual([]);
      expect(await clipboard.readText()).toBe('');
    } finally {
      await app.dispose();
    }
  });

  it('leaves no value or token in its files; every value read is in the journal as from the cli (names only)', async () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else files.push(full);
      }
    };
    walk(profile.dir);
    expect(files.some((f) => f.includes('journal'))).toBe(true);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const value of valuesSeen) expect({ file, leaked: text.includes(value) }).toEqual({ file, leaked: false });
      expect({ file, jwt: /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\./.test(text) }).toEqual({ file, jwt: false });
    }
    const journal = files.filter((f) => f.includes('journal')).map((f) => readFileSync(f, 'utf8')).join('\n');
    const reads = journal.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, string>).filter((e) => e.action === 'reveal' && e.source === 'cli' && e.outcome === 'ok');
    expect(reads.map((e) => `${e.vault}/${e.secretName}`).sort()).toEqual([
      'kv-contoso-network/core-switch-enable',
      'kv-contoso-network/core-switch-enable',
      'kv-contoso-network/fw-edge-01-admin',
      'kv-contoso-servers/dc01-administrator',
    ]);
    // The journal's one account format (ports/audit-log.ts): the account id {homeAccountId}|{tenantId}.
    expect(reads.every((e) => e.account?.endsWith(`|${sandbox.info.tenantId}`))).toBe(true);
    // The app (in this process) and the CLI processes appended to one journal: its chain still holds.
    await expect(new AuditJournal({ dir: join(profile.userDir, 'journal'), clock: new SystemClock(), keychain: new KeyringSecretStore({ service: profile.env.JIT_VAULT_KEYCHAIN_SERVICE! }) }).verify()).resolves.toMatchObject({ ok: true });
  });
});
