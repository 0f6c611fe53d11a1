import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, get, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureTls, type SandboxTls } from '../../sandbox/tls/certificates.js';
import { DemoSignInWindow, DEMO_SIGN_IN_PARTITION, signInAllowList } from '../../main/platform/demo-sign-in-window.js';
import { sandboxCertificateVerifyProc, sandboxEndpoints, trustSandboxCaInNode, VERIFY, type SandboxTrust, type VerifyRequest } from '../../main/platform/sandbox-trust.js';
import { BrowserWindow, fake, resetFakeElectron, session } from './model/electron-model.js';

let dir: string;
let sandbox: SandboxTls;
let stranger: SandboxTls;
const firstPem = (pem: string) => pem.slice(0, pem.indexOf('-----END CERTIFICATE-----') + '-----END CERTIFICATE-----'.length);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jit-vault-trust-'));
  sandbox = ensureTls(join(dir, 'sandbox'));
  stranger = ensureTls(join(dir, 'stranger'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What Chromium hands the verify proc for a chain leaf ← CA (unknown root: ERR_CERT_AUTHORITY_INVALID). */
function request(hostname: string, leafPem: string, caPem: string, errorCode = -202): VerifyRequest {
  const ca: VerifyRequest['certificate'] = { data: caPem };
  ca.issuerCert = ca;
  return { hostname, certificate: { data: firstPem(leafPem), issuerCert: ca }, errorCode };
}

describe('Chromium: certificate verify proc of the demo sign-in partition', () => {
  const verdict = (req: VerifyRequest, now?: () => number) => {
    let result: number | undefined;
    sandboxCertificateVerifyProc({ caPem: sandbox.caCertPem, origins: [] }, now)(req, (r) => (result = r));
    return result;
  };

  it('accepts the sandbox leaf on loopback names', () => {
    for (const host of ['localhost', '127.0.0.1', '[::1]']) expect(verdict(request(host, sandbox.leafCertPem, sandbox.caCertPem)), host).toBe(VERIFY.accept);
  });

  it.each([
    ['a non-loopback host', () => request('login.microsoftonline.com', sandbox.leafCertPem, sandbox.caCertPem)],
    ['a chain from another CA', () => request('localhost', stranger.leafCertPem, stranger.caCertPem)],
    ['a foreign leaf presented under the sandbox CA', () => request('localhost', stranger.leafCertPem, sandbox.caCertPem)],
    ['a certificate Chromium already trusts (nothing to cure)', () => request('localhost', sandbox.leafCertPem, sandbox.caCertPem, 0)],
    ['a different error (e.g. revoked)', () => request('localhost', sandbox.leafCertPem, sandbox.caCertPem, -206)],
    ['a chain without the CA', () => ({ hostname: 'localhost', certificate: { data: firstPem(sandbox.leafCertPem) }, errorCode: -202 })],
    ['garbage certificate data', () => ({ hostname: 'localhost', certificate: { data: 'not a certificate', issuerCert: { data: sandbox.caCertPem } }, errorCode: -202 })],
  ])('leaves %s to Chromium', (_label, make) => {
    expect(verdict(make())).toBe(VERIFY.useChromium);
  });

  it('leaves an expired sandbox leaf to Chromium', () => {
    expect(verdict(request('localhost', sandbox.leafCertPem, sandbox.caCertPem), () => Date.now() + 3 * 365 * 24 * 3600_000)).toBe(VERIFY.useChromium);
  });
});

describe('Node: tls.connect trusts the sandbox CA for the sandbox endpoints only', () => {
  const servers: Server[] = [];
  const listen = async (pair: SandboxTls) => {
    const server = createServer({ cert: pair.leafCertPem, key: pair.leafKeyPem }, (_req, res) => res.end('ok'));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  };
  // agent: false — a fresh handshake each time, never a pooled keep-alive socket.
  const httpsGet = (url: string) =>
    new Promise<string>((resolve) => get(url, { agent: false }, (res) => res.resume().on('end', () => resolve(`status ${res.statusCode}`))).on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message)));
  const fetchText = (url: string) => fetch(url).then((r) => r.text(), (e: { cause?: { code?: string } }) => e.cause?.code ?? 'failed');

  afterAll(() => servers.forEach((s) => s.close()));

  it('node:https and fetch (undici) reach a sandbox origin; another port with the same certificate stays untrusted; restore undoes it', async () => {
    const port = await listen(sandbox);
    const otherPort = await listen(sandbox);
    const restore = trustSandboxCaInNode(tls, { caPem: sandbox.caCertPem, origins: [`https://localhost:${port}`] });
    try {
      expect(await httpsGet(`https://localhost:${port}/`)).toBe('status 200');
      expect(await fetchText(`https://127.0.0.1:${port}/`)).toBe('ok');
      expect(await httpsGet(`https://localhost:${otherPort}/`)).toMatch(/CERT|SELF_SIGNED|UNABLE/);
      expect(await fetchText(`https://localhost:${otherPort}/`)).toMatch(/CERT|SELF_SIGNED|UNABLE/);
    } finally {
      restore();
    }
    expect(await httpsGet(`https://localhost:${port}/`)).toMatch(/CERT|SELF_SIGNED|UNABLE/);
  });

  it('a sandbox port serving a certificate from another CA is refused (only the sandbox CA is trusted there)', async () => {
    const port = await listen(stranger);
    const restore = trustSandboxCaInNode(tls, { caPem: sandbox.caCertPem, origins: [`https://localhost:${port}`] });
    try {
      expect(await httpsGet(`https://localhost:${port}/`)).toMatch(/CERT|SELF_SIGNED|UNABLE/);
    } finally {
      restore();
    }
  });

  it('maps only loopback https origins to endpoints', () => {
    expect([...sandboxEndpoints(['https://localhost:8443', 'https://vault.azure.net', 'http://localhost:80', 'https://127.0.0.1:9443/x', 'nonsense'])].sort()).toEqual(
      ['127.0.0.1:8443', '127.0.0.1:9443', '::1:8443', '::1:9443', 'localhost:8443', 'localhost:9443'].sort(),
    );
  });
});

