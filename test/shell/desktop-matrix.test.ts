import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startMainProcess } from '../../main/main-process.js';
import { APP_ID, DESKTOP_NAME } from '../../main/platform/app-identity.js';
import { DemoSandboxLauncher } from '../../main/platform/demo-sandbox.js';
import type { ElectronApi } from '../../main/platform/electron-api.js';
import { resolveAppPaths } from '../../main/services/paths/app-paths.js';
import { invokeChannels } from '../../shared/ipc/contract.js';
import * as model from './model/electron-model.js';
import { PROFILES } from './model/platform-profiles.js';

/**
 * The composition root (main/main-process.ts) on every platform profile, against the Electron
 * model that obeys that desktop's documented limits: the user always has a way in, the quick lookup
 * opens (focused where the platform allows) and closes, identity and notices fit the desktop, and
 * quit — by the route that desktop takes — finishes and removes the tray last.
 *
 * The keychain binding is "missing" in every run (as on an architecture the build did not ship):
 * the app must start in memory-only mode and say why, not crash at import.
 */
vi.mock('@napi-rs/keyring', () => {
  throw Object.assign(new Error("Cannot find module '@napi-rs/keyring-linux-riscv64-gnu'"), { code: 'MODULE_NOT_FOUND' });
});

const { fake, BrowserWindow, Tray, Notification } = model;
const ownEvent = () => {
  const sender = new model.FakeWebContents();
  return { sender, senderFrame: sender.mainFrame };
};
const invoke = (channel: string, args: unknown = {}) => fake.ipcMain.handlers.get(channel)!(ownEvent(), args) as Promise<{ ok: boolean; value: Record<string, unknown> }>;
const popupWindow = () => BrowserWindow.instances.find((w) => w.loaded.some((url) => url.includes('view=popup')));
const mainWindow = () => BrowserWindow.instances.find((w) => w.loaded.some((url) => url.includes('view=main')));

