/**
 * "Is the user at the keyboard?" — asked before a lock the user or the OS caused (manual, idle,
 * screen lock, sleep) is lifted. Implementations: macOS Touch ID (main/platform/touch-id-presence.ts),
 * else a fresh interactive sign-in with prompt=login (core/fresh-sign-in-presence.ts), which on
 * Windows goes through the broker (WAM: Windows Hello or the password) when the broker is on.
 */
export type PresenceResult = 'present' | 'cancelled' | 'unavailable';

export interface PresenceCheck {
  /** How presence is confirmed, for the UI and docs. */
  readonly method: 'touch-id' | 'fresh-sign-in';
  /** Asks the user; never throws (a failure is 'cancelled' or 'unavailable'). */
  confirm(reason: string): Promise<PresenceResult>;
}
