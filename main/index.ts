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

startMainProcess({
  electron: loadElectron(),
  platform: process.platform,
  env: process.env,
  argv: process.argv,
  paths: resolveAppPaths(),
  trayHost: () => probeTrayHost(process.platform),
  demoSandbox: (options) => new DemoSandboxLauncher({ ...options, tls }),
});
