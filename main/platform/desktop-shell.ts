import type { BaseWindow } from 'electron';
import type { AppCore, AppShell } from '../core/app-core.js';
import { forwardEvents, type EventForwarder } from '../ipc/event-forwarder.js';
import type { IpcDispatcher } from '../ipc/ipc-wrapper.js';
import type { FrameSender } from '../security/app-origin.js';
import type { Clock } from '../services/ports/clock.js';
import type { Logger } from '../services/ports/logger.js';
import type { OnceFlag } from './app-identity.js';
import { createMainWindow, createPopupWindow, type AppWindow } from './app-windows.js';
import { ContentProtection } from './content-protection.js';
import { capabilitiesOf, capabilityNotices, type DesktopCapabilities, type DesktopEnvironment } from './desktop-environment.js';
import type { ElectronApi } from './electron-api.js';
import { ElectronNotifier } from './electron-notifier.js';
import { ShortcutManager } from './global-shortcut.js';
import { registerIpcHandlers, sendToWindows } from './ipc-main-adapter.js';
import { MainWindowController } from './main-window.js';
import { QuickLookupPopup } from './quick-lookup-popup.js';
import type { SelfTestTarget } from './self-test.js';
import { openExternalSafely, openItemLinkSafely } from './safe-open-external.js';
import { applySystemSettings } from './system-settings.js';
import { TrayController } from './tray-controller.js';

/** What the shell is built from. */
export interface DesktopShellDeps {
  electron: ElectronApi;
  clock: Clock;
  logger: Logger;
  platform: NodeJS.Platform;
  /** out/preload/index.cjs */
  preloadPath: string;
  /** Starts quitting (the composition root disposes the core on `before-quit`). */
  quit(): void;
  isQuitting(): boolean;
  desktop: DesktopEnvironment;
  /** Whether tray icons are shown on this desktop (tray-host.ts); undefined when it cannot tell. */
  trayHost(): Promise<boolean | undefined>;
  /** "How to get the tray icon" was said once already (kept across restarts). */
  trayHint: OnceFlag;
  /** Windows log-off/shutdown reached a window (no before-quit follows): lock and clear now. */
  onSessionEnd(): void;
}

/** Where to get the tray on plain GNOME (https://extensions.gnome.org/extension/615/appindicator-support/). */
export const GNOME_TRAY_HINT =
  'GNOME shows no tray icons by itself. To get JIT Vault\'s tray icon, install the "AppIndicator and KStatusNotifierItem Support" extension (package gnome-shell-extension-appindicator) and sign in again. Until then, use this window, the quick-lookup shortcut, or start JIT Vault again to bring it back.';

/**
 * The desktop around the core: the two windows, the tray, the global shortcut, notifications,
 * content protection and the IPC/event wiring. Built in two steps because the core needs the
 * shell's notifier and window actions before it exists, and the tray needs the core:
 * `new DesktopShell(…)` → `createAppCore({ notifier: shell.notifier, shell: shell.appShell, … })`
 * → `shell.attach(core, dispatcher)`.
 */
export class DesktopShell {
  readonly main: MainWindowController;
  readonly popup: QuickLookupPopup;
  readonly notifier: ElectronNotifier;
  readonly contentProtection: ContentProtection;
  readonly shortcut: ShortcutManager;
  /** The window actions the core's `window:*` and `app:openExternal` handlers call. */
  readonly appShell: AppShell;
  #tray: TrayController<Electron.NativeImage> | undefined;
  #events: EventForwarder | undefined;
  #off: (() => void)[] = [];
  #shortcutFailure: string | undefined;
  readonly capabilities: DesktopCapabilities;
  readonly #notices: string[] = [];
  /** A tray icon the user can see and use (false until the tray host answered yes). */
  #trayUsable = false;

