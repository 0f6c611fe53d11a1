import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import type { ReadyInfo } from '../../sandbox/ready-info.js';
import { TLS_FILE_NAMES } from '../../sandbox/tls/certificates.js';

const REPO_ROOT = join(import.meta.dirname, '..', '..');

/** The one line `npm run preview -- --json` prints when ready. */
export interface PreviewReady {
  /** `http://127.0.0.1:PORT/#token=…` — open it in the browser. */
  url: string;
  sandbox: ReadyInfo;
}

/** A preview started through its real command line, in a child process. */
export interface SpawnedPreview {
  readonly ready: PreviewReady;
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  readonly token: string;
  readonly stateDir: string;
  readonly process: ChildProcess;
  /** Everything the child printed on stdout so far (the ready line, and nothing else is expected). */
  stdout(): string;
  stderr(): string;
  /** SIGTERM; resolves with the exit code and removes a state directory this helper created. */
  stop(): Promise<number | null>;
}

/** Options of `spawnPreview`. */
export interface SpawnPreviewOptions {
  /** Default: a fresh temporary directory (removed by `stop`). */
  stateDir?: string;
  /** Default: the real build, out/renderer (run `npm run build` first, as `npm run test:e2e` does). */
  rendererDir?: string;
  /**
   * Default true: the run's test CA (global-setup) is copied into the state directory and trusted by
   * the child, so the test process itself can also talk to the preview's sandbox (its admin API,
   * device-code pages). False: the preview makes its own CA, as on a fresh machine.
   */
  useTestCa?: boolean;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** How long to wait for the ready line (default 120 s: tsx start-up on a busy machine). */
  timeoutMs?: number;
}

/**
 * Starts `tsx main/preview/preview-cli.ts --json --no-open` and resolves with its ready JSON.
 * For the Chromium end-to-end test: `page.goto(preview.ready.url)` with `ignoreHTTPSErrors` on the
 * context (the sandbox sign-in pages use the test CA), then sign in with a user of `ready.sandbox.users`.
 */
export async function spawnPreview(options: SpawnPreviewOptions = {}): Promise<SpawnedPreview> {
  const ownDir = options.stateDir === undefined;
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'jit-vault-preview-'));
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (options.useTestCa !== false) {
    const tlsDir = process.env.JIT_VAULT_TEST_TLS_DIR;
    if (!tlsDir) throw new Error('JIT_VAULT_TEST_TLS_DIR is not set: run tests through vitest (globalSetup).');
    const sandboxDir = join(stateDir, 'sandbox');
    mkdirSync(sandboxDir, { recursive: true });
    for (const file of TLS_FILE_NAMES) copyFileSync(join(tlsDir, file), join(sandboxDir, file));
    env.NODE_EXTRA_CA_CERTS = join(sandboxDir, 'ca.pem');
  } else {
    delete env.NODE_EXTRA_CA_CERTS;
  }
  const tsx = pathToFileURL(join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
  const args = ['--import', tsx, join(REPO_ROOT, 'main/preview/preview-cli.ts'), '--json', '--no-open', '--state-dir', stateDir];
  if (options.rendererDir) args.push('--renderer-dir', options.rendererDir);
  const child = spawn(process.execPath, [...args, ...(options.args ?? [])], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const cleanup = () => {
    if (ownDir) rmSync(stateDir, { recursive: true, force: true });
  };

  const ready = await new Promise<PreviewReady>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`preview not ready after ${options.timeoutMs ?? 120_000} ms: ${stderr}`));
    }, options.timeoutMs ?? 120_000);
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line) as PreviewReady);
      } catch (error) {
        reject(new Error(`preview printed a non-JSON line: ${line} (${(error as Error).message})`));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new PreviewExitError(code, stdout, stderr));
    });
  }).catch((error: unknown) => {
    cleanup();
    throw error;
  });

  const url = new URL(ready.url);
  return {
    ready,
    origin: url.origin,
    token: new URLSearchParams(url.hash.slice(1)).get('token') ?? '',
    stateDir,
    process: child,
    stdout: () => stdout,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const code = await exited;
      cleanup();
      return code;
    },
  };
}

/** The preview exited before it was ready (e.g. it refused a real tenant). */
export class PreviewExitError extends Error {
  constructor(
    readonly code: number | null,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(`preview exited with ${code} before ready: ${stderr}`);
    this.name = 'PreviewExitError';
  }
}
