import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { ensureTls } from '../../sandbox/tls/certificates.js';
import { isAppError } from '../services/errors.js';
import { foreignProcessEnv } from '../security/foreign-process-env.js';
import { REPO_ROOT } from './bridge-assets.js';
import { startPreview, type RunningPreview } from './preview-app.js';

const USAGE = `Usage: npm run preview -- [--json] [--no-open] [--state-dir DIR] [--port N] [--renderer-dir DIR] [--reset]

Runs JIT Vault's core services against the bundled local Azure sandbox (demo tenant only) and serves
the built renderer on http://127.0.0.1, connected over a token-protected loopback WebSocket.
  --json              print exactly one JSON line when ready: {"url":…,"sandbox":{…ready JSON…}}
  --no-open           do not open a browser
  --state-dir DIR     sandbox state and the preview's settings/journal (default ~/.local/state/jit-vault/preview)
  --port N            listen on this port (default: any free port)
  --renderer-dir DIR  the built renderer (default out/renderer; built with \`npm run build\` when missing)
  --reset             start the sandbox from its seed again (and forget the preview's sign-ins and pending requests)`;

/** Set in the re-executed child, so a CA that still does not match is an error instead of a loop. */
const CHILD_MARK = 'JIT_VAULT_PREVIEW_CA_SET';

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

/**
 * Node reads NODE_EXTRA_CA_CERTS only at start-up, and the sandbox CA may not exist before this run
 * creates it. So: create it (ensureTls), and if this process does not already trust that file, run
 * this same command again in a child that does, passing signals and the exit code through. The CA
 * only ever signs the sandbox's loopback certificate, and the preview talks to nothing else.
 */
function ensureCaTrusted(caCertPath: string): 'ok' | 'delegated' {
  const current = process.env.NODE_EXTRA_CA_CERTS;
  // A bundle that already contains our CA (among others) is fine too.
  if (current && existsSync(current) && readFileSync(current, 'utf8').includes(readFileSync(caCertPath, 'utf8').trim())) return 'ok';
  if (process.env[CHILD_MARK]) fail(`The preview cannot trust the sandbox CA (${caCertPath}).`);
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caCertPath, [CHILD_MARK]: '1' },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  child.on('error', (error) => fail(`Cannot start the preview: ${error.message}`));
  return 'delegated';
}

/** Builds the app (electron-vite) when the renderer bundle is missing; build output goes to stderr. */
function ensureRendererBuilt(rendererDir: string, isDefault: boolean): void {
  if (existsSync(join(rendererDir, 'index.html'))) return;
  if (!isDefault) fail(`No built renderer in ${rendererDir} (index.html is missing).`);
  process.stderr.write('The renderer is not built yet: running `npm run build` first...\n');
  const build = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 2, 2] });
  if (build.status !== 0 || !existsSync(join(rendererDir, 'index.html'))) fail('`npm run build` failed; the preview needs the built renderer (out/renderer).');
}

/**
 * Opens the browser on a small local redirect file rather than on the URL itself: a command line is
 * visible to every local user (ps), the token must not be (Jupyter does the same). Failure is ignored.
 */
function openBrowser(stateDir: string, url: string): string {
  const file = join(stateDir, 'open-preview.html');
  const escaped = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  writeFileSync(file, `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${escaped}"><title>JIT Vault preview</title>\n`, { mode: 0o600 });
  const [command, args] = process.platform === 'darwin' ? ['open', [file]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', file]] : ['xdg-open', [file]];
  try {
    // The browser opener is not ours: it must not inherit our trust of the sandbox CA.
    const child = spawn(command, args, { stdio: 'ignore', detached: true, env: foreignProcessEnv(process.env) });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No browser opener here: the printed URL is enough.
  }
  return file;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        json: { type: 'boolean', default: false },
        'no-open': { type: 'boolean', default: false },
        'state-dir': { type: 'string' },
        port: { type: 'string' },
        'renderer-dir': { type: 'string' },
        reset: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`, 2);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) fail(`--port must be a port number.\n${USAGE}`, 2);
  const stateDir = resolve(values['state-dir'] ?? join(process.env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'jit-vault', 'preview'));
  const tls = ensureTls(join(stateDir, 'sandbox'));
  if (ensureCaTrusted(tls.caCertPath) === 'delegated') return;
  const rendererDir = resolve(values['renderer-dir'] ?? join(REPO_ROOT, 'out', 'renderer'));
  ensureRendererBuilt(rendererDir, values['renderer-dir'] === undefined);

  let preview: RunningPreview;
  try {
    preview = await startPreview({ stateDir, rendererDir, reset: values.reset, ...(port !== undefined ? { port } : {}) });
  } catch (error) {
    fail(isAppError(error) ? error.message : `Cannot start the preview: ${(error as Error).message}`);
  }
  const { info } = preview.sandbox;
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ url: preview.url, sandbox: info })}\n`);
  } else {
    const lines = [
      `JIT Vault browser preview (${preview.core.mode === 'demo' ? `demo tenant: ${preview.core.demoTenantName ?? 'sandbox'}` : 'sandbox settings'}) is ready:`,
      `  ${preview.url}`,
      '  (the link carries a one-time access token: it opens one tab, which keeps working across reloads;',
      '   press Enter here for a new link)',
      '  Sign in with one of the sandbox users:',
      ...info.users.filter((u) => u.tenantId === info.tenantId).map((u) => `    ${u.role.padEnd(9)} ${u.username}  password: ${u.password}`),
      `  The sign-in pages are served by the sandbox over https with its own local CA (${info.caCertPath}),`,
      '  limited to localhost: your browser warns about that page; continue for this page only.',
      '  Do not install that CA in your browser or system.',
      'Press Ctrl+C to stop.',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  const redirectFile = values['no-open'] ? undefined : openBrowser(stateDir, preview.url);
  // Tokens are one-time: a closed tab (or another browser) needs a new link, asked for here.
  if (process.stdin.isTTY) {
    createInterface({ input: process.stdin }).on('line', () => {
      const link = preview.server.newLink();
      process.stdout.write(values.json ? `${JSON.stringify({ url: link })}\n` : `New one-time link:\n  ${link}\n`);
    });
  }

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    if (redirectFile) rmSync(redirectFile, { force: true });
    void preview.close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main().catch((error: unknown) => fail(`Cannot start the preview: ${error instanceof Error ? error.message : String(error)}`));
