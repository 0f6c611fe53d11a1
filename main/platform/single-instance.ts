/** The part of Electron's app the lock uses. */
export interface SingleInstanceApp {
  requestSingleInstanceLock(): boolean;
  quit(): void;
  on(event: 'second-instance', listener: (...args: unknown[]) => void): unknown;
}

/**
 * One JIT Vault per user session: a second tray and a second token cache would fight over the
 * keychain and the clipboard. The first instance keeps running; a second launch only brings up
 * its quick lookup. The second instance's argv and working directory are ignored on purpose — JIT
 * Vault registers no deep links, so nothing a launcher passes can steer it (security checklist,
 * "single-instance lock" and "no protocol handlers").
 * https://www.electronjs.org/docs/latest/api/app#apprequestsingleinstancelockadditionaldata
 *
 * @returns false in a second instance (it has been told to quit; start nothing).
 */
export function acquireSingleInstance(app: SingleInstanceApp, onSecondInstance: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => onSecondInstance());
  return true;
}
