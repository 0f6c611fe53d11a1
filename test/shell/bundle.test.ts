import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRequestHandler } from '../../main/platform/app-protocol.js';
import { invokeChannels } from '../../shared/ipc/contract.js';
import { BRIDGE_KEY } from '../../shared/ipc/channel-names.js';

/**
 * What `npm run build` produces, checked as Electron would load it: the main bundle under plain
 * Node against the Electron model, the preload in a context that offers only `require('electron')`
 * (sandboxed preload rules, https://www.electronjs.org/docs/latest/tutorial/sandbox#preload-scripts),
 * and the renderer through the app:// handler.
 */
const repo = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'jit-vault-bundle-'));

beforeAll(() => {
  if (existsSync(join(repo, 'out', 'main', 'index.js')) && existsSync(join(repo, 'out', 'preload', 'index.cjs')) && existsSync(join(repo, 'out', 'renderer', 'index.html'))) return;
  const build = spawnSync(process.execPath, [join(repo, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: repo, encoding: 'utf8', timeout: 120_000 });
  if (build.status !== 0) throw new Error(`npm run build failed: ${build.stderr}`);
}, 150_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the built bundles', () => {
  it('out/main loads and starts under plain Node against the Electron model', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'test', 'shell', 'bundle', 'run-built-main.mjs'), repo], {
      cwd: repo,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        JIT_VAULT_USER_DIR: join(dir, 'user'),
        JIT_VAULT_POLICY_FILE: join(dir, 'no-policy.json'),
        // Never the developer's keychain: no session bus, so the keychain is unavailable (memory-only).
        DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
      },
    });
    expect(run.status, run.stderr).toBe(0);
    const seen = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { handlers: number; trays: number; shortcuts: string[]; errors: unknown[] };
    expect(seen).toEqual({ handlers: Object.keys(invokeChannels).length, trays: 1, shortcuts: ['CommandOrControl+Shift+K'], errors: [] });
  }, 90_000);

  it('out/preload runs with nothing but require("electron") and exposes exactly one bridge', () => {
    const exposed: { key: string; api: Record<string, Record<string, unknown>> }[] = [];
    const requested: string[] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, Record<string, unknown>>) => void exposed.push({ key, api }) },
      ipcRenderer: { invoke: async () => ({ ok: true }), on: () => undefined, removeListener: () => undefined },
    };
    const sandboxRequire = (name: string) => {
      requested.push(name);
      if (name === 'electron') return electron;
      throw new Error(`module not found: ${name}`);
    };
    const module = { exports: {} };
    vm.runInContext(readFileSync(join(repo, 'out', 'preload', 'index.cjs'), 'utf8'), vm.createContext({ require: sandboxRequire, module, exports: module.exports, console }), { filename: 'index.cjs' });
    expect(requested).toEqual(['electron']);
    expect(exposed.map((e) => e.key)).toEqual([BRIDGE_KEY]);
    const methods = Object.entries(exposed[0]!.api).flatMap(([ns, value]) => (typeof value === 'object' ? Object.keys(value).map((m) => `${ns}:${m}`) : []));
    expect(methods.sort()).toEqual(Object.keys(invokeChannels).sort());
  });

  it('the renderer loads from app:// with its CSP, and every script it references is served', async () => {
    const handle = createAppRequestHandler({ rootDir: join(repo, 'out', 'renderer') });
    const page = await handle(new Request('app://jit-vault/index.html'));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Content-Security-Policy');
    const assets = [...html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) expect((await handle(new Request(`app://jit-vault/${asset.replace(/^\.\//, '')}`))).status, asset).toBe(200);
  });
});
