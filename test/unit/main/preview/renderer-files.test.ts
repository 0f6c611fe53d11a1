import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewContentSecurityPolicy } from '../../../../main/preview/preview-server.js';
import { RendererFiles, injectBridgeScript } from '../../../../main/preview/renderer-files.js';

describe('injectBridgeScript', () => {
  it('puts the bridge module before the first script, else at the end of <head>', () => {
    expect(injectBridgeScript('<head><script type="module" src="./a.js"></script></head>')).toMatch(/src="\/preview-bridge\.js"><\/script>\s*<script type="module" src=".\/a.js">/);
    expect(injectBridgeScript('<html><head><title>x</title></head><body></body></html>')).toMatch(/<title>x<\/title>\s*<script type="module" src="\/preview-bridge.js"><\/script>\s*<\/head>/);
    expect(() => injectBridgeScript('<p>no head</p>')).toThrow();
  });
});

describe('previewContentSecurityPolicy', () => {
  it('is the renderer policy plus exactly this port’s WebSocket', () => {
    const csp = previewContentSecurityPolicy(41234);
    expect(csp).toContain("connect-src 'self' ws://127.0.0.1:41234;");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('*');
  });
});

describe('RendererFiles', () => {
  let root: string;
  let files: RendererFiles;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'jit-vault-renderer-files-'));
    const dist = join(root, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<head><script type="module" src="./assets/app.js"></script></head>');
    writeFileSync(join(dist, 'assets', 'app.js'), 'export {};');
    writeFileSync(join(dist, 'assets', 'logo.svg'), '<svg/>');
    writeFileSync(join(dist, '.secret'), 'nope');
    writeFileSync(join(root, 'outside.js'), 'nope');
    symlinkSync(join(root, 'outside.js'), join(dist, 'assets', 'link.js'));
    files = await RendererFiles.open(dist);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('serves index.html (with the bridge) and bundle files with their types', async () => {
    expect(String((await files.get('/'))!.body)).toContain('/preview-bridge.js');
    expect(await files.get('/assets/app.js')).toMatchObject({ contentType: 'text/javascript; charset=utf-8' });
    expect(await files.get('/assets/logo.svg')).toMatchObject({ contentType: 'image/svg+xml' });
  });

  it('serves nothing outside the bundle and no dotfiles', async () => {
    for (const path of ['/assets/link.js', '/../outside.js', '/assets/../../outside.js', '/%2e%2e/outside.js', '/.secret', '/assets/%2e%2e/.secret', '/%00', '/%E0%A4%A']) {
      expect(await files.get(path), path).toBeUndefined();
    }
  });

  it('extension-less paths fall back to index.html (history router); missing files with an extension are 404', async () => {
    expect(String((await files.get('/settings'))!.body)).toContain('/preview-bridge.js');
    expect(await files.get('/assets/missing.js')).toBeUndefined();
  });

  it('a missing build is a plain error naming npm run build', async () => {
    await expect(RendererFiles.open(join(root, 'nothing'))).rejects.toThrow('npm run build');
  });
});
