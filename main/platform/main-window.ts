import { focusToHashParams, type MainViewFocus } from '../../shared/domain/main-view-focus.js';
import { MAIN_VIEW_URL, type AppWindow } from './app-windows.js';

/** A tab of the main window. */
export type MainTab = 'access' | 'expiry' | 'certificates' | 'history' | 'settings';

/**
 * The main window's life: created on first use, shown when ready, hidden instead of closed
 * (close-to-tray: the tray app keeps running and locking on schedule) until the app quits.
 * Switching tabs on a loaded window changes only the URL's hash, which the renderer follows
 * without a reload (renderer/src/view-mode.ts).
 */
export class MainWindowController {
  #window: AppWindow | undefined;

  constructor(
    private readonly deps: {
      create(): AppWindow;
      /** True once the user chose Quit: then a close really closes. */
      isQuitting(): boolean;
    },
  ) {}

  /** The window if it exists (for events and content protection). */
  get current(): AppWindow | undefined {
    return this.#window && !this.#window.isDestroyed() ? this.#window : undefined;
  }

  /** Shows the window (creating it), optionally on a tab and a place in it (the approvals panel). */
  open(tab?: MainTab, focus?: MainViewFocus): void {
    const hash = [tab ? `tab=${tab}` : '', focus ? focusToHashParams(focus) : ''].filter(Boolean).join('&');
    const url = hash ? `${MAIN_VIEW_URL}#${hash}` : undefined;
    const existing = this.current;
    if (existing) {
      if (url) void existing.loadURL(url).catch(() => undefined);
      existing.show();
      existing.focus();
      return;
    }
    const window = this.deps.create();
    this.#window = window;
    window.on('close', (event: { preventDefault(): void }) => {
      if (this.deps.isQuitting()) return;
      event.preventDefault();
      window.hide();
    });
    window.on('closed', () => {
      if (this.#window === window) this.#window = undefined;
    });
    window.once('ready-to-show', () => {
      window.show();
      window.focus();
    });
    void window.loadURL(url ?? MAIN_VIEW_URL).catch(() => undefined);
  }
}
