import type { NotificationConstructorOptions } from 'electron';
import type { Logger } from '../services/ports/logger.js';
import type { AppNotification, Notifier } from '../services/ports/notifier.js';

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
      /** Opens the main window's access tab (click, Extend). */
      openAccess(groupId?: string): void;
      logger?: Logger;
    },
  ) {}

  notify(notification: AppNotification): void {
    const { Notification, platform } = this.deps;
    if (!Notification.isSupported()) {
      this.deps.logger?.info('notification not shown: the OS does not support notifications', { kind: notification.kind });
      return;
    }
    const buttons = platform === 'darwin' || platform === 'win32';
    const action = notification.action;
    const shown = new Notification({
      title: notification.title,
      body: notification.body,
      silent: notification.kind === 'approval-granted',
      // Critical stays on screen until dismissed (Linux, Windows): only for "your access ends soon".
      urgency: notification.kind === 'expiring-soon' ? 'critical' : 'normal',
      ...(buttons && action ? { actions: [{ type: 'button' as const, text: action.label }] } : {}),
    });
    const open = () => this.deps.openAccess(action?.groupId);
    shown.on('click', open);
    shown.on('action', open);
    const release = () => this.#live.delete(shown);
    shown.on('close', release);
    shown.on('failed', release);
    this.#live.add(shown);
    shown.show();
  }
}
