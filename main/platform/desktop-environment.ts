/**
 * Which desktop JIT Vault runs on, and what Electron can do there. Pure: the composition root
 * passes `process.platform` and `process.env`; tests pass each platform profile's. Every choice
 * cites the Electron documentation or issue it follows.
 */

/** The desktop session, as far as it changes what the shell may do. */
export interface DesktopEnvironment {
  platform: NodeJS.Platform;
  linux: boolean;
  /** A Wayland session (Electron ≥ 38 runs natively on Wayland there). */
  wayland: boolean;
  gnome: boolean;
  kde: boolean;
}

/** Reads the session from the platform and the variables every Linux session sets. */
export function detectDesktop(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): DesktopEnvironment {
  const linux = platform !== 'win32' && platform !== 'darwin';
  const current = (env.XDG_CURRENT_DESKTOP ?? env.XDG_SESSION_DESKTOP ?? '').toUpperCase().split(':');
  return {
    platform,
    linux,
    wayland: linux && (env.XDG_SESSION_TYPE === 'wayland' || (!!env.WAYLAND_DISPLAY && env.XDG_SESSION_TYPE !== 'x11')),
    gnome: linux && current.includes('GNOME'),
    kde: linux && current.includes('KDE'),
  };
}

/** What the shell does on a desktop. */
export interface DesktopCapabilities {
  /**
   * 'tray-popup': a frameless, always-on-top window placed at the tray icon and hidden on blur.
   * 'window': an ordinary framed window the compositor places and focuses — on Wayland a client can
   * neither position itself nor stay on top, and focus is only requested (electron.d.ts 45.4.1
   * BrowserWindow.setPosition "On Wayland … may not work"; app.focus "On Linux … (Wayland) requests
   * focus but may instead show a notification or flash the app icon"), so a frameless popup would
   * open in the middle of the screen without keyboard focus and vanish on the first blur.
   */
  quickLookup: 'tray-popup' | 'window';
  /**
   * macOS: a tray (LSUIElement) app is not active, so its window does not become key until the app
   * is activated: `app.focus({ steal: true })` (https://www.electronjs.org/docs/latest/api/app#appfocusoptions).
   */
  activateBeforeFocus: boolean;
  /**
   * BrowserWindow.setContentProtection (@platform darwin,win32): 'effective' on Windows
   * (WDA_EXCLUDEFROMCAPTURE), 'partial' on macOS (apps using ScreenCaptureKit still capture the
   * window — electron.d.ts 45.4.1), 'none' on Linux.
   */
  contentProtection: 'effective' | 'partial' | 'none';
  /**
   * How an OS screen lock reaches JIT Vault: powerMonitor 'lock-screen' (@platform darwin,win32) or,
   * on Linux, polling powerMonitor.getSystemIdleState(n) for 'locked' (Chromium asks the desktop's
   * org.freedesktop.ScreenSaver over D-Bus; "locked is available on supported systems only").
   */
  lockSignal: 'lock-screen-event' | 'idle-state-poll';
  /** Windows sends 'query-session-end'/'session-end' to windows on log-off/shutdown (no before-quit then). */
  sessionEndEvents: boolean;
}

/** The capabilities of a desktop. */
export function capabilitiesOf(desktop: DesktopEnvironment): DesktopCapabilities {
  const { platform } = desktop;
  return {
    quickLookup: desktop.wayland ? 'window' : 'tray-popup',
    activateBeforeFocus: platform === 'darwin',
    contentProtection: platform === 'win32' ? 'effective' : platform === 'darwin' ? 'partial' : 'none',
    lockSignal: desktop.linux ? 'idle-state-poll' : 'lock-screen-event',
    sessionEndEvents: platform === 'win32',
  };
}

/** Plain-language notices for the UI about what this desktop cannot do (shown, never hidden). */
export function capabilityNotices(capabilities: DesktopCapabilities): string[] {
  if (capabilities.contentProtection === 'none') {
    return ['Screen-capture protection is not available on Linux: a value you reveal can appear in screenshots and screen shares. Copy instead of revealing while sharing your screen.'];
  }
  if (capabilities.contentProtection === 'partial') {
    return ['On macOS, screen-capture protection hides revealed values from most recorders, but apps that use ScreenCaptureKit can still capture them. Copy instead of revealing while sharing your screen.'];
  }
  return [];
}
