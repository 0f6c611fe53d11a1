import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DesktopEnvironment } from './desktop-environment.js';

/** The app's identity; build/electron-builder.config.cjs `appId` must equal it (npm run check:package). */
export const APP_ID = 'io.github.jit-vault.desktop';

/**
 * The Linux desktop-entry name: package.json `desktopName` and the installed .desktop file
 * (electron-builder `linux.syncDesktopName`) must match it. It is the Wayland app_id and the
 * identity the xdg-desktop-portal gives the GlobalShortcuts portal — a name that does not resolve to
 * an installed .desktop file makes GNOME refuse the shortcut silently (app.setDesktopName,
 * electron.d.ts 45.4.1; electron/electron#52222). Reverse-DNS, valid as a GApplication id.
 */
export const DESKTOP_NAME = 'io.github.jit_vault.JitVault.desktop';

/** The part of Electron's app the identity needs. */
export interface IdentityApp {
  setAppUserModelId(id: string): void;
  setDesktopName(name: string): void;
  commandLine: { appendSwitch(name: string, value?: string): void };
}

/**
 * Before `ready`: the Windows AppUserModelID (toasts are attributed to, and clickable for, the app
 * whose Start-menu shortcut carries it — https://www.electronjs.org/docs/latest/tutorial/notifications#windows;
 * the NSIS installer writes it), the Linux desktop name, and on Wayland Chromium's
 * GlobalShortcutsPortal feature, without which globalShortcut has no way to register there
 * (https://www.electronjs.org/docs/latest/api/global-shortcut, electron/electron#45171).
 */
export function applyAppIdentity(app: IdentityApp, desktop: DesktopEnvironment): void {
  if (desktop.platform === 'win32') app.setAppUserModelId(APP_ID);
  if (desktop.linux) app.setDesktopName(DESKTOP_NAME);
  if (desktop.wayland) app.commandLine.appendSwitch('enable-features', 'GlobalShortcutsPortal');
}

/** A flag that survives restarts (a marker file): "tell the user once". */
export interface OnceFlag {
  isSet(): boolean;
  set(): void;
}

/** A OnceFlag stored as an empty file; failures to write only mean the hint may show again. */
export function fileFlag(path: string): OnceFlag {
  return {
    isSet: () => existsSync(path),
    set: () => {
      try {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, '');
      } catch {
        // shown again next start: harmless
      }
    },
  };
}

/**
 * After `ready`, macOS: a tray app has no Dock icon and no menu bar of its own ("accessory";
 * https://www.electronjs.org/docs/latest/api/app#appsetactivationpolicypolicy-macos). The packaged
 * app says the same through LSUIElement in Info.plist, so it never flashes a Dock icon at launch.
 */
export function applyAfterReady(app: { setActivationPolicy(policy: 'regular' | 'accessory' | 'prohibited'): void }, desktop: DesktopEnvironment): void {
  if (desktop.platform === 'darwin') app.setActivationPolicy('accessory');
}

/**
 * Linux and macOS shutdown/reboot: powerMonitor 'shutdown' (@platform linux,darwin) comes instead of
 * an orderly quit. preventDefault asks Electron to delay the shutdown, and the app must then quit
 * as soon as possible (https://www.electronjs.org/docs/latest/api/power-monitor#event-shutdown-linux-macos),
 * which runs the bounded quit sequence (lock, clear, flush).
 */
export function quitOnSystemShutdown(powerMonitor: { on(event: 'shutdown', listener: () => void): unknown }, quit: () => void): void {
  powerMonitor.on('shutdown', (...args: unknown[]) => {
    (args[0] as { preventDefault?: () => void } | undefined)?.preventDefault?.();
    quit();
  });
}
