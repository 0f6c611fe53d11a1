import type { Point, Rectangle } from 'electron';
import type { Clock } from '../services/ports/clock.js';
import { POPUP_VIEW_URL, type AppWindow, type QuickLookupStyle } from './app-windows.js';
import { isEmptyBounds, popupPosition } from './popup-position.js';

/** The part of Electron's `screen` the popup needs. */
export interface ScreenLike {
  getCursorScreenPoint(): Point;
  getDisplayNearestPoint(point: Point): { workArea: Rectangle };
}

/**
 * A click on the tray while the popup is open first blurs (and so hides) the popup, then arrives
 * as a click: without this window the click would re-open what the user meant to close.
 */
const BLUR_CLICK_WINDOW_MS = 300;

/**
 * The quick-lookup popup: created once, hidden rather than closed, placed next to the tray icon
 * (or the pointer, when opened by the global shortcut or where the tray has no bounds), hidden
 * when it loses focus. Esc is the renderer's: it first clears a revealed value, a panel or the
 * query, then calls `window:hidePopup` — so main does not intercept the key.
 *
 * As an ordinary window (Wayland, style 'window') it is not placed and not hidden on blur: the
 * compositor places it, and a blur there may just be the compositor refusing focus.
 * On macOS the popup floats over full-screen apps and the app is activated before focusing, or
 * its window would not become key while another app is active.
 */
export class QuickLookupPopup {
  #window: AppWindow | undefined;
  #hiddenByBlurAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly deps: {
      create(): AppWindow;
      screen: ScreenLike;
      clock: Clock;
      /** Called after the popup is shown and its page has loaded (the shell sends 'ui:focusSearch'). */
      onShown(): void;
      style?: QuickLookupStyle;
      /** macOS: app.focus({ steal: true }) — a background app's window cannot become key otherwise. */
      activate?: () => void;
      /** macOS: stay visible over full-screen apps. */
      overFullScreen?: boolean;
    },
  ) {}

  /** The window if it exists. */
  get current(): AppWindow | undefined {
    return this.#window && !this.#window.isDestroyed() ? this.#window : undefined;
  }

  /** Tray click: hide when open, else show near `trayBounds`. */
  toggle(trayBounds?: Rectangle): void {
    const window = this.current;
    if (window?.isVisible()) return this.hide();
    if (this.deps.clock.now() - this.#hiddenByBlurAt < BLUR_CLICK_WINDOW_MS) return;
    this.show(trayBounds);
  }

  /** Shows and focuses the popup near `anchor` (tray bounds) or the pointer. */
  show(anchor?: Rectangle): void {
    const window = this.#ensure();
    if (this.#anchored) {
      const cursor = this.deps.screen.getCursorScreenPoint();
      const box = anchor && !isEmptyBounds(anchor) ? anchor : { x: cursor.x, y: cursor.y, width: 0, height: 0 };
      const display = this.deps.screen.getDisplayNearestPoint({ x: box.x + box.width / 2, y: box.y + box.height / 2 });
      const [width = 520, height = 460] = window.getSize();
      const { x, y } = popupPosition({ anchor: box, workArea: display.workArea, size: { width, height } });
      window.setPosition(x, y);
    }
    this.deps.activate?.();
    window.show();
    window.focus();
    // The renderer listens only once its page runs: a message sent while loading is lost.
    if (window.webContents.isLoading()) window.webContents.once('did-finish-load', () => this.deps.onShown());
    else this.deps.onShown();
  }

  get #anchored(): boolean {
    return (this.deps.style ?? 'tray-popup') === 'tray-popup';
  }

  hide(): void {
    this.current?.hide();
  }

  /** Creates the (hidden) window ahead of use. */
  prepare(): void {
    this.#ensure();
  }

  #ensure(): AppWindow {
    const existing = this.current;
    if (existing) return existing;
    const window = this.deps.create();
    this.#window = window;
    if (this.deps.overFullScreen) window.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true, skipTransformProcessType: true });
    window.on('blur', () => {
      if (!this.#anchored || !window.isVisible()) return;
      this.#hiddenByBlurAt = this.deps.clock.now();
      window.hide();
    });
    window.on('closed', () => {
      if (this.#window === window) this.#window = undefined;
    });
    void window.loadURL(POPUP_VIEW_URL).catch(() => undefined);
    return window;
  }
}
