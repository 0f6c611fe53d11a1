import type { BrowserWindowConstructorOptions } from 'electron';
import { APP_ORIGIN } from '../security/app-origin.js';

/** The renderer's two views, served from the privileged `app://` scheme (checklist #18). */
export const MAIN_VIEW_URL = `${APP_ORIGIN}/index.html?view=main`;
export const POPUP_VIEW_URL = `${APP_ORIGIN}/index.html?view=popup`;

/** The part of a BrowserWindow the shell uses (the real one satisfies it; tests pass fakes). */
export interface AppWindow {
  loadURL(url: string): Promise<void>;
  show(): void;
  hide(): void;
  focus(): void;
  isVisible(): boolean;
  isDestroyed(): boolean;
  getSize(): number[];
  setPosition(x: number, y: number): void;
  setContentProtection(enable: boolean): void;
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  on(event: 'closed' | 'blur', listener: () => void): unknown;
  once(event: 'ready-to-show', listener: () => void): unknown;
  readonly webContents: { send(channel: string, ...args: unknown[]): void };
}

/** Injected BrowserWindow class and the facts the options depend on. */
export interface WindowFactoryDeps {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => AppWindow;
  /** out/preload/index.cjs */
  preloadPath: string;
  /** app.isPackaged: DevTools exist only in development. */
  isPackaged: boolean;
}

/**
 * The main window (access requests, history, settings). Security options are written out as a
 * literal here — not built by a helper — so electronegativity and test/shell can both read them
 * (CONVENTIONS §3). Each line links its item of https://www.electronjs.org/docs/latest/tutorial/security.
 */
export function createMainWindow(deps: WindowFactoryDeps): AppWindow {
  const { BrowserWindow } = deps;
  return new BrowserWindow({
    width: 980,
    height: 720,
    minWidth: 640,
    minHeight: 480,
    show: false,
    title: 'JIT Vault',
    autoHideMenuBar: true,
    webPreferences: {
      preload: deps.preloadPath,
      sandbox: true, // #4 https://www.electronjs.org/docs/latest/tutorial/security#4-enable-process-sandboxing
      contextIsolation: true, // #3 https://www.electronjs.org/docs/latest/tutorial/security#3-enable-context-isolation
      nodeIntegration: false, // #2 https://www.electronjs.org/docs/latest/tutorial/security#2-do-not-enable-nodejs-integration-for-remote-content
      nodeIntegrationInWorker: false, // #2
      nodeIntegrationInSubFrames: false, // #2
      webSecurity: true, // #6 https://www.electronjs.org/docs/latest/tutorial/security#6-do-not-disable-websecurity
      allowRunningInsecureContent: false, // #8 https://www.electronjs.org/docs/latest/tutorial/security#8-do-not-enable-allowrunninginsecurecontent
      experimentalFeatures: false, // #9 https://www.electronjs.org/docs/latest/tutorial/security#9-do-not-enable-experimental-features
      disableBlinkFeatures: 'Auxclick', // #10: middle-click must not open windows (electronegativity AUXCLICK_JS_CHECK)
      webviewTag: false, // #11/#12 https://www.electronjs.org/docs/latest/tutorial/security#12-verify-webview-options-before-creation
      navigateOnDragDrop: false, // #13: a dropped file or link must not navigate the window
      safeDialogs: true,
      spellcheck: false, // typed justifications and secret names are not sent to a spell-check service
      devTools: !deps.isPackaged, // DevTools off when packaged (checklist, "DevTools in production")
    },
  });
}

/**
 * The tray's quick-lookup popup: frameless, off the taskbar, on top. Same security literal as the
 * main window (see createMainWindow for the links).
 */
export function createPopupWindow(deps: WindowFactoryDeps): AppWindow {
  const { BrowserWindow } = deps;
  return new BrowserWindow({
    width: 520,
    height: 460,
    show: false,
    frame: false,
    resizable: false,
    movable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
    title: 'JIT Vault quick lookup',
    webPreferences: {
      preload: deps.preloadPath,
      sandbox: true, // #4
      contextIsolation: true, // #3
      nodeIntegration: false, // #2
      nodeIntegrationInWorker: false, // #2
      nodeIntegrationInSubFrames: false, // #2
      webSecurity: true, // #6
      allowRunningInsecureContent: false, // #8
      experimentalFeatures: false, // #9
      disableBlinkFeatures: 'Auxclick', // #10
      webviewTag: false, // #11/#12
      navigateOnDragDrop: false, // #13
      safeDialogs: true,
      spellcheck: false,
      devTools: !deps.isPackaged,
    },
  });
}
