/** A desktop notification the services ask for; the platform adapter shows it. */
export interface AppNotification {
  kind: 'approval-needed' | 'approval-granted' | 'ready' | 'expiring-soon' | 'locked' | 'denied' | 'failed' | 'item-expiry';
  title: string;
  body: string;
  /** Optional action the notification offers, e.g. extend an activation. */
  action?: { id: 'extend' | 'open'; label: string; groupId?: string };
  /** The access window's tab a click opens (default: Access). `item-expiry` opens the expiry overview. */
  tab?: 'expiry';
  /**
   * A request waiting for the user's decision: a click opens it in the approvals panel; where the OS
   * has notification buttons, Approve and Deny open it there too, with that decision picked (the
   * panel still asks for the justification before anything is sent).
   */
  approval?: { requestId: string };
}

/** Shows OS notifications. */
export interface Notifier {
  notify(notification: AppNotification): void;
}
