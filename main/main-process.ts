/**
 * The main process, composed (CONVENTIONS §4): Electron adapters → the app core (main/core) → IPC
 * through the dispatcher → tray and windows. main/index.ts calls it with the real Electron, the
 * process's platform and environment; test/shell calls it with the Electron model on each platform
 * profile. Everything Electron-specific lives in main/platform; this file only wires it.
 */
import { join } from 'node:path';
import { KeyringSecretStore } from './adapters/keyring.secret-store.js';
import { createAppCore, type AppCore } from './core/app-core.js';
import { ipcHandlers } from './ipc/handlers.js';
import { createIpcDispatcher } from './ipc/ipc-wrapper.js';
import { isTrustedFrame } from './security/app-origin.js';
import { FileLogger } from './adapters/file-logger.js';
import type { AppPaths } from './services/paths/app-paths.js';
import { SystemClock } from './adapters/system-clock.js';
import { applyAfterReady, applyAppIdentity, fileFlag, quitOnSystemShutdown } from './platform/app-identity.js';
import { hardenAfterReady, hardenBeforeReady, NavigationPolicies } from './platform/app-hardening.js';
import type { DemoSandboxLauncher, DemoSandboxLauncherOptions } from './platform/demo-sandbox.js';
import { DemoSignInWindow } from './platform/demo-sign-in-window.js';
import { detectDesktop } from './platform/desktop-environment.js';
import { DesktopShell } from './platform/desktop-shell.js';
import type { ElectronApi } from './platform/electron-api.js';
import { ElectronClipboard } from './platform/electron-clipboard.js';
import { ElectronPowerEvents } from './platform/electron-power-events.js';
import { openSignInPage } from './platform/safe-open-external.js';
import { runSelfTest, selfTestReportPath, writeSelfTestReport } from './platform/self-test.js';
import { Shutdown } from './platform/shutdown.js';
import { acquireSingleInstance } from './platform/single-instance.js';
import { touchIdPresence } from './platform/touch-id-presence.js';
import { ElectronSaveLocation } from './platform/electron-save-location.js';
import { ElectronOpenLocation } from './platform/electron-open-location.js';
import { appPolicySource } from './adapters/machine-policy.source.js';
import { scopedLogger, type LogArea } from './services/logging/scoped-logger.js';
import type { Logger } from './services/ports/logger.js';

/** What the main process is started with. */
export interface MainProcessDeps {
  electron: ElectronApi;
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  argv: readonly string[];
  paths: AppPaths;
  /** Whether tray icons are shown on this desktop (main/platform/tray-host.ts). */
  trayHost(): Promise<boolean | undefined>;
  /** The bundled demo sandbox launcher (demo mode only). */
  demoSandbox(options: Omit<DemoSandboxLauncherOptions, 'tls'>): DemoSandboxLauncher | Promise<DemoSandboxLauncher>;
}

