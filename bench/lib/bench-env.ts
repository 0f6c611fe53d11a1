import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTls } from '../../sandbox/tls/certificates.js';

/** The repository root (bench/lib/../..). */
export const REPO_ROOT = join(import.meta.dirname, '..', '..');

/**
 * Makes sure this process trusts a sandbox CA, as the test runner's global setup does for tests:
 * NODE_EXTRA_CA_CERTS is read only at process start, so a benchmark started without it makes a CA
 * in a temporary folder and runs itself again as a child with the variable set (and
 * JIT_VAULT_TEST_TLS_DIR, so the test helpers' state directories copy the same TLS material).
 * Returns true in the process that should do the work; false in the parent, which has then
 * already exited with the child's exit code.
 */
export async function ensureBenchCa(): Promise<boolean> {
  if (process.env.JIT_VAULT_TEST_TLS_DIR && process.env.NODE_EXTRA_CA_CERTS) return true;
  const dir = mkdtempSync(join(tmpdir(), 'jit-vault-bench-tls-'));
  const tls = ensureTls(dir);
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
      stdio: 'inherit',
      env: { ...process.env, NODE_EXTRA_CA_CERTS: tls.caCertPath, JIT_VAULT_TEST_TLS_DIR: dir },
    });
    child.once('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
  });
  rmSync(dir, { recursive: true, force: true });
  process.exit(code);
}

/** Reads `--name value` from argv (numbers), or the fallback. */
export function numberArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value)) throw new Error(`--${name} needs a number`);
  return value;
}

/** Whether `--flag` is on the command line. */
export function flag(name: string): boolean {
  return process.argv.includes(`--${name}`);
}
