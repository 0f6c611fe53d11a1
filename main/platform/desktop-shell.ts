import type { AppCore, AppShell } from '../core/app-core.js';
import { forwardEvents, type EventForwarder } from '../ipc/event-forwarder.js';
import type { IpcDispatcher } from '../ipc/ipc-wrapper.js';
import type { FrameSender } from '../security/app-origin.js';
import type { Clock } from '../services/ports/clock.js';
import type { Logger } from '../services/ports/logger.js';
import { createMainWindow, createPopupWindow, type AppWindow } from './app-windows.js';
import { ContentProtection } from './content-protection.js';
import type { ElectronApi } from './electron-api.js';
import { ElectronNotifier } from './electron-notifier.js';
import { ShortcutManager } from './global-shortcut.js';
import { registerIpcHandlers, sendToWindows } from './ipc-main-adapter.js';
import { MainWindowController } from './main-window.js';
import { QuickLookupPopup } from './quick-lookup-popup.js';
import { openExternalSafely } from './safe-open-external.js';
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
}

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

  constructor(private readonly deps: DesktopShellDeps) {
    const { electron } = deps;
    const factory = { BrowserWindow: electron.BrowserWindow, preloadPath: deps.preloadPath, isPackaged: electron.app.isPackaged };
    this.contentProtection = new ContentProtection({ clock: deps.clock, windows: () => this.windows() });
    const track = (window: AppWindow) => {
      this.contentProtection.applyTo(window);
      return window;
    };
    this.main = new MainWindowController({ create: () => track(createMainWindow(factory)), isQuitting: deps.isQuitting });
    this.popup = new QuickLookupPopup({
      create: () => track(createPopupWindow(factory)),
      screen: electron.screen,
      clock: deps.clock,
      onShown: () => this.popup.current?.webContents.send('ui:focusSearch', {}),
    });
    this.notifier = new ElectronNotifier({ Notification: electron.Notification, platform: deps.platform, openAccess: () => this.main.open('access'), logger: deps.logger });
    this.shortcut = new ShortcutManager(electron.globalShortcut, () => this.popup.show());
    this.appShell = {
      openExternal: (url) => openExternalSafely(electron.shell, url),
      hidePopup: () => this.popup.hide(),
      openMain: (tab) => this.main.open(tab),
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
