/**
 * Composition root of the Electron main process (CONVENTIONS §4): Electron adapters → the app
 * core (main/core) → IPC through the dispatcher → tray and windows. Everything Electron-specific
 * lives in main/platform; this file only wires it.
 */
import tls from 'node:tls';
import { join } from 'node:path';
import { KeyringSecretStore } from './adapters/keyring.secret-store.js';
import { createAppCore, type AppCore } from './core/app-core.js';
import { ipcHandlers } from './ipc/handlers.js';
import { createIpcDispatcher } from './ipc/ipc-wrapper.js';
import { isTrustedFrame } from './security/app-origin.js';
import { FileLogger } from './adapters/file-logger.js';
import { resolveAppPaths } from './services/paths/app-paths.js';
import { SystemClock } from './adapters/system-clock.js';
import { hardenAfterReady, hardenBeforeReady, NavigationPolicies } from './platform/app-hardening.js';
import { DemoSandboxLauncher } from './platform/demo-sandbox.js';
import { DemoSignInWindow } from './platform/demo-sign-in-window.js';
import { DesktopShell } from './platform/desktop-shell.js';
import { loadElectron } from './platform/electron-api.js';
import { ElectronClipboard } from './platform/electron-clipboard.js';
import { ElectronPowerEvents } from './platform/electron-power-events.js';
import { openSignInPage } from './platform/safe-open-external.js';
import { acquireSingleInstance } from './platform/single-instance.js';

const electron = loadElectron();
const { app } = electron;
const clock = new SystemClock();
const paths = resolveAppPaths();
const logger = new FileLogger({ dir: paths.logDir, clock });
let shell: DesktopShell | undefined;
let core: AppCore | undefined;
let demo: DemoSandboxLauncher | undefined;
let quitting = false;

if (acquireSingleInstance(app, () => shell?.popup.show())) {
  hardenBeforeReady(electron);
  // A tray app keeps running with no window open (the default would quit on Windows and Linux).
  app.on('window-all-closed', () => undefined);
  app.on('activate', () => shell?.main.open()); // macOS: a click on the Dock icon
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault(); // lock, clear our clipboard copy and stop the sandbox first
    void shutDown().finally(() => app.quit());
  });
  app.whenReady().then(start).catch(fail);
}

async function start(): Promise<void> {
  const policies = new NavigationPolicies();
  const desktop = new DesktopShell({ electron, clock, logger, platform: process.platform, preloadPath: join(import.meta.dirname, '../preload/index.cjs'), quit: () => app.quit(), isQuitting: () => quitting });
  shell = desktop;
  hardenAfterReady({ app, defaultSession: electron.session.defaultSession, protocol: electron.protocol, rendererDir: join(import.meta.dirname, '../renderer'), policies, openExternal: (url) => void desktop.appShell.openExternal(url) });
  const launcher = new DemoSandboxLauncher({
    stateDir: join(paths.userDir, 'demo-sandbox'),
    seedPath: app.isPackaged ? join(process.resourcesPath, 'demo-seed.json') : join(app.getAppPath(), 'sandbox', 'seed', 'demo.json'),
    tls,
    logger,
  });
  demo = launcher;
  const signIn = new DemoSignInWindow({ BrowserWindow: electron.BrowserWindow, fromPartition: (p) => electron.session.fromPartition(p), trust: () => launcher.trust, allowNavigation: (w, allowed) => policies.set(w.webContents, allowed) });
  core = await createAppCore({
    clock,
    secretStore: new KeyringSecretStore({ logger }),
    clipboard: new ElectronClipboard({ clipboard: electron.clipboard, ClipboardItem: electron.ClipboardItem, platform: process.platform, logger }),
    notifier: desktop.notifier,
    power: new ElectronPowerEvents(electron.powerMonitor),
    logger,
    openBrowser: (url) => (launcher.isSandboxUrl(url) ? signIn.open(url) : openSignInPage(electron.shell, url)),
    shell: desktop.appShell,
    paths,
    platform: process.platform === 'win32' || process.platform === 'darwin' ? process.platform : 'linux',
    demoSandbox: () => launcher.start(),
  });
  await desktop.attach(core, createIpcDispatcher(ipcHandlers, core, { isTrustedSender: isTrustedFrame, logger }));
  logger.info('JIT Vault started', { mode: core.mode, packaged: app.isPackaged });
}

async function shutDown(): Promise<void> {
  shell?.dispose();
  await core?.dispose().catch(() => undefined);
  await demo?.close().catch(() => undefined);
}

/** Start-up failed (e.g. invalid settings): tell the user in words, log only the error's name, quit. */
function fail(error: unknown): void {
  logger.error('JIT Vault could not start', { error: error instanceof Error ? error.name : 'unknown' });
  electron.dialog.showErrorBox('JIT Vault could not start', error instanceof Error ? error.message : String(error));
  app.quit();
}
