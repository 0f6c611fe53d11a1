import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.js';
import { createAppRequestHandler, registerAppScheme } from '../../main/platform/app-protocol.js';
import { fake, protocol, resetFakeElectron } from './model/electron-model.js';

let dir: string;
let handler: (request: Request) => Promise<Response>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jit-vault-protocol-'));
  const root = join(dir, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>JIT Vault</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, '.env'), 'SECRET=1');
  writeFileSync(join(dir, 'outside.txt'), 'outside the bundle');
  symlinkSync(join(dir, 'outside.txt'), join(root, 'assets', 'link.txt'));
  handler = createAppRequestHandler({ rootDir: root });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

describe('app:// protocol handler', () => {
  it('serves index.html for / and files by path, with the CSP header and a content type', async () => {
    for (const url of ['app://jit-vault/', 'app://jit-vault/index.html?view=popup']) {
      const response = await get(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await response.text()).toContain('<title>JIT Vault</title>');
    }
    const script = await get('app://jit-vault/assets/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it.each([
    'app://jit-vault/..%2f..%2foutside.txt',
    'app://jit-vault/%2e%2e/outside.txt',
    'app://jit-vault/assets/%2e%2e%2f%2e%2e%2foutside.txt',
    'app://jit-vault/assets/..%5c..%5coutside.txt',
    'app://jit-vault/%2fetc%2fpasswd',
    'app://jit-vault//etc/passwd',
    'app://jit-vault/assets/link.txt',
    'app://jit-vault/.env',
    'app://jit-vault/assets',
    'app://jit-vault/assets/',
    'app://jit-vault/index.html%00.js',
    'app://jit-vault/%E0%A4%A',
    'app://jit-vault/missing.js',
    'app://other-host/index.html',
  ])('refuses %s (with the CSP header)', async (url) => {
    const response = await get(url);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await response.text()).not.toContain('outside the bundle');
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get('app://jit-vault/index.html', 'POST')).status).toBe(405);
    const head = await get('app://jit-vault/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('registers the scheme as standard and secure only (no CSP bypass, no service workers, no CORS)', () => {
    resetFakeElectron();
    registerAppScheme(protocol);
    expect(fake.schemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, bypassCSP: false, allowServiceWorkers: false, corsEnabled: false, stream: false, codeCache: false } },
    ]);
  });
});
