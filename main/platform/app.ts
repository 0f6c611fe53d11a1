import { app } from 'electron';

/**
 * Starts the Electron application: one instance only, then waits for `ready`. The tray, the
 * window (with its security options written out as literals), the `app://` protocol and the IPC
 * handlers are added here by the platform work; services are built in main/index.ts.
 */
export async function startApp(): Promise<void> {
  // A second launch must not start a second tray and token cache; the first instance keeps running.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
}
