import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { IpcResult } from '../../shared/domain/types.js';
import { CLOSE_REPLACED, PREVIEW_SOCKET_PATH, type ServerMessage } from '../../shared/ipc/web-bridge.js';
import { completeDeviceCode } from '../helpers/msal.js';
import { PreviewExitError, spawnPreview, type SpawnedPreview } from '../helpers/preview.js';
import { waitUntil } from '../helpers/wait-until.js';

/**
 * `npm run preview` as a user (or CI) runs it: the real command line in a child process, its one
 * ready line, the HTTP server and the token/Origin-protected WebSocket — driven here by a small
 * client that plays the page (it answers clipboard requests like navigator.clipboard would).
 */

const WORKSTATIONS_GROUP = '50ed3b25-c81d-4e62-b2eb-8511a2784e34';

/** A minimal built renderer: the CSP meta as the real build has it, and one module script. */
function fixtureRenderer(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jit-vault-preview-renderer-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html>\n<html><head>\n<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; connect-src 'self'">\n<title>JIT Vault</title>\n<script type="module" crossorigin src="./assets/app.js"></script>\n</head><body><div id="root"></div></body></html>\n`,
  );
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(typeof window.jitVault);\n');
  writeFileSync(join(dir, '.env'), 'SECRET=1\n');
  return dir;
}

/** The newest resume token a page of each preview received (tokens are one-time: each connection spends one). */
const resumeTokens = new WeakMap<SpawnedPreview, string>();

/** Plays the preview page over the WebSocket. */
class PageClient {
  readonly events: { event: string; payload: unknown }[] = [];
  readonly opened: string[] = [];
  readonly clipboardOps: { op: string; text?: string }[] = [];
  clipboard = '';
  closeCode: number | undefined;
  /** The token the server handed this connection for the next one. */
  resumeToken: string | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, (result: IpcResult<unknown>) => void>();

  private constructor(
    readonly socket: WebSocket,
    private readonly preview: SpawnedPreview,
  ) {
    socket.on('message', (data) => this.onMessage(JSON.parse(data.toString()) as ServerMessage));
    socket.on('close', (code) => (this.closeCode = code));
  }

  static connect(preview: SpawnedPreview, options: { token?: string; origin?: string | null; path?: string } = {}): Promise<PageClient> {
    const token = options.token ?? resumeTokens.get(preview) ?? preview.token;
    const url = `${preview.origin.replace('http:', 'ws:')}${options.path ?? PREVIEW_SOCKET_PATH}?token=${encodeURIComponent(token)}`;
    const origin = options.origin === undefined ? preview.origin : options.origin;
    const socket = new WebSocket(url, origin === null ? {} : { origin });
    return new Promise((resolve, reject) => {
      socket.once('open', () => {
        const client = new PageClient(socket, preview);
        // The server hands each connection the token for the next one; a connection opened before it
        // arrived would use the spent one (HTTP 401), as a real page reloaded that early would.
        client.until('resume token', () => client.resumeToken).then(() => resolve(client), reject);
      });
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      socket.once('error', reject);
    });
  }

  call<T = unknown>(channel: string, args: unknown = {}): Promise<IpcResult<T>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve as (r: IpcResult<unknown>) => void);
      this.socket.send(JSON.stringify({ t: 'invoke', id, channel, args }));
    });
  }

  until<T>(what: string, check: () => T | undefined, timeoutMs = 40_000): Promise<T> {
    return waitUntil(what, check, { timeoutMs, intervalMs: 50 });
  }

  close(): void {
    this.socket.close();
  }

  private onMessage(message: ServerMessage): void {
    if (message.t === 'result') {
      this.waiting.get(message.id)?.(message.result);
      this.waiting.delete(message.id);
    } else if (message.t === 'event') {
      this.events.push({ event: message.event, payload: message.payload });
    } else if (message.t === 'token') {
      this.resumeToken = message.token;
      resumeTokens.set(this.preview, message.token);
    } else if (message.t === 'open') {
      this.opened.push(message.url);
    } else if (message.t === 'clipboard') {
      this.clipboardOps.push({ op: message.op, ...(message.text !== undefined ? { text: message.text } : {}) });
      if (message.op === 'write') this.clipboard = message.text ?? '';
      if (message.op === 'clear') this.clipboard = '';
      this.socket.send(JSON.stringify({ t: 'clipboard-result', id: message.id, ok: true, ...(message.op === 'read' ? { text: this.clipboard } : {}) }));
    }
  }
}

const ok = <T>(result: IpcResult<T>): T => {
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.value;
};

