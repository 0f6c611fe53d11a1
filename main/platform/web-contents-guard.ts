import { isAllowedExternalUrl } from '../security/external-links.js';

/** An event the guard can cancel (Electron's navigation and webview events). */
interface CancellableEvent {
  preventDefault(): void;
  url?: string;
}

/** The part of WebContents the guard uses. */
export interface GuardedContents {
  on(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', listener: (event: CancellableEvent, url?: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: CancellableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** Options of `guardWebContents`. */
export interface GuardOptions {
  /** Opens an allowlisted link in the system browser (the safe opener). */
  openExternal(url: string): void;
  /**
   * Navigations this particular contents may make. App windows never navigate (the renderer is a
   * single page; main switches views by loadURL, which these events do not see); only the demo
   * sign-in window passes a predicate (the sandbox's own pages and the loopback redirect).
   */
  allowNavigation?: (url: string) => boolean;
}

/**
 * Applied to every WebContents JIT Vault creates (`app.on('web-contents-created')`):
 * - navigation denied: will-navigate, will-redirect and will-frame-navigate (subframes too) —
 *   checklist #13 https://www.electronjs.org/docs/latest/tutorial/security#13-disable-or-limit-navigation
 * - new windows denied; an allowlisted https link opens in the system browser instead —
 *   #14 https://www.electronjs.org/docs/latest/tutorial/security#14-disable-or-limit-creation-of-new-windows
 *   and #15 https://www.electronjs.org/docs/latest/tutorial/security#15-do-not-use-shellopenexternal-with-untrusted-content
 * - webviews never attach — #12 https://www.electronjs.org/docs/latest/tutorial/security#12-verify-webview-options-before-creation
 */
export function guardWebContents(contents: GuardedContents, options: GuardOptions): void {
  const allow = options.allowNavigation ?? (() => false);
  const limitNavigation = (event: CancellableEvent, legacyUrl?: string) => {
    const url = typeof event.url === 'string' ? event.url : legacyUrl;
    if (typeof url !== 'string' || !allow(url)) event.preventDefault();
  };
  contents.on('will-navigate', limitNavigation);
  contents.on('will-redirect', limitNavigation);
  contents.on('will-frame-navigate', limitNavigation);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) options.openExternal(url);
    return { action: 'deny' };
  });
}

/** The part of Session whose permission handlers we set. */
export interface PermissionSession {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
  setDevicePermissionHandler(handler: (details: unknown) => boolean): void;
}

/**
 * Denies every permission request and check (camera, notifications, clipboard-read, HID, ...):
 * the renderer needs none — notifications and the clipboard are main's job.
 * Checklist #5 https://www.electronjs.org/docs/latest/tutorial/security#5-handle-session-permission-requests-from-remote-content
 */
export function denyAllPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