  constructor(private readonly deps: DesktopShellDeps) {
    const { electron } = deps;
    const factory = { BrowserWindow: electron.BrowserWindow, preloadPath: deps.preloadPath, isPackaged: electron.app.isPackaged };
    const capabilities = (this.capabilities = capabilitiesOf(deps.desktop));
    this.#notices.push(...capabilityNotices(capabilities));
    this.contentProtection = new ContentProtection({ clock: deps.clock, windows: () => this.windows() });
    const track = (window: AppWindow) => {
      this.contentProtection.applyTo(window);
      if (capabilities.sessionEndEvents) {
        // Windows ends the session without before-quit/will-quit: lock and clear on the first word of it.
        // https://www.electronjs.org/docs/latest/api/browser-window#event-query-session-end-windows
        window.on('query-session-end', () => deps.onSessionEnd());
        window.on('session-end', () => deps.onSessionEnd());
      }
      return window;
    };
    this.main = new MainWindowController({ create: () => track(createMainWindow(factory)), isQuitting: deps.isQuitting });
    this.popup = new QuickLookupPopup({
      create: () => track(createPopupWindow(factory, capabilities.quickLookup)),
      screen: electron.screen,
      clock: deps.clock,
      onShown: () => this.popup.current?.webContents.send('ui:focusSearch', {}),
      style: capabilities.quickLookup,
      ...(capabilities.activateBeforeFocus ? { activate: () => electron.app.focus({ steal: true }), overFullScreen: true } : {}),
    });
    this.notifier = new ElectronNotifier({
      Notification: electron.Notification,
      platform: deps.platform,
      openAccess: (focus) => this.main.open('access', focus),
      openTab: (tab) => this.main.open(tab),
      logger: deps.logger,
      onUndelivered: () =>
        this.#addNotice('System notifications are not delivered on this computer (on macOS: this build is not signed). JIT Vault shows approvals and expiries in its own window and history instead.'),
    });
    this.shortcut = new ShortcutManager(electron.globalShortcut, () => this.popup.show());
    this.appShell = {
      openExternal: (url) => openExternalSafely(electron.shell, url),
      openItemLink: (uri) => openItemLinkSafely(electron.shell, uri),
      hidePopup: () => this.popup.hide(),
      openMain: (tab, focus) => this.main.open(tab, focus),
    };
  }

