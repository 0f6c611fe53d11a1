import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { cliKeychain } from './cli-keychain.js';
import { createAppCore, type AppCore } from '../main/core/app-core.js';
import { FileLogger } from '../main/adapters/file-logger.js';
import { scopedLogger } from '../main/services/logging/scoped-logger.js';
import { cliAllowsLoopback, cliPaths } from './cli-build.js';
import { SystemClock } from '../main/adapters/system-clock.js';
import { UsageError } from './cli-error.js';
import { openInBrowser } from './open-browser.js';

/** Options every user-session command shares. */
export interface UserCoreOptions {
  /** `--settings FILE`: the app's settings schema; default: the app's own settings file. */
  settings?: string;
  /** Where notices (device code, hints) go. */
  stderr: (text: string) => void;
}

/**
 * The app's own core for the command line: the same settings file (or `--settings`), the same OS
 * keychain entries (so signing in in one is signed in in the other), the same journal, pending
 * requests and log directory. What differs is only what a terminal has: no clipboard (the CLI never
 * copies), notices on stderr, and no catalog listing at start (commands list what they need).
 *
 * The CLI does not call `dispose()` on exit: dispose locks with reason "quit" and would journal a
 * lock line per vault on every invocation; the process's memory — where the vault tokens live —
 * ends with it instead.
 */
export async function openUserCore(options: UserCoreOptions): Promise<AppCore> {
  const paths = cliPaths();
  const settingsFile = options.settings ? resolve(options.settings) : paths.settingsFile;
  if (!existsSync(settingsFile)) {
    throw new UsageError(
      options.settings
        ? `The settings file ${settingsFile} does not exist.`
        : `JIT Vault has no settings file yet (${settingsFile}). Start the app once, ask your IT administrator for the settings file, or pass --settings FILE.`,
    );
  }
  const clock = new SystemClock();
  const logger = new FileLogger({ dir: paths.logDir, clock });
  return createAppCore({
    clock,
    secretStore: cliKeychain(scopedLogger(logger, 'keychain')),
    allowLoopbackEndpoints: cliAllowsLoopback(),
    // The CLI never writes the clipboard, so it never owns what is on it (a lock clears nothing here).
    clipboard: {
      writeText: () => Promise.reject(new Error('the command line does not use the clipboard')),
      readText: () => '',
      clear: () => undefined,
    },
    notifier: { notify: (n) => options.stderr(`${n.title}: ${n.body}\n`) },
    logger,
    openBrowser: (url) => openInBrowser(url),
    paths: { settingsFile, policyFile: paths.policyFile, favouritesFile: paths.favouritesFile, pendingRequestsFile: paths.pendingRequestsFile, journalDir: paths.journalDir },
    platform: process.platform === 'win32' || process.platform === 'darwin' ? process.platform : 'linux',
    listAtStart: false,
  });
}