/** Starts JIT Vault's main process (returns at once; start-up continues when Electron is ready). */
export function startMainProcess(deps: MainProcessDeps): void {
  const { electron, paths, platform } = deps;
  const { app } = electron;
  const clock = new SystemClock();
  const logger = new FileLogger({ dir: paths.logDir, clock });
  // One logger per area (scopedLogger): createAppCore scopes its services' loggers itself.
  const log = (area: LogArea): Logger => scopedLogger(logger, area);
  const desktop = detectDesktop(platform, deps.env);
  const selfTestReport = selfTestReportPath(deps.argv, join(paths.userDir, 'self-test.json'));
  let shell: DesktopShell | undefined;
  let core: AppCore | undefined;
  let demo: DemoSandboxLauncher | undefined;
  let quitReady = false;
  // Quit cannot hang: every step is raced against a timeout, the tray goes last (main/platform/shutdown.ts).
  const shutdown = new Shutdown({
    clock,
    logger: log('platform'),
    steps: () => [
      { name: 'lock', run: () => core?.session.lock('all', 'quit') },
      { name: 'core', run: () => core?.dispose() }, // clears our clipboard copy, flushes the journal
      { name: 'demo-sandbox', run: () => demo?.close() },
    ],
    last: () => shell?.dispose(),
  });

  if (acquireSingleInstance(app, () => shell?.bringUp())) {
    hardenBeforeReady(electron);
    applyAppIdentity(app, desktop);
    // A tray app keeps running with no window open (the default would quit on Windows and Linux).
    app.on('window-all-closed', () => undefined);
    app.on('activate', () => shell?.bringUp()); // macOS: a click on the Dock icon
    app.on('before-quit', (event) => {
      if (quitReady) return;
      event.preventDefault(); // lock, clear our clipboard copy and stop the sandbox first
      void shutdown.run().finally(() => {
        quitReady = true;
        app.quit();
      });
    });
    app.whenReady().then(start).catch(fail);
  }

  async function start(): Promise<void> {
    applyAfterReady(app, desktop);
    quitOnSystemShutdown(electron.powerMonitor, () => app.quit());
    const policies = new NavigationPolicies();
    const desktopShell = new DesktopShell({
      electron,
      clock,
      logger: log('platform'),
      platform,
      desktop,
      preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
      quit: () => app.quit(),
      isQuitting: () => shutdown.started,
      trayHost: () => deps.trayHost(),
      trayHint: fileFlag(join(paths.userDir, 'tray-hint-shown')),
      onSessionEnd: () => void shutdown.run(),
    });
    shell = desktopShell;
    hardenAfterReady({ app, defaultSession: electron.session.defaultSession, protocol: electron.protocol, rendererDir: join(import.meta.dirname, '../renderer'), policies, openExternal: (url) => void desktopShell.appShell.openExternal(url) });
    const launcher = await deps.demoSandbox({
      stateDir: join(paths.userDir, 'demo-sandbox'),
      seedPath: app.isPackaged ? join(process.resourcesPath, 'demo-seed.json') : join(app.getAppPath(), 'sandbox', 'seed', 'demo.json'),
      logger: log('platform'),
    });
    demo = launcher;
    const signIn = new DemoSignInWindow({ BrowserWindow: electron.BrowserWindow, fromPartition: (p) => electron.session.fromPartition(p), trust: () => launcher.trust, allowNavigation: (w, allowed) => policies.set(w.webContents, allowed) });
    core = await createAppCore({
      clock,
      secretStore: new KeyringSecretStore({ logger: log('keychain') }),
      clipboard: new ElectronClipboard({ clipboard: electron.clipboard, ClipboardItem: electron.ClipboardItem, platform, logger: log('clipboard') }),
      notifier: desktopShell.notifier,
      power: new ElectronPowerEvents(electron.powerMonitor, { platform, clock }),
      logger,
      openBrowser: (url) => (launcher.isSandboxUrl(url) ? signIn.open(url) : openSignInPage(electron.shell, url)),
      shell: desktopShell.appShell,
      paths,
      ...presenceOption(touchIdPresence(electron.systemPreferences, platform)),
      policySource: appPolicySource({ file: paths.policyFile, platform, developmentBuild: !app.isPackaged }),
      platform: platform === 'win32' || platform === 'darwin' ? platform : 'linux',
      demoSandbox: () => launcher.start(),
      windowHandle: () => desktopShell.nativeWindowHandle(),
      saveLocation: new ElectronSaveLocation({ dialog: electron.dialog, parent: () => desktopShell.dialogParent(), defaultDir: () => app.getPath('downloads') }),
      openLocation: new ElectronOpenLocation({ dialog: electron.dialog, parent: () => desktopShell.dialogParent(), defaultDir: () => app.getPath('downloads') }),
      desktopNotices: () => desktopShell.notices(),
    });
    await desktopShell.attach(core, createIpcDispatcher(ipcHandlers, core, { isTrustedSender: isTrustedFrame, logger: log('ipc') }));
    log('core').info('JIT Vault started', { mode: core.mode, packaged: app.isPackaged });
    if (selfTestReport) await selfTest(selfTestReport, desktopShell, core);
  }

  /** `--self-test`: tray, quick lookup open/close, lock, quit — then a JSON report and the exit code. */
  async function selfTest(path: string, desktopShell: DesktopShell, running: AppCore): Promise<void> {
    const steps = await runSelfTest(desktopShell.selfTestTarget(running), () => clock.sleep(500));
    const quit = await shutdown.run();
    steps.push({ name: 'quit', ok: quit.steps.every((s) => s.outcome === 'done'), detail: JSON.stringify(quit.steps) });
    const report = writeSelfTestReport(path, steps, process.versions.electron);
    quitReady = true;
    app.exit(report.ok ? 0 : 1);
  }

  /** Start-up failed (e.g. invalid settings): tell the user in words, log only the error's name, quit. */
  function fail(error: unknown): void {
    log('core').error('JIT Vault could not start', { error: error instanceof Error ? error.name : 'unknown' });
    electron.dialog.showErrorBox('JIT Vault could not start', error instanceof Error ? error.message : String(error));
    app.quit();
  }
}

/** Touch ID where there is one; otherwise the core's default (a fresh interactive sign-in). */
function presenceOption(check: ReturnType<typeof touchIdPresence>) {
  return check ? { presence: check } : {};
}