describe('npm run preview (child process, --json --no-open)', () => {
  let preview: SpawnedPreview;
  let rendererDir: string;

  beforeAll(async () => {
    rendererDir = fixtureRenderer();
    preview = await spawnPreview({ rendererDir });
  });
  afterAll(async () => {
    await preview?.stop();
    rmSync(rendererDir, { recursive: true, force: true });
  });

  it('prints exactly one JSON line: the tokenised loopback URL and the sandbox ready JSON', () => {
    expect(preview.stdout().trim().split('\n')).toHaveLength(1);
    expect(preview.ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{40,}$/);
    expect(preview.ready.sandbox).toMatchObject({ tenantId: expect.any(String), clientId: expect.any(String), admin: { url: expect.stringMatching(/^https:\/\/localhost:/) } });
    expect(preview.ready.sandbox.users.length).toBeGreaterThan(0);
    // The token is in the printed URL only: not in any log line on stderr.
    expect(preview.stderr()).not.toContain(preview.token);
  });

  it('serves the renderer with the preview CSP, the bridge script first, and nothing outside the bundle', async () => {
    const page = await fetch(`${preview.origin}/`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${new URL(preview.origin).port}`);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|ws:\/\/127\.0\.0\.1:\*/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await page.text();
    expect(html.indexOf('src="/preview-bridge.js"')).toBeGreaterThan(0);
    expect(html.indexOf('src="/preview-bridge.js"')).toBeLessThan(html.indexOf('./assets/app.js'));
    expect(html).not.toContain(preview.token);

    for (const path of ['/preview-bridge.js', '/__preview/web-bridge.js', '/__preview/bridge.js', '/__preview/channels.js', '/assets/app.js']) {
      const response = await fetch(`${preview.origin}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    }
    expect(await (await fetch(`${preview.origin}/__preview/channels.js`)).text()).toContain('"vault:copy"');
    expect((await fetch(`${preview.origin}/.env`)).status).toBe(404);
    expect((await fetch(`${preview.origin}/assets/%2e%2e/%2e%2e/package.json`)).status).toBe(404);
    expect((await fetch(`${preview.origin}/`, { method: 'POST' })).status).toBe(405);
  });

  it('refuses a WebSocket without the token, with a wrong token, from another Origin, or on another path', async () => {
    await expect(PageClient.connect(preview, { token: '' })).rejects.toThrow('HTTP 401');
    await expect(PageClient.connect(preview, { token: `${preview.token.slice(0, -1)}x` })).rejects.toThrow('HTTP 401');
    await expect(PageClient.connect(preview, { origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(PageClient.connect(preview, { origin: 'http://localhost:1' })).rejects.toThrow('HTTP 403');
    await expect(PageClient.connect(preview, { origin: null })).rejects.toThrow('HTTP 403');
    await expect(PageClient.connect(preview, { path: '/ws' })).rejects.toThrow('HTTP 403');
  });

  it('tokens are one-time: the launch link opens one connection, then each connection hands out the next token', async () => {
    const first = await PageClient.connect(preview, { token: preview.token });
    const handedOut = await first.until('resume token', () => resumeTokens.get(preview));
    first.close();
    // The printed link is spent: a copy of it (history, a log, a screen) opens nothing.
    await expect(PageClient.connect(preview, { token: preview.token })).rejects.toThrow('HTTP 401');
    const second = await PageClient.connect(preview, { token: handedOut });
    await second.until('next resume token', () => (resumeTokens.get(preview) !== handedOut ? resumeTokens.get(preview) : undefined));
    second.close();
    await expect(PageClient.connect(preview, { token: handedOut })).rejects.toThrow('HTTP 401');
  });

  it('answers the contract over the socket: app.getState and vault.searchPage, errors as values', async () => {
    const client = await PageClient.connect(preview);
    try {
      const state = ok(await client.call<{ mode: string; platform: string; demoTenantName: string; vaults: unknown[] }>('app:getState'));
      expect(state).toMatchObject({ mode: 'demo', platform: 'browser-preview', demoTenantName: 'Contoso IT Services' });
      expect(state.vaults).toHaveLength(5);
      expect(ok(await client.call('vault:searchPage', { query: 'dc01' }))).toEqual({ hits: [], total: 0 });
      expect(await client.call('vault:steal', {})).toMatchObject({ ok: false, code: 'unknown-channel' });
      expect(await client.call('vault:searchPage', { query: 'x'.repeat(10_000) })).toMatchObject({ ok: false, code: 'bad-request' });
      expect(await client.call('vault:copy', { vault: 'kv-contoso-network', name: 'fw-edge-01-admin' })).toMatchObject({ ok: false, code: 'vault-locked' });
    } finally {
      client.close();
    }
  });

  it('one page at a time: a newer connection replaces the older one', async () => {
    const first = await PageClient.connect(preview);
    const second = await PageClient.connect(preview);
    await first.until('close', () => first.closeCode);
    expect(first.closeCode).toBe(CLOSE_REPLACED);
    expect(ok(await second.call('vault:statuses'))).toHaveLength(5);
    second.close();
  });

  it('signs in with a device code, activates, and copies through the page-held clipboard (cleared on lock)', async () => {
    const page = await PageClient.connect(preview);
    try {
      const user = preview.ready.sandbox.users.find((u) => u.username.startsWith('alex.helpdesk') && u.tenantId === preview.ready.sandbox.tenantId)!;
      const signingIn = page.call<{ accountId: string }>('auth:signIn', { tenantId: preview.ready.sandbox.tenantId, method: 'device-code' });
      const code = await page.until('device code', () => page.events.find((e) => e.event === 'auth:deviceCode')?.payload as { userCode: string; verificationUri: string } | undefined);
      await completeDeviceCode(code.verificationUri, code.userCode, user);
      const { accountId } = ok(await signingIn);

      ok(await page.call('pim:activate', { accountId, groupId: WORKSTATIONS_GROUP, justification: 'Preview test: user locked out', durationMinutes: 30 }));
      // The vault was listed while locked (standing Reader); wait for the listing that follows the unlock.
      await page.until('listed after unlock', () => {
        const unlockedAt = page.events.findIndex((e) => e.event === 'session:unlocked' && (e.payload as { vault?: string }).vault === 'kv-contoso-workstations');
        return unlockedAt >= 0 ? page.events.slice(unlockedAt).find((e) => e.event === 'vault:catalog' && (e.payload as { type: string; vault?: string }).type === 'listed' && (e.payload as { vault?: string }).vault === 'kv-contoso-workstations') : undefined;
      });
      const { hits } = ok(await page.call<{ hits: { item: { name: string } }[] }>('vault:searchPage', { query: 'laps' }));
      expect(hits.map((h) => h.item.name)).toEqual(['laps-ws-0142', 'laps-ws-0177']);

      ok(await page.call('vault:copy', { vault: 'kv-contoso-workstations', name: 'laps-ws-0142' }));
      const { value } = ok(await page.call<{ value: string }>('vault:reveal', { vault: 'kv-contoso-workstations', name: 'laps-ws-0142' }));
      expect(value.length).toBeGreaterThan(0);
      expect(page.clipboard).toBe(value);
      // Events never carry the value.
      expect(JSON.stringify(page.events)).not.toContain(value);

      ok(await page.call('session:lockNow'));
      await page.until('clipboard cleared', () => page.events.find((e) => e.event === 'clipboard:cleared'));
      expect(page.clipboardOps.map((o) => o.op)).toEqual(['write', 'read', 'clear']);
      expect(page.clipboard).toBe('');
    } finally {
      page.close();
    }
  });

  it('SIGTERM stops it with exit code 0', async () => {
    expect(await preview.stop()).toBe(0);
  });
});

describe('npm run preview on a fresh machine and with a real tenant', () => {
  it('fresh state: makes its own sandbox CA, trusts it (re-exec) and still prints one line', async () => {
    const rendererDir = fixtureRenderer();
    const preview = await spawnPreview({ rendererDir, useTestCa: false });
    try {
      expect(preview.stdout().trim().split('\n')).toHaveLength(1);
      expect(preview.ready.sandbox.caCertPath.startsWith(preview.stateDir)).toBe(true);
      const page = await PageClient.connect(preview);
      // The interactive sign-in reaches the sandbox over TLS (discovery) before it asks the page to open its page.
      const signingIn = page.call('auth:signIn', { tenantId: preview.ready.sandbox.tenantId, method: 'browser' });
      const opened = await page.until('open', () => page.opened[0]);
      expect(opened.startsWith(`${preview.ready.sandbox.authority}/oauth2/v2.0/authorize?`)).toBe(true);
      ok(await page.call('auth:cancelSignIn'));
      expect(await signingIn).toMatchObject({ ok: false, code: 'cancelled' });
      page.close();
    } finally {
      expect(await preview.stop()).toBe(0);
      rmSync(rendererDir, { recursive: true, force: true });
    }
  });

  it('refuses settings that name a real tenant: clear error, exit 1, nothing on stdout', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'jit-vault-preview-real-'));
    const rendererDir = fixtureRenderer();
    try {
      mkdirSync(join(stateDir, 'app'), { recursive: true });
      writeFileSync(
        join(stateDir, 'app', 'settings.json'),
        JSON.stringify({ tenants: [{ tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', clientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', displayName: 'Real Corp' }] }),
      );
      const attempt = spawnPreview({ stateDir, rendererDir });
      await expect(attempt).rejects.toBeInstanceOf(PreviewExitError);
      const error = (await attempt.catch((e: unknown) => e)) as PreviewExitError;
      expect(error.code).toBe(1);
      expect(error.stdout).toBe('');
      expect(error.stderr).toContain('only runs against the local sandbox');
      expect(error.stderr).toContain('Real Corp');
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
      rmSync(rendererDir, { recursive: true, force: true });
    }
  });
});
