import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../sandbox/server.js';
import type { ReadyInfo } from '../../sandbox/ready-info.js';
import { TLS_FILE_NAMES } from '../../sandbox/tls/certificates.js';


/** A fresh state directory holding the run's shared TLS material (see global-setup.ts). */
export function makeStateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jit-vault-sandbox-'));
  const tlsDir = process.env.JIT_VAULT_TEST_TLS_DIR;
  if (!tlsDir) throw new Error('JIT_VAULT_TEST_TLS_DIR is not set: run tests through vitest (globalSetup).');
  for (const file of TLS_FILE_NAMES) copyFileSync(join(tlsDir, file), join(dir, file));
  return dir;
}

/** An in-process sandbox for one test file: fresh state from the seed, removed on close. */
export interface TestSandbox extends RunningSandbox {
  readonly stateDir: string;
  /** Calls the admin API. */
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
}

/** Starts an in-process sandbox with a fresh state directory. */
export async function startTestSandbox(options: Partial<SandboxOptions> = {}): Promise<TestSandbox> {
  const stateDir = options.stateDir ?? makeStateDir();
  const sandbox = await startSandbox({ reset: true, ...options, stateDir });
  return {
    ...sandbox,
    stateDir,
    admin: (method, path, body) => adminCall(sandbox.info, method, path, body),
    async close() {
      await sandbox.close();
      if (!options.stateDir) rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** Calls the sandbox admin API with the admin key. */
/** The current value of a seeded secret, read from the in-process sandbox's store (for exact assertions). */
export function seededValue(sandbox: TestSandbox, vault: string, name: string): string {
  return sandbox.context.store.vault(vault)!.secrets[name]!.versions.at(-1)!.value;
}

export async function adminCall<T = unknown>(info: ReadyInfo, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${info.admin.url}${path}`, {
    method,
    headers: { 'x-sandbox-admin-key': info.admin.key, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** A sandbox started through its real command line (`tsx sandbox/cli.ts --json`), in a child process. */
export interface SpawnedSandbox {
  readonly info: ReadyInfo;
  readonly process: ChildProcess;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts the sandbox CLI and waits for its ready JSON line. */
export async function spawnSandbox(args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<SpawnedSandbox> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/cli.ts', '--json', ...args], {
    cwd: join(import.meta.dirname, '..', '..'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout! });
  const info = await new Promise<ReadyInfo>((resolve, reject) => {
    lines.once('line', (line) => {
      try {
        resolve(JSON.parse(line) as ReadyInfo);
      } catch (error) {
        reject(new Error(`sandbox printed a non-JSON line: ${line} (${(error as Error).message})`));
      }
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code} before ready: ${stderr}`)));
  });
  return {
    info,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}
