import type { Logger } from '../services/ports/logger.js';

/** The UI settings the platform applies to the OS. */
export interface SystemSettings {
  startAtLogin: boolean;
  theme: 'system' | 'light' | 'dark';
}

/** Electron's app and nativeTheme, as far as used. */
export interface SystemSettingsDeps {
  app: { isPackaged: boolean; setLoginItemSettings(settings: { openAtLogin: boolean }): void };
  nativeTheme: { themeSource: 'system' | 'light' | 'dark' };
  platform: NodeJS.Platform;
  logger?: Logger;
}

/**
 * Applies "start at login" and the theme. Login items exist on macOS and Windows only
 * (https://www.electronjs.org/docs/latest/api/app#appsetloginitemsettingssettings-macos-windows);
 * Linux desktops use an autostart .desktop file, which the packages can install. A development run
 * (not packaged) never registers itself: the login item would start the bare Electron binary.
 */
export function applySystemSettings(deps: SystemSettingsDeps, settings: SystemSettings): void {
  deps.nativeTheme.themeSource = settings.theme;
  if (deps.platform !== 'darwin' && deps.platform !== 'win32') return;
  if (!deps.app.isPackaged) {
    if (settings.startAtLogin) deps.logger?.info('start at login is only registered by an installed JIT Vault');
    return;
  }
  deps.app.setLoginItemSettings({ openAtLogin: settings.startAtLogin });
}
