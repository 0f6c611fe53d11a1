import type { Rectangle } from 'electron';
import type { ActivationPhase } from '../services/pim/pim.types.js';
import type { Clock, TimerHandle } from '../services/ports/clock.js';
import { TERMINAL_PHASES } from '../services/pim/pim.types.js';
import { trayIconPng } from './tray-icons.js';
import { describeTray, type TrayGrant, type TrayState, type TrayView } from './tray-state.js';

/** The part of Electron's Tray the controller uses (`Image` is Electron's NativeImage). */
export interface TrayLike<Image> {
  setImage(image: Image): void;
  setToolTip(text: string): void;
  /** @platform darwin — text beside the icon in the menu bar (the approver's count). */
  setTitle(title: string): void;
  setContextMenu(menu: never): void;
  popUpContextMenu(menu?: never): void;
  getBounds(): Rectangle;
  on(event: 'click' | 'right-click', listener: () => void): unknown;
  destroy(): void;
}

/** What the tray reads from the app core (AppCore satisfies it). */
export interface TraySource {
  session: {
    grants(): readonly TrayGrant[];
    on(event: 'locked' | 'unlocked' | 'updated' | 'expiring', listener: () => void): () => void;
  };
  pim: { on(event: 'activation', listener: (e: { requestId: string; phase: ActivationPhase }) => void): () => void };
  /** The approver's inbox: its count is the tray's badge (optional: absent, nothing to approve). */
  approvals?: { readonly pendingCount: number; on(event: 'inbox', listener: () => void): () => void };
  /** Requests followed since before this run started (restored from the pending-request store). */
  pendingRequests(): Promise<readonly { requestId: string; history: readonly { phase: ActivationPhase }[] }[]>;
}

/** One context-menu entry (a subset of Electron's MenuItemConstructorOptions). */
export interface TrayMenuItem {
  label?: string;
  type?: 'separator';
  click?: () => void;
}

/** Tray construction and the menu's actions, injected (Signal's `createTrayInstance` pattern). */
export interface TrayControllerDeps<Image> {
  Tray: new (image: Image) => TrayLike<Image>;
  Menu: { buildFromTemplate(template: TrayMenuItem[]): unknown };
  nativeImage: { createFromBuffer(buffer: Buffer, options?: { scaleFactor?: number }): Image };
  clock: Clock;
  platform: NodeJS.Platform;
  source: TraySource;
  /** Electron's app, for the numeric badge on Linux docks and taskbars (`app.setBadgeCount`). */
  app?: { setBadgeCount(count?: number): boolean };
  /** The user's "warn before expiry" setting, read on every refresh. */
  warnBeforeMs(): number;
  actions: {
    /** Left click: show or hide the quick lookup next to the tray icon. */
    togglePopup(trayBounds: Rectangle): void;
    openMain(): void;
    lockNow(): void;
    signOut(): void;
    quit(): void;
  };
  formatTime?: (ms: number) => string;
}

/** How often the tooltip's "in N min" is refreshed while something is unlocked. */
const TICK_MS = 30_000;

/**
 * The tray icon: state icon + tooltip (next expiry), left click toggles the quick lookup, context
 * menu Open / Lock now / Sign out / Quit. State follows the access session's events and the PIM
 * requests in flight; a 30-second tick keeps "expiring soon" and the countdown current.
 */
export class TrayController<Image> {
  #tray: TrayLike<Image> | undefined;
  #icons = new Map<TrayState, Image>();
  #open = new Map<string, ActivationPhase>();
  #off: (() => void)[] = [];
  #tick: TimerHandle | undefined;
  #view: TrayView | undefined;
  #badge = 0;

  constructor(private readonly deps: TrayControllerDeps<Image>) {}

