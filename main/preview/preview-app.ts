import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startSandbox, type RunningSandbox } from '../../sandbox/server.js';
import { KeyringSecretStore } from '../adapters/keyring.secret-store.js';
import { createAppCore, type AppCore } from '../core/app-core.js';
import { assertSandboxOnly } from '../core/core-settings.js';
import { AppError } from '../services/errors.js';
import { FileLogger } from '../adapters/file-logger.js';
import { resolveAppPaths } from '../services/paths/app-paths.js';
import type { AppNotification } from '../services/ports/notifier.js';
import { SystemClock } from '../adapters/system-clock.js';
import { SettingsService } from '../services/settings/settings.service.js';
import { PageClipboard } from './page-clipboard.js';
import { PageLink } from './page-link.js';
import { PreviewSaveLocation } from './preview-save-location.js';
import { PreviewOpenLocation } from './preview-open-location.js';
import { startPreviewServer, type PreviewServer } from './preview-server.js';
import { RendererFiles } from './renderer-files.js';
import { isLoopbackUrl } from '../security/loopback.js';
import { scopedLogger, type LogArea } from '../services/logging/scoped-logger.js';
import type { Logger } from '../services/ports/logger.js';

/** Options of `startPreview`. */
export interface PreviewOptions {
  /** Holds `sandbox/` (CA, state) and `app/` (settings, favourites, journal, logs) of the preview. */
  stateDir: string;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  port?: number;
  /**
   * Start the sandbox from its seed again. The preview's sign-ins (their refresh tokens belong to the
   * old sandbox state) and pending PIM requests go with it; journal and favourites stay.
   */
  reset?: boolean;
  /** Where OS-notification texts go (default: stderr). */
  notify?: (notification: AppNotification) => void;
  /**
   * A sandbox already running (tests: two preview sessions, requester and approver, on one tenant).
   * The preview then neither starts nor closes one; `reset` applies to the preview's own state only.
   */
  sandbox?: RunningSandbox;
  /** How often the approver's inbox is re-read (default 60 s). */
  approvalPollMs?: number;
  /** Where saved certificates and PFX files go (there is no save dialog in a browser page; default `<stateDir>/downloads`). */
  saveDir?: string;
  /** Where the preview takes files to import from (no file dialog in a browser page); default `<state-dir>/imports`. */
  importDir?: string;
}

/** A running preview: the sandbox, the core and the server. */
export interface RunningPreview {
  readonly url: string;
  readonly sandbox: RunningSandbox;
  readonly core: AppCore;
  readonly server: PreviewServer;
  close(): Promise<void>;
}


/**
 * `npm run preview` without the command line: the same core services and IPC handler table as the
 * desktop app, in Node, against the bundled sandbox only. The process must already trust the
 * sandbox CA (NODE_EXTRA_CA_CERTS = `<stateDir>/sandbox/ca.pem`; preview-cli.ts arranges it).
 *
 * Refuses real tenants twice: the settings are checked before anything starts, and the core is
 * built with `sandboxOnly` (so a policy file that forces a real tenant is refused as well).
 */
