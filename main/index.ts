/**
 * Entry point of the Electron main process: the real Electron, this process's platform,
 * environment and paths, handed to the composition root (main/main-process.ts).
 */
import tls from 'node:tls';
import { startMainProcess } from './main-process.js';
import { resolveAppPaths } from './services/paths/app-paths.js';
import { DemoSandboxLauncher } from './platform/demo-sandbox.js';
import { loadElectron } from './platform/electron-api.js';
import { probeTrayHost } from './platform/tray-host.js';
import { exitOnDebugSwitches } from './security/debug-switches.js';

const electron = loadElectron();
const { app } = electron;
// Packaged builds refuse DevTools/inspector/sandbox-off switches before anything else (docs/security.md).
const allowed = exitOnDebugSwitches({ argv: process.argv, packaged: app.isPackaged, exit: (code) => app.exit(code), report: (m) => void process.stderr.write(m) });

if (allowed) {
  startMainProcess({
    electron,
    platform: process.platform,
    env: process.env,
    argv: process.argv,
    paths: resolveAppPaths({ developmentBuild: !app.isPackaged }),
    trayHost: () => probeTrayHost(process.platform),
    demoSandbox: (options) => new DemoSandboxLauncher({ ...options, tls }),
  });
}
