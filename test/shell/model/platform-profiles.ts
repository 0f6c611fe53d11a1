/**
 * Platform profiles for the Electron model: what Electron 45 does on each desktop we ship to, as
 * its documentation and issue trackers say. Each limit names its source. The model
 * (electron-model.ts) obeys the active profile, so a shell test that passes on every profile
 * passes under the limits users meet — not under a fake that does whatever the code expects.
 */

/** One documented platform behaviour, with where it is documented. */
export interface Limit<T> {
  value: T;
  source: string;
}

/** A desktop: OS, session type and desktop environment, with Electron's behaviour there. */
export interface PlatformProfile {
  name: 'windows' | 'macos' | 'linux-kde-x11' | 'linux-gnome-wayland' | 'linux-gnome-no-tray';
  platform: NodeJS.Platform;
  /** Environment variables the desktop session sets (read by main/platform/desktop-environment.ts). */
  env: Record<string, string>;
  /** A tray icon is shown at all (an SNI host / notification area exists). */
  trayShown: Limit<boolean>;
  /** The tray emits 'click' (and 'right-click') with bounds. */
  trayClick: Limit<boolean>;
  /** setPosition moves a window; alwaysOnTop keeps it above others. */
  windowPlacement: Limit<boolean>;
  /** focus() / show() of a window of a background app takes keyboard focus without app.focus({ steal: true }). */
  focusWithoutSteal: Limit<boolean>;
  /** app.focus({ steal: true }) makes the app active. */
  focusSteal: Limit<boolean>;
  /** powerMonitor emits 'lock-screen'. */
  lockScreenEvent: Limit<boolean>;
  /** powerMonitor.getSystemIdleState(n) can answer 'locked'. */
  idleStateLocked: Limit<boolean>;
  /** powerMonitor.getSystemIdleTime() stays 0 whatever the user does. */
  idleTimeStuckAtZero: Limit<boolean>;
  /** powerMonitor emits 'shutdown' (reboot / power off). */
  shutdownEvent: Limit<boolean>;
  /** BrowserWindow emits 'query-session-end' / 'session-end' (log-off, shutdown). */
  sessionEndEvents: Limit<boolean>;
  /** setContentProtection keeps the window out of captures. */
  contentProtection: Limit<'effective' | 'partial' | 'none'>;
  /** Notification 'failed' is what an unsigned/unregistered app gets instead of a toast. */
  notificationsShow: Limit<boolean>;
  /** Notification.handleActivation exists (Action Center clicks after the object is gone). */
  notificationActivation: Limit<boolean>;
  /** globalShortcut goes through the xdg-desktop-portal (needs desktopName = installed .desktop file). */
  shortcutViaPortal: Limit<boolean>;
}

const TRAY_DOC = 'https://www.electronjs.org/docs/latest/api/tray#platform-considerations';
const POWER_DOC = 'https://www.electronjs.org/docs/latest/api/power-monitor (electron.d.ts 45.4.1: lock-screen @platform darwin,win32; shutdown @platform linux,darwin)';
const SESSION_END_DOC = "https://www.electronjs.org/docs/latest/api/browser-window#event-query-session-end-windows (electron.d.ts: @platform win32)";
const CONTENT_PROTECTION_DOC = 'https://www.electronjs.org/docs/latest/api/browser-window#winsetcontentprotectionenable-macos-windows';
const FOCUS_DOC = 'https://www.electronjs.org/docs/latest/api/app#appfocusoptions (Linux Wayland: "requests focus but may instead show a notification or flash the app icon")';
const WAYLAND_WINDOW_DOC = 'electron.d.ts 45.4.1 BrowserWindow.setPosition/setContentSize: "On Wayland (Linux), may not work as some window managers restrict programmatic window positioning"';
const PORTAL_DOC = 'https://www.electronjs.org/docs/latest/api/global-shortcut (Linux section, electron/electron#52222) and app.setDesktopName (electron.d.ts 45.4.1)';
const IDLE_ZERO = 'electron/electron#34826 (getSystemIdleTime() returns 0 on Ubuntu 22.04+ GNOME under Wayland/XWayland)';
const IDLE_LOCKED = 'electron.d.ts 45.4.1 getSystemIdleState: "`locked` is available on supported systems only"; Chromium ui/base/idle/idle_linux.cc asks org.freedesktop.ScreenSaver over D-Bus';

