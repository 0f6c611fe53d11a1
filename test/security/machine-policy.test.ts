import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appPolicySource, machinePolicySource, type PolicyProbe } from '../../main/adapters/machine-policy.source.js';
import { parseRegistryPolicy, untrustedWritersInSddl } from '../../main/security/windows-acl.js';
import { SettingsService } from '../../main/services/settings/settings.service.js';

const POLICY = JSON.stringify({ version: 1, tenants: [{ tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', clientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', graphBaseUrl: 'https://graph.evil.example' }] });
const isRoot = process.getuid?.() === 0;

describe('machine policy on Linux/macOS: only a root-owned file no one else can write', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jit-vault-policy-'));
    chmodSync(dir, 0o755);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The settings service reading the policy through the machine source, as the packaged app does. */
  const load = (file: string) => new SettingsService({ settingsFile: join(dir, 'settings.json'), policyFile: file, policySource: machinePolicySource(file, 'linux') }).loadPolicy();

  it('a policy planted in a folder every user can write is refused, naming the file and why', async () => {
    const shared = join(dir, 'shared');
    mkdirSync(shared, { mode: 0o777 });
    chmodSync(shared, 0o777); // like ProgramData on Windows: every user may create files here
    const planted = join(shared, 'policy.json');
    writeFileSync(planted, POLICY, { mode: 0o644 });
    const state = await load(planted);
    expect(state.status).toBe('invalid');
    const message = state.status === 'invalid' ? state.error.message : '';
    expect(message).toContain(planted);
    expect(message).toMatch(/was not used because the folder ".*shared" can be changed by every user \(mode 777\)/);
    expect(message).toMatch(/must be owned by root and writable by no one else/);
    // Its content is not used: the planted tenants (and their Graph host) never reach the settings.
    expect(state.status === 'invalid' && state.policy.tenants).toBeUndefined();
  });

  it('a policy file that is group- or world-writable is refused', async () => {
    const file = join(dir, 'policy.json');
    writeFileSync(file, POLICY);
    chmodSync(file, 0o666);
    const state = await load(file);
    expect(state.status === 'invalid' && state.error.message).toMatch(/the file can be changed by every user/);
  });

  it.runIf(isRoot)('a policy file owned by an ordinary user is refused', async () => {
    const file = join(dir, 'policy.json');
    writeFileSync(file, POLICY, { mode: 0o644 });
    chownSync(file, 1000, 1000);
    const state = await load(file);
    expect(state.status === 'invalid' && state.error.message).toMatch(/the file is owned by user id 1000, not by root/);
  });

  it.runIf(isRoot)('a root-owned file in root-owned folders is used', async () => {
    const file = join(dir, 'policy.json');
    writeFileSync(file, JSON.stringify({ version: 1, maxRevealSeconds: 7 }), { mode: 0o644 });
    const state = await load(file);
    expect(state).toMatchObject({ status: 'applied', file, policy: { maxRevealSeconds: 7 } });
  });

  it('no file is no policy', async () => {
    expect(await load(join(dir, 'none.json'))).toEqual({ status: 'absent', file: join(dir, 'none.json') });
  });

  it('the development-build override reads the named file as is; a packaged app never does', async () => {
    const shared = join(dir, 'shared');
    mkdirSync(shared, { mode: 0o777 });
    chmodSync(shared, 0o777);
    const file = join(shared, 'policy.json');
    writeFileSync(file, JSON.stringify({ version: 1 }));
    const env = { JIT_VAULT_POLICY_FILE: file };
    expect((await appPolicySource({ file, platform: 'linux', developmentBuild: true, env }).read()).status).toBe('found');
    expect((await appPolicySource({ file, platform: 'linux', developmentBuild: false, env }).read()).status).toBe('refused');
  });
});