describe('demo sign-in window', () => {
  const trust: SandboxTrust = { caPem: '', origins: ['https://localhost:8443', 'https://localhost:8444'] };
  const authorize = 'https://localhost:8443/tenant/oauth2/v2.0/authorize?client_id=c&redirect_uri=http%3A%2F%2Flocalhost%3A51234%2Fredirect';

  beforeEach(() => resetFakeElectron());

  it('allows the sandbox origins and the one loopback redirect of the authorize URL', () => {
    const allowed = signInAllowList(trust, authorize);
    expect(['https://localhost:8443/x', 'https://localhost:8444/', 'http://localhost:51234/redirect?code=1'].every(allowed)).toBe(true);
    expect(['https://localhost:9999/', 'http://localhost:51235/', 'https://login.microsoftonline.com/', 'file:///etc/passwd'].some(allowed)).toBe(false);
  });

  it('opens the sandbox page in its own hardened partition and closes on the redirect', async () => {
    const policies: ((url: string) => boolean)[] = [];
    const window = new DemoSignInWindow({
      BrowserWindow,
      fromPartition: (p) => session.fromPartition(p),
      trust: () => ({ ...trust, caPem: sandbox.caCertPem }),
      allowNavigation: (_w, allowed) => policies.push(allowed),
    });
    await window.open(authorize);
    const opened = BrowserWindow.instances[0]!;
    expect(opened.options.webPreferences).toMatchObject({ partition: DEMO_SIGN_IN_PARTITION, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, devTools: false });
    expect(opened.options.webPreferences).not.toHaveProperty('preload');
    expect(opened.loaded).toEqual([authorize]);
    const partition = fake.partitions.get(DEMO_SIGN_IN_PARTITION)!;
    expect(partition.verifyProc).toBeTypeOf('function');
    expect(partition.permissionCheck!({}, 'media')).toBe(false);
    const cancelled = (url: string) => {
      let cancel: boolean | undefined;
      partition.beforeRequest!({ url }, (r) => (cancel = r.cancel));
      return cancel;
    };
    expect([cancelled('https://localhost:8443/a.css'), cancelled('https://cdn.example/x.js'), cancelled('http://localhost:51234/redirect')]).toEqual([false, true, false]);
    expect(policies[0]!('https://evil.example/')).toBe(false);
    expect(fake.defaultSession.verifyProc).toBeUndefined(); // the app's own session never trusts the sandbox CA
    opened.webContents.emit('did-navigate', {}, 'http://localhost:51234/redirect?code=x');
    expect(opened.destroyed).toBe(true);
  });

  it('refuses a page that is not the sandbox, and works only while the sandbox runs', async () => {
    const window = new DemoSignInWindow({ BrowserWindow, fromPartition: (p) => session.fromPartition(p), trust: () => trust, allowNavigation: () => undefined });
    await expect(window.open('https://login.microsoftonline.com/x/oauth2/v2.0/authorize')).rejects.toThrow(/not on the demo sandbox/);
    const stopped = new DemoSignInWindow({ BrowserWindow, fromPartition: (p) => session.fromPartition(p), trust: () => undefined, allowNavigation: () => undefined });
    await expect(stopped.open(authorize)).rejects.toThrow(/not running/);
    expect(BrowserWindow.instances).toHaveLength(0);
  });
});
