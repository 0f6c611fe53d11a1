import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDemoSettings, vaultGrantsFromSeed } from '../../main/services/settings/demo-settings.js';
import type { TestSandbox } from '../helpers/sandbox.js';

/** The repository root (the `jit-vault` bin lives at cli/jit-vault.mjs). */
export const REPO = join(import.meta.dirname, '..', '..');
export const BIN = join(REPO, 'cli', 'jit-vault.mjs');

/** One CLI profile: its own user dir (journal, logs, pending requests), keychain entries and settings file. */
export interface CliProfile {
  dir: string;
  userDir: string;
  settingsFile: string;
  env: NodeJS.ProcessEnv;
}

/** Writes a settings file for the sandbox's demo tenants (the app's schema) and a private profile. */
export function makeProfile(sandbox: TestSandbox, extraEnv: NodeJS.ProcessEnv = {}): CliProfile {
  const dir = mkdtempSync(join(tmpdir(), 'jit-vault-cli-'));
  const userDir = join(dir, 'profile');
  mkdirSync(userDir, { recursive: true });
  const settingsFile = join(dir, 'settings.json');
  writeFileSync(settingsFile, JSON.stringify(buildDemoSettings(sandbox.info, vaultGrantsFromSeed(sandbox.context.store.data)), null, 2));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    JIT_VAULT_USER_DIR: userDir,
    JIT_VAULT_ALLOW_LOOPBACK: '1', // the sandbox tenant is configured through --settings (cli/cli-build.ts)
    JIT_VAULT_POLICY_FILE: join(dir, 'no-policy.json'),
    JIT_VAULT_KEYCHAIN_SERVICE: `JIT Vault cli test ${randomUUID()}`,
    ...extraEnv,
  };
  // A managed identity must never be found by accident through the developer's environment.
  for (const name of ['AZURE_POD_IDENTITY_AUTHORITY_HOST', 'IDENTITY_ENDPOINT', 'IDENTITY_HEADER', 'MSI_ENDPOINT', 'IMDS_ENDPOINT']) if (!(name in extraEnv)) delete env[name];
  return { dir, userDir, settingsFile, env };
}

/** What a finished CLI run left. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A CLI run in progress (for SIGINT and interleaved admin actions). */
export interface CliRun {
  child: ChildProcess;
  /** Resolves once stderr contains `text`. */
  waitForStderr(text: string | RegExp, timeoutMs?: number): Promise<string>;
  done: Promise<CliResult>;
}

/** Starts `jit-vault --settings <profile> …args` as a user would (node + the bin file). */
export function startCli(profile: CliProfile, args: string[], options: { settings?: boolean; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const full = options.settings === false ? args : ['--settings', profile.settingsFile, ...args];
  const child = spawn(process.execPath, [BIN, ...full], { cwd: profile.dir, env: { ...profile.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: { test: string | RegExp; resolve: (s: string) => void }[] = [];
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString();
    for (const w of [...waiters]) {
      if (typeof w.test === 'string' ? stderr.includes(w.test) : w.test.test(stderr)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(stderr);
      }
    }
  });
  const done = new Promise<CliResult>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return {
    child,
    done,
    waitForStderr: (test, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        if (typeof test === 'string' ? stderr.includes(test) : test.test(stderr)) return resolve(stderr);
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${String(test)} on stderr; got: ${stderr}`)), timeoutMs);
        waiters.push({ test, resolve: (s) => (clearTimeout(timer), resolve(s)) });
        void done.then(() => reject(new Error(`jit-vault exited before ${String(test)}; stderr: ${stderr}`)));
      }),
  };
}

/** Runs the CLI to completion. */
export function cli(profile: CliProfile, args: string[], options: { settings?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return startCli(profile, args, options).done;
}