  /** What this desktop cannot do, in words (app:getState → the notices region of the UI). */
  notices(): string[] {
    return [...this.#notices];
  }

  /** A second launch, a Dock click: the quick lookup where a tray is the way in, else the main window. */
  bringUp(): void {
    if (this.deps.isQuitting()) return; // a relaunch during quit must not recreate disposed windows
    if (this.#trayUsable) this.popup.show();
    else this.main.open(); // no tray (plain GNOME) or unknown: the main window is the way in
  }

  /** The OS parent window for the sign-in broker (WAM needs one): the main window, else the popup. */
  /**
   * The window a save dialog is modal to: the main window when open (the popup hides when it loses
   * focus, so it is never a parent). The windows are built by `electron.BrowserWindow`
   * (app-windows.ts), so the narrow AppWindow handle is that BaseWindow.
   */
  dialogParent(): BaseWindow | undefined {
    return this.main.current as unknown as BaseWindow | undefined;
  }

  nativeWindowHandle(): Buffer | undefined {
    return (this.main.current ?? this.popup.current)?.getNativeWindowHandle();
  }

  /** What `--self-test` drives (main/platform/self-test.ts): the same paths as the user's clicks. */
  selfTestTarget(core: AppCore): SelfTestTarget {
    return {
      trayCreated: () => this.#tray !== undefined,
      openQuickLookup: () => this.popup.show(),
      quickLookupVisible: () => this.popup.current?.isVisible() === true,
      closeQuickLookup: () => this.popup.hide(),
      lock: () => core.session.lock('all', 'manual'),
      unlockedVaults: () => core.session.grants().length,
    };
  }

  /** JIT Vault's own windows that exist now (events, content protection). */
  windows(): AppWindow[] {
    return [this.main.current, this.popup.current].filter((w): w is AppWindow => w !== undefined);
  }

  /** Wires the running core: IPC handlers, events to the windows, tray, shortcut, OS settings. */
  async attach(core: AppCore, dispatcher: IpcDispatcher<FrameSender | undefined>): Promise<void> {
    const { electron, logger } = this.deps;
    this.#events = forwardEvents(core, sendToWindows(() => this.windows()), logger);
    this.#off.push(
      registerIpcHandlers(electron.ipcMain, dispatcher, (channel, result) => {
        if (channel === 'vault:reveal' && result.ok) this.contentProtection.protectUntil((result.value as { hideAt: number }).hideAt);
      }),
    );
    this.#off.push(core.session.on('locked', () => this.contentProtection.release()));
    const tray = new TrayController<Electron.NativeImage>({
      Tray: electron.Tray,
      Menu: electron.Menu,
      nativeImage: electron.nativeImage,
      clock: this.deps.clock,
      platform: this.deps.platform,
      app: electron.app,
      source: core,
      warnBeforeMs: () => core.effective().settings.timeouts.warnBeforeExpiryMinutes * 60_000,
      actions: {
        togglePopup: (bounds) => this.popup.toggle(bounds),
        openMain: () => this.main.open(),
        lockNow: () => void core.session.lock('all', 'manual'),
        signOut: () => void signOutEveryone(core, logger),
        quit: () => this.deps.quit(),
      },
    });
    this.#tray = tray;
    await tray.start();
    await this.#ensureWayIn();
    // Windows delivers session-end only to windows: keep the (hidden) quick lookup created.
    if (this.capabilities.sessionEndEvents) this.popup.prepare();
    core.approvals.start(); // the approver's inbox: tray count and a notification per new request
    // Threshold notifications for expiring secrets and certificates, once restored accounts can list.
    void core.started.then(() => core.expiry.start());
    this.#applySettings(core);
    this.#off.push(core.on('settings-changed', () => this.#applySettings(core)));
  }

  /** Releases the shortcut, the tray, IPC handlers and event subscriptions (quit). */
  dispose(): void {
    this.shortcut.release();
    this.#tray?.dispose();
    this.#events?.dispose();
    for (const off of this.#off.splice(0)) off();
    this.contentProtection.release();
  }

  /**
   * The user must always have a visible way in. Where no tray icon can be shown (plain GNOME) or it is
   * unknown, the main window opens at start; on GNOME the tray hint is said once.
   */
  async #ensureWayIn(): Promise<void> {
    const host = await this.deps.trayHost().catch(() => undefined);
    this.#trayUsable = host === true;
    if (this.#trayUsable) return;
    this.deps.logger.info('no tray icon host on this desktop; opening the main window', { host: host === undefined ? 'unknown' : 'none' });
    if (this.deps.desktop.gnome && host === false && !this.deps.trayHint.isSet()) {
      this.#addNotice(GNOME_TRAY_HINT);
      this.deps.trayHint.set();
    }
    this.main.open();
  }

  #addNotice(text: string): void {
    if (this.#notices.includes(text)) return;
    this.#notices.push(text);
    sendToWindows(() => this.windows())('app:stateChanged', {});
  }

  #applySettings(core: AppCore): void {
    const { settings } = core.effective();
    applySystemSettings({ app: this.deps.electron.app, nativeTheme: this.deps.electron.nativeTheme, platform: this.deps.platform, logger: this.deps.logger }, settings);
    const result = this.shortcut.apply(settings.shortcut);
    // Said once per accelerator: changing the theme must not repeat the same complaint.
    if (!result.ok && result.accelerator !== this.#shortcutFailure) {
      this.deps.logger.warn('global shortcut not registered', { accelerator: result.accelerator });
      this.notifier.notify({ kind: 'failed', title: 'Quick lookup shortcut not available', body: result.message });
    }
    this.#shortcutFailure = result.ok ? undefined : result.accelerator;
  }
}

async function signOutEveryone(core: AppCore, logger: Logger): Promise<void> {
  try {
    for (const account of await core.auth.accounts()) await core.signOut(account.accountId);
  } catch (error) {
    logger.warn('sign-out from the tray failed', { error: error instanceof Error ? error.name : 'unknown' });
  }
}
