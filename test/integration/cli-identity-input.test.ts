import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { hasPrivateKeyring } from './auth-support.js';
import { cli, makeProfile, type CliProfile } from './cli-support.js';

/**
 * The real `jit-vault` binary as a script on an Azure VM (`--identity` through the sandbox IMDS,
 * found by @azure/identity through AZURE_POD_IDENTITY_AUTHORITY_HOST), and with bad input: each
 * case a clear message on stderr, nothing on stdout and its documented exit code.
 */
describe.runIf(hasPrivateKeyring)('jit-vault --identity and bad input (sandbox)', () => {
  let sandbox: TestSandbox;
  let vm: CliProfile;
  let laptop: CliProfile;
  const identity = (name: string) => sandbox.info.managedIdentities.find((m) => m.name === name)!;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    vm = makeProfile(sandbox, { AZURE_POD_IDENTITY_AUTHORITY_HOST: sandbox.info.imds.url });
    laptop = makeProfile(sandbox);
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('--identity reads with the VM\'s system-assigned identity and journals it as the identity', async () => {
    const value = sandbox.context.store.vault('kv-contoso-network')!.secrets['core-switch-enable']!.versions.at(-1)!.value;
    const result = await cli(vm, ['--identity', 'read', '-n', 'kv://kv-contoso-network/core-switch-enable']);
    expect(result).toMatchObject({ code: 0, stdout: value });
    const journal = readFileSync(join(vm.userDir, 'journal', 'audit-000001.jsonl'), 'utf8');
    expect(journal).toContain('"account":"managed identity (system-assigned)"');
    expect(journal).toContain('"source":"cli"');
    expect(journal).not.toContain(value);
  });

  it('--identity --client-id: a user-assigned identity reads with its own role; one without a role gets exit 5', async () => {
    const ok = await cli(vm, ['--identity', '--client-id', identity('id-sftp-upload').clientId, 'read', 'kv://kv-contoso-servers/dc01-administrator']);
    expect(ok.code).toBe(0);
    const denied = await cli(vm, ['--identity', '--client-id', identity('id-reporting').clientId, 'read', 'kv://kv-contoso-servers/dc01-administrator']);
    expect(denied).toMatchObject({ code: 5, stdout: '' });
    expect(denied.stderr).toMatch(/Key Vault Secrets User|role/);
  });

  it('malformed kv:// references exit 2 and say what a reference looks like', async () => {
    for (const ref of ['kv:/kv-contoso-network/x', 'kv://kv-contoso-network', 'kv://kv-contoso-network/bad_name', 'kv://kv-contoso-network/x/not-a-version']) {
      const result = await cli(laptop, ['read', ref]);
      expect({ ref, code: result.code, stdout: result.stdout }).toEqual({ ref, code: 2, stdout: '' });
      expect(result.stderr).toMatch(/kv:\/\/<vault>\/<secret>|not a (secret name|secret version)/);
    }
  });

  it('an unknown vault exits 6 naming the configured ones; not signed in exits 3 and, on Azure, mentions --identity', async () => {
    const unknown = await cli(laptop, ['read', 'kv://kv-nowhere/x']);
    expect(unknown.code).toBe(6);
    expect(unknown.stderr).toContain('kv-contoso-servers');
    const notSignedIn = await cli(laptop, ['read', 'kv://kv-contoso-network/core-switch-enable'], { env: { IDENTITY_ENDPOINT: 'http://127.0.0.1:9/msi/token' } });
    expect(notSignedIn.code).toBe(3);
    expect(notSignedIn.stderr).toContain('jit-vault login');
    expect(notSignedIn.stderr).toContain('--identity');
  });

  it('an env file with bad lines exits 2 listing every bad line, and the command never starts', async () => {
    const envFile = join(laptop.dir, 'bad.env');
    writeFileSync(envFile, 'GOOD=kv://kv-contoso-network/core-switch-enable\nNOEQUALS\n1BAD=kv://kv-contoso-network/x\nHALF=kv://kv-contoso-network\n');
    const marker = join(laptop.dir, 'started');
    const result = await cli(laptop, ['run', '--env-file', envFile, '--', process.execPath, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`]);
    expect(result.code).toBe(2);
    for (const line of [':2:', ':3:', ':4:']) expect(result.stderr).toContain(`${envFile}${line}`);
    expect(existsSync(marker)).toBe(false);
  });

  it('without a usable keychain, login exits 3 and says why', async () => {
    const result = await cli(laptop, ['login', '--device-code'], { env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' } });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('No usable OS keychain');
  });

  it('lock writes the lock request the app watches and journals it; completion scripts are valid', async () => {
    const result = await cli(laptop, ['lock'], { settings: false });
    expect(result.code).toBe(0);
    expect(JSON.parse(readFileSync(join(laptop.userDir, 'lock-request.json'), 'utf8'))).toMatchObject({ by: 'cli' });
    const bash = await cli(laptop, ['completion', 'bash'], { settings: false });
    expect(bash.code).toBe(0);
    expect(spawnSync('bash', ['-n'], { input: bash.stdout }).status).toBe(0);
    expect((await cli(laptop, ['completion', 'fish'], { settings: false })).code).toBe(2);
  });
});
