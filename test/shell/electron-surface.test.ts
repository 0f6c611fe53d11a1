import { describe, expect, expectTypeOf, it } from 'vitest';
import type { IdentityApp } from '../../main/platform/app-identity.js';
import type { AppWindow } from '../../main/platform/app-windows.js';
import type { ProtectableWindow } from '../../main/platform/content-protection.js';
import { loadElectron, type ElectronApi } from '../../main/platform/electron-api.js';
import type { ElectronClipboardModule } from '../../main/platform/electron-clipboard.js';
import type { NotificationClass, NotificationLike } from '../../main/platform/electron-notifier.js';
import type { PowerMonitorLike } from '../../main/platform/electron-power-events.js';
import type { GlobalShortcutLike } from '../../main/platform/global-shortcut.js';
import type { IpcMainLike } from '../../main/platform/ipc-main-adapter.js';
import type { ScreenLike } from '../../main/platform/quick-lookup-popup.js';
import type { ExternalOpener } from '../../main/platform/safe-open-external.js';
import type { SingleInstanceApp } from '../../main/platform/single-instance.js';
import type { SystemSettingsDeps } from '../../main/platform/system-settings.js';
import type { TrayLike } from '../../main/platform/tray-controller.js';
import type { SaveDialogDeps } from '../../main/platform/electron-save-location.js';
import type { OpenDialogDeps } from '../../main/platform/electron-open-location.js';

/**
 * Every port through which main/platform calls Electron is satisfied by Electron 45's own types
 * (node_modules/electron/electron.d.ts): a call the app makes that Electron lacks, or whose
 * signature differs, fails `npm run typecheck` here. The model implements `Pick<Electron.X, …>` of
 * the same members (test/shell/model), so it cannot offer an API Electron does not have.
 */
describe('the app calls only what electron.d.ts declares', () => {
  it('each platform port is satisfied by the real Electron type', () => {
    expectTypeOf<Electron.BrowserWindow>().toExtend<AppWindow>();
    expectTypeOf<Electron.BrowserWindow>().toExtend<ProtectableWindow>();
    expectTypeOf<Electron.Tray>().toExtend<TrayLike<Electron.NativeImage>>();
    expectTypeOf<Electron.Notification>().toExtend<NotificationLike>();
    expectTypeOf<typeof Electron.Notification>().toExtend<NotificationClass>();
    expectTypeOf<Electron.PowerMonitor>().toExtend<PowerMonitorLike>();
    expectTypeOf<Electron.GlobalShortcut>().toExtend<GlobalShortcutLike>();
    expectTypeOf<Electron.Screen>().toExtend<ScreenLike>();
    expectTypeOf<Electron.App>().toExtend<SingleInstanceApp>();
    expectTypeOf<Electron.App>().toExtend<IdentityApp>();
    expectTypeOf<Electron.App>().toExtend<SystemSettingsDeps['app']>();
    expectTypeOf<Electron.NativeTheme>().toExtend<SystemSettingsDeps['nativeTheme']>();
    expectTypeOf<Electron.IpcMain>().toExtend<IpcMainLike>();
    expectTypeOf<Electron.Shell>().toExtend<ExternalOpener>();
    expectTypeOf<Electron.Clipboard>().toExtend<ElectronClipboardModule>();
    expectTypeOf<Electron.Dialog>().toExtend<SaveDialogDeps['dialog']>();
    expectTypeOf<Electron.Dialog>().toExtend<OpenDialogDeps['dialog']>();
  });

  it('the model provides every module the composition root takes from Electron', () => {
    // `electron` is aliased to the model in this project: loadElectron() returns the model's objects.
    const api = loadElectron();
    const missing = (Object.keys(api) as (keyof ElectronApi)[]).filter((key) => api[key] === undefined);
    expect(missing).toEqual([]);
  });
});