export async function startPreview(options: PreviewOptions): Promise<RunningPreview> {
  const stateDir = resolve(options.stateDir);
  const appDir = join(stateDir, 'app');
  const clock = new SystemClock();
  const logger = new FileLogger({ dir: join(appDir, 'logs'), clock });
  // One logger per area (scopedLogger): createAppCore scopes its services' loggers itself.
  const log = (area: LogArea): Logger => scopedLogger(logger, area);
  const paths = {
    settingsFile: join(appDir, 'settings.json'),
    favouritesFile: join(appDir, 'favourites.json'),
    pendingRequestsFile: join(appDir, 'pending-requests.json'),
    journalDir: join(appDir, 'journal'),
    // The machine's admin policy still applies (the preview is a development tool: JIT_VAULT_POLICY_FILE overrides it).
    policyFile: resolveAppPaths({ developmentBuild: true }).policyFile,
  };
  const loaded = await new SettingsService({ settingsFile: paths.settingsFile, policyFile: paths.policyFile, logger: log('settings') }).load();
  if (loaded.mode === 'configured') assertSandboxOnly(loaded.effective.settings);

  const renderer = await RendererFiles.open(options.rendererDir);
  if (options.reset) rmSync(paths.pendingRequestsFile, { force: true });
  const ownSandbox = options.sandbox === undefined;
  const sandbox = options.sandbox ?? (await startSandbox({ stateDir: join(stateDir, 'sandbox'), ...(options.reset ? { reset: true } : {}) }));
  const closeSandbox = async () => {
    if (ownSandbox) await sandbox.close();
  };
  const page = new PageLink(log('preview'));
  const openInPage = async (url: string) => {
    if (!page.send({ t: 'open', url })) {
      throw new AppError('unknown', 'No JIT Vault preview page is open to show this page in. Open the link `npm run preview` printed, then try again.');
    }
  };
  const notify = options.notify ?? ((n: AppNotification) => void process.stderr.write(`[notification] ${n.title}: ${n.body}\n`));
  let created: AppCore | undefined;
  try {
    created = await createAppCore({
      clock,
      // Its own keychain service per state directory: previews never share sign-ins with the app or each other.
      secretStore: new KeyringSecretStore({ service: `JIT Vault preview ${createHash('sha256').update(stateDir).digest('hex').slice(0, 12)}`, logger: log('keychain') }),
      clipboard: new PageClipboard(page),
      notifier: { notify },
      logger,
      // Sign-in pages are the sandbox's own loopback https pages; nothing else is opened for sign-in.
      openBrowser: async (url) => {
        if (!isLoopbackUrl(url)) throw new AppError('unknown', 'The browser preview only opens the local sandbox sign-in page.');
        await openInPage(url);
      },
      // Item links open from the page (the browser hands rdp:/ssh: to the OS); main built and checked them.
      shell: {
        openExternal: openInPage,
        openItemLink: openInPage,
        // The page is both windows: "Open the access window" and Esc (hide the quick lookup) are played there.
        openMain: (tab, focus) => void page.send({ t: 'view', view: 'main', ...(tab ? { tab } : {}), ...(focus ? { section: focus.section } : {}) }),
        hidePopup: () => void page.send({ t: 'view', view: 'closed' }),
      },
      paths,
      saveLocation: new PreviewSaveLocation(resolve(options.saveDir ?? join(stateDir, 'downloads'))),
      openLocation: new PreviewOpenLocation(resolve(options.importDir ?? join(stateDir, 'imports'))),
      platform: 'browser-preview',
      demoSandbox: async () => ({ info: sandbox.info, seed: sandbox.context.store.data }),
      sandboxOnly: true,
      ...(options.approvalPollMs ? { tuning: { approvals: { pollIntervalMs: options.approvalPollMs } } } : {}),
    });
    if (options.reset) {
      await created.started;
      for (const account of await created.auth.accounts()) await created.signOut(account.accountId);
    }
  } catch (error) {
    await created?.dispose();
    await closeSandbox();
    throw error;
  }
  const core = created;
  let server: PreviewServer;
  try {
    server = await startPreviewServer({ core, page, renderer, logger: log('preview'), ...(options.port !== undefined ? { port: options.port } : {}) });
  } catch (error) {
    await core.dispose();
    await closeSandbox();
    throw error;
  }
  core.approvals.start();
  void core.started.then(() => core.expiry.start());
  log('preview').info('preview started', { port: server.port, mode: core.mode });

  let closing: Promise<void> | undefined;
  return {
    url: server.url,
    sandbox,
    core,
    server,
    close: () =>
      (closing ??= (async () => {
        await core.dispose();
        await server.close();
        await closeSandbox();
      })()),
  };
}