describe('machine policy on Windows: the registry, or an administrators-only file', () => {
  const ADMIN_ONLY = 'O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1200a9;;;BU)';
  // ProgramData's own ACL lets Users create files and folders; a folder a user created is theirs.
  const USER_FOLDER = 'O:S-1-5-21-1-2-3-1001G:S-1-5-21-1-2-3-513D:AI(A;OICIID;FA;;;S-1-5-21-1-2-3-1001)(A;OICIID;FA;;;SY)(A;OICIID;FA;;;BA)(A;OICIIOID;GA;;;CO)(A;CIID;DCLC;;;BU)';

  it('finds who besides Administrators and SYSTEM may write, from the SDDL', () => {
    expect(untrustedWritersInSddl(ADMIN_ONLY)).toEqual([]);
    expect(untrustedWritersInSddl(USER_FOLDER)).toEqual(['owner S-1-5-21-1-2-3-1001', 'S-1-5-21-1-2-3-1001', 'BU']);
    expect(untrustedWritersInSddl('O:BAG:SYD:(A;;FW;;;WD)')).toEqual(['WD']);
    expect(untrustedWritersInSddl('O:BAG:SYD:NO_ACCESS_CONTROL')).toContain('everyone (no access control list)');
    // Inherit-only entries do not apply to the object itself.
    expect(untrustedWritersInSddl('O:SYG:SYD:P(A;;FA;;;BA)(A;OICIIO;GA;;;CO)')).toEqual([]);
  });

  it('reads the policy JSON from reg query output', () => {
    const output = '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\JIT Vault\r\n    Policy    REG_SZ    {"version":1,"maxRevealSeconds":9}\r\n\r\n';
    expect(parseRegistryPolicy(output)).toBe('{"version":1,"maxRevealSeconds":9}');
    expect(parseRegistryPolicy('ERROR: The system was unable to find the specified registry key or value.')).toBeUndefined();
  });

  /** A Windows machine as the probe sees it. */
  function windows(options: { registry?: string; sddl: Record<string, string>; file?: string }): PolicyProbe {
    return {
      lstat: async (file) => {
        if (file !== options.file) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
        return { uid: 0, gid: 0, mode: 0o644, isFile: () => true, isDirectory: () => false, isSymbolicLink: () => false };
      },
      realpath: async (file) => file,
      readFile: async () => POLICY,
      run: async (command, args) => {
        if (command === 'reg.exe') {
          if (options.registry === undefined) throw new Error('exit 1');
          return `\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\JIT Vault\r\n    Policy    REG_SZ    ${options.registry}\r\n`;
        }
        return options.sddl[args.at(-1)!] ?? '';
      },
    };
  }
  const FILE = 'C:\\ProgramData\\JIT Vault\\policy.json';
  const FOLDER = 'C:\\ProgramData\\JIT Vault';

  it('a policy file in a folder a user created under ProgramData is refused, naming the file and why', async () => {
    const source = machinePolicySource(FILE, 'win32', windows({ file: FILE, sddl: { [FILE]: ADMIN_ONLY, [FOLDER]: USER_FOLDER } }));
    const state = await new SettingsService({ settingsFile: 'C:\\u\\settings.json', policyFile: FILE, policySource: source }).loadPolicy();
    expect(state.status).toBe('invalid');
    const message = state.status === 'invalid' ? state.error.message : '';
    expect(message).toContain(FILE);
    expect(message).toMatch(/the folder "C:\\ProgramData\\JIT Vault" can be changed by owner S-1-5-21-1-2-3-1001, S-1-5-21-1-2-3-1001, BU/);
  });

  it('an administrators-only file is used; the registry value wins over the file', async () => {
    const file = await machinePolicySource(FILE, 'win32', windows({ file: FILE, sddl: { [FILE]: ADMIN_ONLY, [FOLDER]: ADMIN_ONLY } })).read();
    expect(file).toMatchObject({ status: 'found', origin: FILE });
    const registry = await machinePolicySource(FILE, 'win32', windows({ registry: '{"version":1}', file: FILE, sddl: {} })).read();
    expect(registry).toEqual({ status: 'found', origin: 'HKLM\\SOFTWARE\\Policies\\JIT Vault\\Policy', text: '{"version":1}' });
  });
});
