/** A desktop notification the services ask for; the platform adapter shows it. */
export interface AppNotification {
  kind: 'approval-needed' | 'approval-granted' | 'ready' | 'expiring-soon' | 'locked' | 'denied' | 'failed' | 'item-expiry';
  title: string;
  body: string;
  /** Optional action the notification offers, e.g. extend an activation. */
  action?: { id: 'extend' | 'open'; label: string; groupId?: string };
  /** The access window's tab a click opens (default: Access). `item-expiry` opens the expiry overview. */
  tab?: 'expiry';
}

/** Shows OS notifications. */
export interface Notifier {
  notify(notification: AppNotification): void;
}
