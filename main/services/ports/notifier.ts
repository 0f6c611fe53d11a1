/** A desktop notification the services ask for; the platform adapter shows it. */
export interface AppNotification {
  kind: 'approval-needed' | 'approval-granted' | 'ready' | 'expiring-soon' | 'locked' | 'denied' | 'failed';
  title: string;
  body: string;
  /** Optional action the notification offers, e.g. extend an activation. */
  action?: { id: 'extend' | 'open'; label: string; groupId?: string };
}

/** Shows OS notifications. */
export interface Notifier {
  notify(notification: AppNotification): void;
}