describe.each(PROFILES)('desktop $name', (profile) => {
  let dir: string;
  const linux = profile.platform === 'linux';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `jit-vault-${profile.name}-`));
    model.resetFakeElectron(profile);
    const env = { JIT_VAULT_USER_DIR: join(dir, 'user'), JIT_VAULT_LOG_DIR: join(dir, 'logs'), JIT_VAULT_POLICY_FILE: join(dir, 'no-policy.json') };
    startMainProcess({
      electron: model as unknown as ElectronApi,
      platform: profile.platform,
      env: profile.env,
      argv: ['jit-vault', '--no-open'], // a preview-only argument must not disturb the Electron path
      paths: resolveAppPaths({ env }),
      trayHost: async () => (linux ? profile.trayShown.value : true),
      demoSandbox: (options) => new DemoSandboxLauncher({ ...options, tls }),
    });
    fake.app.fireReady();
    // Start-up is done once the last step (settings applied: the shortcut) has happened.
    await vi.waitFor(() => expect(fake.globalShortcut.registered.size).toBeGreaterThan(0), { timeout: 30_000, interval: 50 });
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('registers exactly the contract channels and starts in memory-only mode with the reason shown (keychain binding missing)', async () => {
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(Object.keys(invokeChannels).sort());
    const state = await invoke('app:getState');
    expect(state.value).toMatchObject({ mode: 'demo', keychain: 'unavailable-memory-only' });
    expect(state.value.keychainReason).toMatch(/lacks its keychain component/);
  });

  it('always leaves the user a visible way in', async () => {
    const tray = Tray.instances[0]!;
    if (profile.trayShown.value) {
      // The icon is there; its click (Windows, macOS) or its menu (Linux app indicators) opens JIT Vault.
      const opened = tray.userClick() || (tray.reachableMenu().find((item) => item.label === 'Quick lookup')?.click?.(), true);
      expect(opened).toBe(true);
      expect(BrowserWindow.instances.some((w) => w.visible)).toBe(true);
      popupWindow()?.hide();
    } else {
      // Plain GNOME: nobody sees the tray, so the main window opened at start, with the hint to get the tray.
      expect(tray.reachableMenu()).toEqual([]);
      await vi.waitFor(() => expect(mainWindow()?.visible).toBe(true));
      const state = await invoke('app:getState');
      expect(state.value.desktopNotices).toEqual(expect.arrayContaining([expect.stringMatching(/AppIndicator/)]));
    }
  });

  it('quick lookup opens from the shortcut, takes focus where the platform allows, and closes', async () => {
    fake.globalShortcut.registered.get('CommandOrControl+Shift+K')!();
    const popup = popupWindow()!;
    expect(popup.visible).toBe(true);
    const canFocus = profile.focusWithoutSteal.value || profile.focusSteal.value;
    expect(popup.focused).toBe(canFocus);
    if (profile.windowPlacement.value) expect(popup.options.frame).toBe(false);
    else expect(popup.options).toMatchObject({ frame: true, alwaysOnTop: false }); // a window Wayland can place and focus
    if (profile.platform === 'darwin') expect(popup.allWorkspaces).toEqual({ visible: true, visibleOnFullScreen: true });
    // The search gets focus by message, sent only once the page can hear it.
    await vi.waitFor(() => expect(popup.webContents.sent.filter((s) => s.channel === 'ui:focusSearch')).not.toHaveLength(0));
    expect(popup.webContents.sent.filter((s) => s.channel === 'ui:focusSearch').every((s) => s.loaded)).toBe(true);
    await invoke('window:hidePopup');
    expect(popup.visible).toBe(false);
  });

  it('a second launch brings up a way in (the main window where there is no tray)', async () => {
    for (const window of BrowserWindow.instances) window.hide();
    fake.app.emit('second-instance', {}, ['jit-vault', '--evil'], '/', {});
    await vi.waitFor(() => expect(BrowserWindow.instances.some((w) => w.visible)).toBe(true));
    if (!profile.trayShown.value) expect(mainWindow()?.visible).toBe(true);
  });

  it('sets the identity this desktop needs and says what it cannot do', async () => {
    const notices = ((await invoke('app:getState')).value.desktopNotices ?? []) as string[];
    if (profile.platform === 'win32') {
      expect(fake.app.appUserModelId).toBe(APP_ID);
      expect(Notification.activationHandler).toBeTypeOf('function');
    }
    if (linux) {
      expect(fake.app.desktopName).toBe(DESKTOP_NAME);
      expect(notices).toEqual(expect.arrayContaining([expect.stringMatching(/Screen-capture protection is not available on Linux/)]));
    }
    if (profile.shortcutViaPortal.value) expect(fake.app.switches).toContainEqual(['enable-features', 'GlobalShortcutsPortal']);
    if (profile.platform === 'darwin') {
      expect(fake.app.activationPolicy).toBe('accessory');
      expect(notices).toEqual(expect.arrayContaining([expect.stringMatching(/ScreenCaptureKit/)]));
    }
    if (profile.contentProtection.value === 'effective') expect(notices.join(' ')).not.toMatch(/capture/i);
  });

  it('ends by the route this desktop takes, removes the tray last, and a relaunch meanwhile touches nothing', async () => {
    const tray = Tray.instances[0]!;
    const windowsBefore = BrowserWindow.instances.length;
    if (profile.sessionEndEvents.value) {
      // Windows log-off: no before-quit; the (pre-created) quick-lookup window hears session-end.
      popupWindow()!.emit('session-end', { reasons: ['logoff'] });
    } else {
      const event = fake.powerMonitor.systemShutdown();
      expect(event?.defaultPrevented).toBe(true);
    }
    fake.app.emit('second-instance', {}, ['jit-vault'], '/', {});
    await vi.waitFor(() => expect(tray.destroyed).toBe(true), { timeout: 20_000, interval: 50 });
    if (!profile.sessionEndEvents.value) await vi.waitFor(() => expect(fake.app.quitted).toBe(true), { timeout: 20_000, interval: 50 });
    expect(fake.ipcMain.handlers.size).toBe(0);
    expect(BrowserWindow.instances).toHaveLength(windowsBefore);
  }, 30_000);
});