const win32Common = {
  platform: 'win32',
  env: {},
  trayShown: { value: true, source: TRAY_DOC },
  trayClick: { value: true, source: TRAY_DOC },
  windowPlacement: { value: true, source: 'https://www.electronjs.org/docs/latest/api/browser-window#winsetpositionx-y-animate' },
  lockScreenEvent: { value: true, source: POWER_DOC },
  idleStateLocked: { value: true, source: IDLE_LOCKED },
  idleTimeStuckAtZero: { value: false, source: POWER_DOC },
  shutdownEvent: { value: false, source: POWER_DOC },
  sessionEndEvents: { value: true, source: SESSION_END_DOC },
} as const;

/** Windows 10/11. */
export const windows: PlatformProfile = {
  ...win32Common,
  name: 'windows',
  focusWithoutSteal: { value: true, source: 'https://www.electronjs.org/docs/latest/api/app#appfocusoptions (Windows: focuses the first window)' },
  focusSteal: { value: true, source: FOCUS_DOC },
  contentProtection: { value: 'effective', source: `${CONTENT_PROTECTION_DOC} (WDA_EXCLUDEFROMCAPTURE on Windows 10 2004+)` },
  notificationsShow: { value: true, source: 'https://www.electronjs.org/docs/latest/tutorial/notifications#windows (needs app.setAppUserModelId + Start-menu shortcut: NSIS installs one)' },
  notificationActivation: { value: true, source: 'electron.d.ts 45.4.1 Notification.handleActivation @platform win32' },
  shortcutViaPortal: { value: false, source: 'https://www.electronjs.org/docs/latest/api/global-shortcut' },
};

/** macOS 14+, unsigned development or ad-hoc signed build. */
export const macos: PlatformProfile = {
  name: 'macos',
  platform: 'darwin',
  env: {},
  trayShown: { value: true, source: TRAY_DOC },
  trayClick: { value: true, source: TRAY_DOC },
  windowPlacement: { value: true, source: 'https://www.electronjs.org/docs/latest/api/browser-window#winsetpositionx-y-animate' },
  // A background (LSUIElement) app's window does not become key until the app is activated.
  focusWithoutSteal: { value: false, source: FOCUS_DOC },
  focusSteal: { value: true, source: FOCUS_DOC },
  lockScreenEvent: { value: true, source: POWER_DOC },
  idleStateLocked: { value: true, source: IDLE_LOCKED },
  idleTimeStuckAtZero: { value: false, source: POWER_DOC },
  shutdownEvent: { value: true, source: POWER_DOC },
  sessionEndEvents: { value: false, source: SESSION_END_DOC },
  contentProtection: { value: 'partial', source: `${CONTENT_PROTECTION_DOC} ("apps that use ScreenCaptureKit will capture your window despite setContentProtection(true)")` },
  // Unsigned builds: UNNotification refuses the app and Electron emits 'failed'.
  notificationsShow: { value: false, source: 'https://www.electronjs.org/blog/electron-42-0 ("If an application is not code-signed, notifications will emit a failed event"), electron/electron#51559' },
  notificationActivation: { value: false, source: 'electron.d.ts 45.4.1 Notification.handleActivation @platform win32' },
  shortcutViaPortal: { value: false, source: 'https://www.electronjs.org/docs/latest/api/global-shortcut' },
};

