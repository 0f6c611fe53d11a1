import type { SystemPreferences } from 'electron';
import type { PresenceCheck } from '../services/ports/presence.js';

/**
 * macOS Touch ID as the presence check (systemPreferences.promptTouchID, which resolves when the
 * user authenticated). Undefined where Touch ID cannot be prompted (no sensor, not enrolled, other
 * OS): the caller then falls back to a fresh interactive sign-in.
 */
export function touchIdPresence(preferences: Pick<SystemPreferences, 'canPromptTouchID' | 'promptTouchID'>, platform: NodeJS.Platform): PresenceCheck | undefined {
  if (platform !== 'darwin' || !preferences.canPromptTouchID()) return undefined;
  return {
    method: 'touch-id',
    confirm: (reason) => preferences.promptTouchID(reason).then(() => 'present' as const, () => 'cancelled' as const),
  };
}
