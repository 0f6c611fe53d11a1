import { execFile, spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { TenantSettings } from '../../main/services/settings/settings.schema.js';
import type { BrowserUser } from '../helpers/msal.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

/**
 * Helpers for the auth integration tests (test/integration/auth-*.test.ts): what is in the real
 * Secret Service, child processes that play "the app started again", and a canary scan of files.
 */

const run = promisify(execFile);

/** The sandbox as the auth suites use it: its tenants as AuthService settings, and Alex (helpdesk, home tenant). */
export async function startAuthSandbox(): Promise<{ sandbox: TestSandbox; tenants: TenantSettings[]; alex: BrowserUser & { oid: string } }> {
  const sandbox = await startTestSandbox();
  const { info } = sandbox;
  const user = info.users.find((u) => u.username.startsWith('alex.helpdesk') && u.tenantId === info.tenantId)!;
  return {
    sandbox,
    tenants: info.tenants.map((t) => ({ tenantId: t.tenantId, clientId: info.clientId, authority: t.authority })),
    alex: { username: user.username, password: user.password, oid: user.oid },
  };
}
export const REPO_ROOT = join(import.meta.dirname, '..', '..');

/**
 * The usernames (our keys and chunk names) of every item stored under `service`, read with
 * libsecret's own CLI — an independent view of the keychain. Never returns or prints the secrets.
 */
export async function keychainItems(service: string): Promise<string[]> {
  // secret-tool prints labels and SECRETS on stdout (ignored) and the attributes on stderr.
  const { stderr } = await run('secret-tool', ['search', '--all', 'service', service]).catch((error: { stderr?: string; code?: number }) => {
    // secret-tool exits 1 when nothing matches.
    if (error.code === 1) return { stderr: error.stderr ?? '' };
    throw new Error(`secret-tool failed (exit ${String(error.code)})`);
  });
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('attribute.username = '))
    .map((line) => line.slice('attribute.username = '.length))
    .sort();
}

/** Whether this run has a private Secret Service (scripts/with-keyring.sh). */
export const hasPrivateKeyring = process.env.JIT_VAULT_PRIVATE_KEYRING === '1';

/** Result of a child script: its exit code and the last JSON line it printed. */
export interface ChildResult<T> {
  code: number | null;
  result: T | undefined;
  stderr: string;
}

/** Runs `test/integration/auth-child.ts` with a JSON task in a fresh Node process (tsx). */
export function runAuthChild<T>(task: unknown, env: NodeJS.ProcessEnv = {}, options: { cwd?: string } = {}): Promise<ChildResult<T>> {
  return new Promise((resolve, reject) => {
    // tsx by absolute URL: the child may run in an empty temporary folder (no node_modules there).
    const tsx = pathToFileURL(join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
    const child = spawn(process.execPath, ['--import', tsx, join(REPO_ROOT, 'test/integration/auth-child.ts'), JSON.stringify(task)], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const last = stdout.trim().split('\n').filter(Boolean).pop();
      let result: T | undefined;
      try {
        result = last ? (JSON.parse(last) as T) : undefined;
      } catch {
        result = undefined;
      }
      resolve({ code, result, stderr });
    });
  });
}

/** Every file under `dir` (recursively), with its size. */
export function listFiles(dir: string): { path: string; size: number }[] {
  const out: { path: string; size: number }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else if (entry.isFile()) out.push({ path, size: statSync(path).size });
  }
  return out;
}