const linuxCommon = {
  platform: 'linux',
  // App indicators swallow the click; the menu is the only way in through the icon.
  trayClick: { value: false, source: `${TRAY_DOC} ("when app indicator is used on Linux, the click event is ignored")` },
  lockScreenEvent: { value: false, source: POWER_DOC },
  shutdownEvent: { value: true, source: POWER_DOC },
  sessionEndEvents: { value: false, source: SESSION_END_DOC },
  contentProtection: { value: 'none', source: `${CONTENT_PROTECTION_DOC} (@platform darwin,win32: a no-op on Linux)` },
  notificationsShow: { value: true, source: 'https://www.electronjs.org/docs/latest/tutorial/notifications#linux (libnotify / org.freedesktop.Notifications)' },
  notificationActivation: { value: false, source: 'electron.d.ts 45.4.1 Notification.handleActivation @platform win32' },
} as const;

/** KDE Plasma on X11: StatusNotifier tray, X11 window placement. */
export const linuxKdeX11: PlatformProfile = {
  ...linuxCommon,
  name: 'linux-kde-x11',
  env: { XDG_SESSION_TYPE: 'x11', XDG_CURRENT_DESKTOP: 'KDE', DISPLAY: ':0' },
  trayShown: { value: true, source: `${TRAY_DOC} (KDE hosts StatusNotifierItem)` },
  windowPlacement: { value: true, source: 'X11 lets clients place their windows (https://www.electronjs.org/docs/latest/api/browser-window#winsetpositionx-y-animate)' },
  focusWithoutSteal: { value: true, source: `${FOCUS_DOC} (X11: focuses the first visible window)` },
  focusSteal: { value: true, source: FOCUS_DOC },
  idleStateLocked: { value: true, source: `${IDLE_LOCKED} (KDE implements org.freedesktop.ScreenSaver)` },
  idleTimeStuckAtZero: { value: false, source: 'X11 MIT-SCREEN-SAVER extension (Chromium ui/base/x/x11_idle_query.cc)' },
  shortcutViaPortal: { value: false, source: 'X11 key grabs (https://www.electronjs.org/docs/latest/api/global-shortcut)' },
};

const gnomeWayland = {
  ...linuxCommon,
  env: { XDG_SESSION_TYPE: 'wayland', XDG_CURRENT_DESKTOP: 'ubuntu:GNOME', WAYLAND_DISPLAY: 'wayland-0' },
  windowPlacement: { value: false, source: WAYLAND_WINDOW_DOC },
  focusWithoutSteal: { value: false, source: FOCUS_DOC },
  focusSteal: { value: false, source: FOCUS_DOC },
  idleStateLocked: { value: true, source: `${IDLE_LOCKED} (GNOME Shell answers org.freedesktop.ScreenSaver.GetActive)` },
  idleTimeStuckAtZero: { value: true, source: IDLE_ZERO },
  shortcutViaPortal: { value: true, source: PORTAL_DOC },
} as const;

/** Ubuntu's GNOME on Wayland, with the AppIndicator extension Ubuntu enables by default. */
export const linuxGnomeWayland: PlatformProfile = {
  ...gnomeWayland,
  name: 'linux-gnome-wayland',
  trayShown: { value: true, source: `${TRAY_DOC} (Ubuntu ships the AppIndicator/KStatusNotifierItem GNOME extension)` },
};

/** Plain GNOME (Fedora, Debian) on Wayland: no extension, so no tray at all. */
export const linuxGnomeNoTray: PlatformProfile = {
  ...gnomeWayland,
  name: 'linux-gnome-no-tray',
  env: { ...gnomeWayland.env, XDG_CURRENT_DESKTOP: 'GNOME' },
  trayShown: { value: false, source: `${TRAY_DOC}; GNOME Shell has no notification area since 3.26 — icons need the AppIndicator extension (https://blogs.gnome.org/aday/2017/08/31/status-icons-and-gnome/, safing/portmaster-ui#242)` },
};

/** Every profile, in the order the shell suite runs them. */
export const PROFILES: readonly PlatformProfile[] = [windows, macos, linuxKdeX11, linuxGnomeWayland, linuxGnomeNoTray];
