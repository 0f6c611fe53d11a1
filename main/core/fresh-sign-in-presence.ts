import type { AuthService } from '../services/auth/auth.service.js';
import type { Logger } from '../services/ports/logger.js';
import type { PresenceCheck, PresenceResult } from '../services/ports/presence.js';

/**
 * Presence by a fresh interactive sign-in of the signed-in account: `prompt=login` makes Entra ask
 * for the credential again even with a live session (through the OS broker where it is on — Windows
 * Hello on Windows). The account that signs in must be the one already signed in; anyone else, a
 * cancel or a failure is not presence.
 */
export function freshSignInPresence(deps: { auth: AuthService; openBrowser(url: string): Promise<void>; logger?: Logger }): PresenceCheck {
  return {
    method: 'fresh-sign-in',
    async confirm(): Promise<PresenceResult> {
      const [account] = await deps.auth.accounts();
      if (!account) return 'unavailable';
      try {
        const again = await deps.auth.signInInteractive(account.tenantId, { prompt: 'login', loginHint: account.username, openBrowser: (url) => deps.openBrowser(url) });
        return again.accountId === account.accountId ? 'present' : 'cancelled';
      } catch (error) {
        deps.logger?.warn('presence sign-in did not complete', { error: error instanceof Error ? error.name : 'unknown' });
        return 'cancelled';
      }
    },
  };
}
