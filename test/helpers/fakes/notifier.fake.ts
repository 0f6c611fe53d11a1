import type { AppNotification, Notifier } from '../../../main/services/ports/notifier.js';

/** Records every notification the services ask for. */
export class FakeNotifier implements Notifier {
  readonly notifications: AppNotification[] = [];

  notify(notification: AppNotification): void {
    this.notifications.push(notification);
  }

  /** Notifications of one kind, in order. */
  ofKind(kind: AppNotification['kind']): AppNotification[] {
    return this.notifications.filter((n) => n.kind === kind);
  }
}
