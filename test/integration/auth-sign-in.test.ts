import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyringSecretStore } from '../../main/adapters/keyring.secret-store.js';
import { AuthService, type SignedInAccount } from '../../main/services/auth/auth.service.js';
import type { TenantSettings } from '../../main/services/settings/settings.schema.js';
import { browseSignIn, type BrowserUser } from '../helpers/msal.js';
import type { TestSandbox } from '../helpers/sandbox.js';
import type { TokenReport } from './auth-child.js';
import { hasPrivateKeyring, keychainItems, listFiles, runAuthChild, startAuthSandbox } from './auth-support.js';

/**
 * Sign-in end to end: the real AuthService and msal-node against the sandbox's Entra, the real
 * KeyringSecretStore against gnome-keyring (scripts/with-keyring.sh), and a second Node process
 * that plays "the app started again". Run:
 *   bash scripts/with-keyring.sh npx vitest run --project integration test/integration/auth-sign-in.test.ts
 */
const service = `JIT Vault test ${randomUUID()}`;
const tempDirs: string[] = [];
/** Every token string this test saw: none may turn up in any file. */
const canaries = new Set<string>();
let sandbox: TestSandbox;
let tenants: TenantSettings[];
let alex: BrowserUser & { oid: string };

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** A child environment whose home, config and data folders are an empty temporary folder. */
function isolatedEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  // XDG_DATA_HOME is NOT overridden when the keychain is wanted: it points gnome-keyring's own files.
  return { HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache'), ...extra };
}

beforeAll(async () => {
  ({ sandbox, tenants, alex } = await startAuthSandbox());
});

afterAll(async () => {
  await sandbox?.close();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('sign-in with the OS keychain', () => {
  let account: SignedInAccount;
  let auth: AuthService;

  it('runs inside the private keyring session', () => {
    expect(hasPrivateKeyring, 'run through scripts/with-keyring.sh').toBe(true);
  });

  it('interactive sign-in stores the account in the keychain (and no access token)', async () => {
    auth = await AuthService.create({ endpoints: { allowLoopback: true }, tenants, secretStore: new KeyringSecretStore({ service }) });
    expect(auth.keychainStatus()).toBe('available');
    account = await auth.signInInteractive(sandbox.info.tenantId, { openBrowser: async (url) => void (await browseSignIn(url, alex)) });
    const vault = await auth.getAccessToken(account.accountId, 'vault');
    const graph = await auth.getAccessToken(account.accountId, 'graph');
    canaries.add(vault.token).add(graph.token);

    const items = await keychainItems(service);
    const manifest = `msal-cache|${sandbox.info.tenantId}|${sandbox.info.clientId}`;
    expect(items).toContain(manifest);
    const persisted = (await new KeyringSecretStore({ service }).get(manifest))!;
    const refreshTokens = Object.values(JSON.parse(persisted).RefreshToken as Record<string, { secret: string }>).map((rt) => rt.secret);
    expect(refreshTokens).toHaveLength(1);
    canaries.add(refreshTokens[0]!);
    expect(persisted.includes(vault.token) || persisted.includes(graph.token)).toBe(false);
  });

  it('a NEW process signs in silently from the keychain; tokens come from memory until forceRefresh', async () => {
    const home = tempDir('jit-vault-child-');
    const { code, result } = await runAuthChild<{
      status: string; accounts: SignedInAccount[]; vault: TokenReport; again: TokenReport; forced: TokenReport; graph: TokenReport;
    }>({ kind: 'silent', service, tenants }, isolatedEnv(home), { cwd: home });
    expect(code, JSON.stringify(result)).toBe(0);
    expect(result!.status).toBe('available');
    expect(result!.accounts).toEqual([account]);
    expect(result!.vault).toMatchObject({ aud: 'https://vault.azure.net', oid: alex.oid, tid: sandbox.info.tenantId });
    expect(result!.again.sha256).toBe(result!.vault.sha256);
    expect(result!.forced.sha256).not.toBe(result!.vault.sha256);
    expect(result!.graph.aud).not.toBe('https://vault.azure.net');
    // The child's tokens are new ones, not the parent's.
    const parentHashes = [...canaries].map((t) => createHash('sha256').update(t).digest('hex'));
    expect(parentHashes).not.toContain(result!.vault.sha256);
    expect(listFiles(home)).toEqual([]);
  });

  it('sign-out leaves no keychain item, and a new process finds no account', async () => {
    await auth.signOut(account.accountId);
    expect(await keychainItems(service)).toEqual([]);
    const home = tempDir('jit-vault-child-');
    const { result } = await runAuthChild<{ status: string; accounts: SignedInAccount[] }>({ kind: 'status', service, tenants }, isolatedEnv(home), { cwd: home });
    expect(result).toEqual({ status: 'available', accounts: [] });
  });
});

describe('sign-in without a keychain', () => {
  it('device-code sign-in works in memory only, says so, and writes no file', async () => {
    const home = tempDir('jit-vault-nokeyring-');
    const env = isolatedEnv(home, { DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home, 'no-bus')}`, XDG_DATA_HOME: join(home, 'data'), XDG_RUNTIME_DIR: join(home, 'run') });
    const { code, result } = await runAuthChild<{ status: string; account: SignedInAccount; vault: TokenReport }>(
      { kind: 'device-code', service, tenants, tenantId: sandbox.info.tenantId, user: alex },
      env,
      { cwd: home },
    );
    expect(code, JSON.stringify(result)).toBe(0);
    expect(result!.status).toBe('unavailable-memory-only');
    expect(result!.account.username).toBe(alex.username);
    expect(result!.vault).toMatchObject({ aud: 'https://vault.azure.net', oid: alex.oid });
    expect(listFiles(home)).toEqual([]);
    expect(await keychainItems(service)).toEqual([]);
  });
});

describe('leaks', () => {
  it('no token string appears in any file of the test folders or in the keyring files', () => {
    expect(canaries.size).toBeGreaterThanOrEqual(3);
    for (const token of canaries) expect(token.length).toBeGreaterThan(20);
    // gnome-keyring's own files (scripts/with-keyring.sh points XDG_DATA_HOME at a temporary folder) are encrypted.
    const keyringFiles = process.env.XDG_DATA_HOME ? listFiles(process.env.XDG_DATA_HOME) : [];
    expect(keyringFiles.length).toBeGreaterThan(0);
    const files = [...tempDirs.flatMap((dir) => listFiles(dir)), ...keyringFiles];
    for (const file of files) {
      const text = readFileSync(file.path, 'latin1');
      for (const token of canaries) expect(text.includes(token), `token found in ${file.path}`).toBe(false);
    }
  });
});