  /** Creates the tray and starts following the core. */
  async start(): Promise<void> {
    const { deps } = this;
    const tray = new deps.Tray(this.#icon('locked'));
    this.#tray = tray;
    const linux = deps.platform !== 'darwin' && deps.platform !== 'win32';
    const menu = deps.Menu.buildFromTemplate([
      // Linux app indicators swallow the icon's click (Electron tray docs, "Platform limitations"):
      // there the quick lookup is a menu entry (it opens at the pointer).
      ...(linux ? [{ label: 'Quick lookup', click: () => deps.actions.togglePopup({ x: 0, y: 0, width: 0, height: 0 }) }, { type: 'separator' as const }] : []),
      { label: 'Open JIT Vault', click: () => deps.actions.openMain() },
      { label: 'Lock now', click: () => deps.actions.lockNow() },
      { type: 'separator' },
      { label: 'Sign out', click: () => deps.actions.signOut() },
      { label: 'Quit', click: () => deps.actions.quit() },
    ]) as never;
    if (linux) {
      tray.setContextMenu(menu);
    } else {
      // A context menu set with setContextMenu takes over the left click on macOS (gitify-app/gitify#2856):
      // keep left click for the popup and show the menu on right click instead.
      tray.on('right-click', () => tray.popUpContextMenu(menu));
    }
    tray.on('click', () => deps.actions.togglePopup(tray.getBounds()));
    const refresh = () => this.refresh();
    for (const event of ['locked', 'unlocked', 'updated', 'expiring'] as const) this.#off.push(deps.source.session.on(event, refresh));
    if (deps.source.approvals) this.#off.push(deps.source.approvals.on('inbox', refresh));
    this.#off.push(
      deps.source.pim.on('activation', (e) => {
        if (TERMINAL_PHASES.has(e.phase)) this.#open.delete(e.requestId);
        else this.#open.set(e.requestId, e.phase);
        this.refresh();
      }),
    );
    this.refresh();
    try {
      for (const request of await deps.source.pendingRequests()) {
        const phase = request.history.at(-1)?.phase ?? 'Submitted';
        if (!TERMINAL_PHASES.has(phase) && !this.#open.has(request.requestId)) this.#open.set(request.requestId, phase);
      }
    } catch {
      // A restored request list that cannot be read only costs the "pending" icon until the next event.
    }
    this.refresh();
  }

  /** The icon and tooltip shown now (tests and diagnostics). */
  get view(): TrayView | undefined {
    return this.#view;
  }

  /** Recomputes icon and tooltip; re-arms the tick while anything is unlocked or pending. */
  refresh(): void {
    if (!this.#tray) return;
    const { deps } = this;
    const phases = [...this.#open.values()];
    const view = describeTray({
      grants: deps.source.session.grants(),
      openRequests: phases.length,
      awaitingApproval: phases.filter((p) => p === 'PendingApproval').length,
      toApprove: deps.source.approvals?.pendingCount ?? 0,
      now: deps.clock.now(),
      warnBeforeMs: deps.warnBeforeMs(),
      ...(deps.formatTime ? { formatTime: deps.formatTime } : {}),
    });
    if (view.state !== this.#view?.state) this.#tray.setImage(this.#icon(view.state));
    if (view.tooltip !== this.#view?.tooltip) this.#tray.setToolTip(view.tooltip);
    this.#showBadge(deps.source.approvals?.pendingCount ?? 0);
    this.#view = view;
    this.#tick?.cancel();
    this.#tick = view.state === 'locked' ? undefined : deps.clock.setTimer(TICK_MS, () => this.refresh());
  }

  /** Removes the tray icon and every subscription. */
  dispose(): void {
    for (const off of this.#off.splice(0)) off();
    this.#tick?.cancel();
    this.#showBadge(0);
    this.#tray?.destroy();
    this.#tray = undefined;
  }

  /**
   * The approver's count as a number where the OS has one (the tooltip carries it everywhere):
   * - macOS: beside the tray icon in the menu bar (`Tray.setTitle`, @platform darwin). The Dock badge
   *   (`app.setBadgeCount`) is no use: a tray app (LSUIElement) has no Dock icon.
   * - Linux: `app.setBadgeCount` on docks and taskbars that speak the LauncherEntry D-Bus API (KDE's
   *   task manager, Ubuntu's dock), tied to the app's .desktop file (`desktopName`).
   * - Windows: no number. Its notification area has no badge API, and the taskbar overlay
   *   (`BrowserWindow.setOverlayIcon`) needs a taskbar button, which a tray app hides.
   */
  #showBadge(count: number): void {
    if (count === this.#badge) return;
    this.#badge = count;
    if (this.deps.platform === 'darwin') this.#tray?.setTitle(count > 0 ? String(count) : '');
    // false where no dock speaks LauncherEntry (plain GNOME): the tooltip still says it.
    else if (this.deps.platform === 'linux') this.deps.app?.setBadgeCount(count);
  }

  #icon(state: TrayState): Image {
    let icon = this.#icons.get(state);
    if (!icon) {
      // Drawn at 32 px and declared @2x: a sharp 16-point icon on high-DPI screens, scaled on others.
      icon = this.deps.nativeImage.createFromBuffer(trayIconPng(state, 32), { scaleFactor: 2 });
      this.#icons.set(state, icon);
    }
    return icon;
  }
}
