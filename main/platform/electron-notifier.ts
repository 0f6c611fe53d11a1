import type { NotificationConstructorOptions } from 'electron';
import type { MainViewFocus } from '../../shared/domain/main-view-focus.js';
import type { Logger } from '../services/ports/logger.js';
import type { AppNotification, Notifier } from '../services/ports/notifier.js';

/** The buttons of an approval notification, in order (the action event names them by index). */
const DECISIONS = ['Approve', 'Deny'] as const;

/** The part of an Electron Notification the notifier uses. */
export interface NotificationLike {
  on(event: 'click' | 'close' | 'failed', listener: () => void): unknown;
  on(event: 'action', listener: (details: { actionIndex?: number }, legacyIndex?: number) => void): unknown;
  show(): void;
}

/** Electron's Notification class, injected. */
export interface NotificationClass {
  new (options: NotificationConstructorOptions): NotificationLike;
  isSupported(): boolean;
  /** @platform win32 — clicks on toasts in the Action Center, even after the object is gone. */
  handleActivation?(callback: (details: unknown) => void): void;
}

/**
 * The Notifier port over OS notifications: approval needed/granted, Ready, expiring soon (with an
 * Extend button where the OS has notification buttons: macOS and Windows), expired/locked, denied,
 * failed. A click opens the access window; Extend opens it too — extending needs a justification
 * and a duration, which the window asks for. Texts come from the services and never hold a secret.
 *
 * Notifications are kept referenced until closed: an unreferenced Notification can be garbage
 * collected and its click handler lost.
 */
export class ElectronNotifier implements Notifier {
  readonly #live = new Set<NotificationLike>();

  constructor(
    private readonly deps: {
      Notification: NotificationClass;
      platform: NodeJS.Platform;
      /** Opens the main window's access tab (click, Extend), or a request in its approvals panel. */
      openAccess(focus?: MainViewFocus): void;
      /** Opens another tab of the main window (an expiry notification opens the expiry overview). */
      openTab?(tab: 'expiry'): void;
      logger?: Logger;
      /**
       * A notification the OS refused ('failed': e.g. an unsigned macOS build under UNNotification,
       * https://www.electronjs.org/blog/electron-42-0, electron/electron#51559). Called once: the
       * shell tells the user in the app that its events are in the app's history only.
       */
      onUndelivered?(): void;
    },
  ) {
    // Windows keeps toasts in the Action Center after our Notification objects are gone (or the app
    // restarted): only handleActivation (electron.d.ts 45.4.1, @platform win32) still hears their clicks.
    if (deps.platform === 'win32') deps.Notification.handleActivation?.(() => deps.openAccess());
  }

  #undelivered = false;

  notify(notification: AppNotification): void {
    const { Notification, platform } = this.deps;
    if (!Notification.isSupported()) {
      this.deps.logger?.info('notification not shown: the OS does not support notifications', { kind: notification.kind });
      return;
    }
    const buttons = platform === 'darwin' || platform === 'win32';
    const { action, approval } = notification;
    // An approval offers Approve and Deny (macOS lists the second under the first, NotificationAction
    // docs); each only opens the request in the panel with that decision picked: a decision always
    // needs the approver's justification, and a notification cannot ask for one.
    const labels = approval ? DECISIONS : action ? [action.label] : [];
    const shown = new Notification({
      title: notification.title,
      body: notification.body,
      silent: notification.kind === 'approval-granted',
      // Critical stays on screen until dismissed (Linux, Windows): only for "your access ends soon".
      urgency: notification.kind === 'expiring-soon' ? 'critical' : 'normal',
      ...(buttons && labels.length ? { actions: labels.map((text) => ({ type: 'button' as const, text })) } : {}),
    });
    const focus = approval ? ({ section: 'approvals', requestId: approval.requestId } as const) : undefined;
    const { tab } = notification;
    const openTab = tab && this.deps.openTab ? () => this.deps.openTab!(tab) : undefined;
    shown.on('click', () => (openTab ? openTab() : this.deps.openAccess(focus)));
    shown.on('action', (details, legacyIndex) => {
      if (openTab) return openTab();
      const index = details?.actionIndex ?? legacyIndex ?? 0;
      this.deps.openAccess(focus ? { ...focus, decision: DECISIONS[index] ?? 'Approve' } : undefined);
    });
    const release = () => this.#live.delete(shown);
    shown.on('close', release);
    shown.on('failed', () => {
      release();
      this.deps.logger?.warn('notification refused by the OS', { kind: notification.kind });
      if (this.#undelivered) return;
      this.#undelivered = true;
      this.deps.onUndelivered?.();
    });
    this.#live.add(shown);
    shown.show();
  }
}
