import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { invokeChannels } from '../../shared/ipc/contract.js';
import type * as FakeModule from './model/electron-model.js';

/**
 * main/index.ts (the real entry, on this machine's platform) end to end against the Electron model;
 * desktop-matrix.test.ts runs the same composition root on every platform profile. with no settings it starts in demo
 * mode on the bundled sandbox (a real one, on loopback), registers every contract channel, shows the
 * tray and answers our own window — and locks, stops and un-trusts the sandbox on quit.
 */
// Never the developer's real keychain: without a usable keychain the app keeps sign-ins in memory.
vi.mock('@napi-rs/keyring', () => ({
  AsyncEntry: class {
    constructor() {
      throw new Error('no keychain in this test');
    }
  },
}));

let dir: string;
let electron: typeof FakeModule;
const env = { ...process.env };
const originalConnect = tls.connect;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jit-vault-root-'));
  Object.assign(process.env, { JIT_VAULT_USER_DIR: join(dir, 'user'), JIT_VAULT_LOG_DIR: join(dir, 'logs'), JIT_VAULT_POLICY_FILE: join(dir, 'no-policy.json') });
  vi.resetModules();
  electron = await import('./model/electron-model.js');
  await import('../../main/index.js');
  electron.fake.app.fireReady();
  // Start-up is done once the last step (settings applied: the shortcut) has happened.
  await vi.waitFor(() => expect(electron.fake.globalShortcut.registered.size).toBeGreaterThan(0), { timeout: 30_000, interval: 50 });
}, 60_000);

afterAll(() => {
  process.env = env;
  rmSync(dir, { recursive: true, force: true });
});

const ownEvent = () => {
  const sender = new electron.FakeWebContents();
  return { sender, senderFrame: sender.mainFrame };
};

describe('composition root (demo mode)', () => {
  it('hardened the app before and after ready', () => {
    const { fake } = electron;
    expect(fake.app.sandboxEnabled).toBe(true);
    expect(fake.schemes).toHaveLength(1);
    expect(fake.protocolHandlers.has('app')).toBe(true);
    expect(fake.defaultSession.permissionCheck!({}, 'notifications')).toBe(false);
    expect(fake.app.listenerCount('web-contents-created')).toBe(1);
    expect(fake.app.listenerCount('window-all-closed')).toBe(1);
  });

  it('registered exactly the contract channels and answers our window with the demo state', async () => {
    const { fake } = electron;
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(Object.keys(invokeChannels).sort());
    const state = (await fake.ipcMain.handlers.get('app:getState')!(ownEvent(), {})) as { ok: boolean; value: { mode: string; demoTenantName?: string } };
    // The keychain mock above is what the app saw: sign-ins stay in memory in this test.
    expect(state).toMatchObject({ ok: true, value: { mode: 'demo', keychain: 'unavailable-memory-only' } });
    expect(state.value.demoTenantName).toBe('Contoso IT Services');
    const forged = { ...ownEvent(), senderFrame: new electron.FakeWebFrame('https://evil.example/', 'https://evil.example') };
    expect(await fake.ipcMain.handlers.get('app:getState')!(forged, {})).toMatchObject({ ok: false, code: 'forbidden-sender' });
  });

  it('shows the tray, registers the default shortcut, and the shortcut opens the popup', async () => {
    const { fake, Tray, BrowserWindow } = electron;
    expect(Tray.instances).toHaveLength(1);
    expect(Tray.instances[0]!.tooltip).toContain('JIT Vault');
    const press = fake.globalShortcut.registered.get('CommandOrControl+Shift+K');
    expect(press).toBeTypeOf('function');
    press!();
    const popup = BrowserWindow.instances.find((w) => w.loaded.includes('app://jit-vault/index.html?view=popup'));
    expect(popup?.visible).toBe(true);
    await vi.waitFor(() => expect(popup?.webContents.sent.map((s) => s.channel)).toContain('ui:focusSearch'));
  });

  it('a browser sign-in to the demo tenant opens the sandbox page in the hardened demo partition', async () => {
    const { fake, BrowserWindow } = electron;
    const state = (await fake.ipcMain.handlers.get('app:getState')!(ownEvent(), {})) as { value: { tenants: { tenantId: string }[] } };
    const signIn = fake.ipcMain.handlers.get('auth:signIn')!(ownEvent(), { tenantId: state.value.tenants[0]!.tenantId, method: 'browser' });
    await vi.waitFor(() => expect(BrowserWindow.instances.some((w) => w.options.webPreferences?.partition === 'jit-vault-demo-sign-in')).toBe(true), { timeout: 20_000, interval: 50 });
    const window = BrowserWindow.instances.find((w) => w.options.webPreferences?.partition === 'jit-vault-demo-sign-in')!;
    expect(window.loaded[0]).toMatch(/^https:\/\/localhost:\d+\/.*\/oauth2\/v2\.0\/authorize\?/);
    expect(fake.opened).toEqual([]); // never the system browser for the sandbox
    expect(fake.partitions.get('jit-vault-demo-sign-in')!.verifyProc).toBeTypeOf('function');
    await fake.ipcMain.handlers.get('auth:cancelSignIn')!(ownEvent(), {});
    expect(await signIn).toMatchObject({ ok: false });
  });

  it('trusts the sandbox CA in Node only while running; quitting locks, stops the sandbox and restores tls.connect', async () => {
    const { fake, FakeEvent } = electron;
    expect(tls.connect).not.toBe(originalConnect);
    const quit = new FakeEvent();
    fake.app.emit('before-quit', quit);
    expect(quit.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(fake.app.quitted).toBe(true), { timeout: 20_000, interval: 50 });
    expect(tls.connect).toBe(originalConnect);
    expect(fake.ipcMain.handlers.size).toBe(0);
    expect(electron.Tray.instances[0]!.destroyed).toBe(true);
  });
});
