import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MemorySecretStore } from '../helpers/fakes/secret-store.fake.js';
import { createAppCore, type AppCore, type AppCoreDeps } from '../../main/core/app-core.js';
import { FileLogger } from '../../main/adapters/file-logger.js';
import type { ActivationEvent } from '../../main/services/pim/pim.types.js';
import type { Clock } from '../../main/services/ports/clock.js';
import type { SecretStore } from '../../main/services/ports/secret-store.js';
import { SystemClock } from '../../main/adapters/system-clock.js';
import type { SeedLike } from '../../main/services/settings/demo-settings.js';
import type { ReadyInfo } from '../../sandbox/ready-info.js';
import { FakeClipboard } from '../helpers/fakes/clipboard.fake.js';
import { FakeNotifier } from '../helpers/fakes/notifier.fake.js';
import { browseSignIn } from '../helpers/msal.js';

/**
 * The composed application core (createAppCore, demo mode) against a sandbox, as the fault tests,
 * the leak scan and the activation benchmark drive it: real msal-node, Graph client and Key Vault
 * SDK; settings, journal, log, pending requests and favourites as real files under `dir`. Only the
 * OS clipboard and notifications are fakes. Not a test file.
 */

/** The demo seed's groups and vaults the tests use. */
export const DEMO = {
  workstations: { groupId: '50ed3b25-c81d-4e62-b2eb-8511a2784e34', vault: 'kv-contoso-workstations' },
  network: { groupId: '37b957ba-ce5c-4227-ac28-66f41c3e8352', vault: 'kv-contoso-network' },
  servers: { groupId: '480ca4e5-1d02-4348-9047-4c462899391c', vault: 'kv-contoso-servers' },
  helpdesk: 'alex.helpdesk@contoso-it.example',
  officer: 'sara.admin@contoso-it.example',
} as const;

/** Where the sandbox is: its ready JSON, and its seed or state for the PIM group ↔ vault mapping. */
export interface HarnessSandbox {
  info: ReadyInfo;
  seed: SeedLike;
}

/** Options of `startApp`. */
export interface AppHarnessOptions {
  /** Returns the sandbox to use (read on every start, so a restarted sandbox's new admin key is seen). */
  sandbox: () => HarnessSandbox;
  /** The app's data directory (settings, journal, logs, pending requests, favourites). */
  dir: string;
  /** The OS keychain; default an in-memory store (not shared between starts unless passed again). */
  secretStore?: SecretStore;
  clock?: Clock;
  /** Who signs in when the sign-in page opens (default the helpdesk user). */
  username?: string;
  tuning?: AppCoreDeps['tuning'];
}

/** A running app core and what the tests watch of it. */
export interface AppHarness {
  readonly core: AppCore;
  readonly logger: FileLogger;
  readonly clipboard: FakeClipboard;
  readonly notifier: FakeNotifier;
  /** Every activation event of this run, in order. */
  readonly activations: ActivationEvent[];
  /** Signs the user in through the browser flow and returns the account id. */
  signIn(): Promise<string>;
  /** The id of the (first) signed-in account. */
  accountId(): Promise<string>;
  /**
   * Resolves with the first event of `requestId` (any request when undefined) in `phase`, including
   * one already seen; rejects on a terminal phase that is not the one awaited, or after `timeoutMs`.
   */
  waitForPhase(requestId: string | undefined, phase: ActivationEvent['phase'], timeoutMs?: number): Promise<ActivationEvent>;
  /** Disposes the core (locks everything, clears our clipboard copy). */
  stop(): Promise<void>;
}

const TERMINAL = new Set(['Ready', 'Denied', 'Failed', 'Canceled', 'Revoked', 'Expired', 'TimedOut']);

/** Paths of the app's files under `dir`. */
export function appPaths(dir: string) {
  return {
    settingsFile: join(dir, 'settings.json'),
    policyFile: join(dir, 'policy.json'),
    favouritesFile: join(dir, 'favourites.json'),
    pendingRequestsFile: join(dir, 'pending-requests.json'),
    journalDir: join(dir, 'journal'),
    logDir: join(dir, 'logs'),
  };
}

/** Starts the app core against the sandbox: demo mode, or configured when `dir` holds a settings file. */
export async function startApp(options: AppHarnessOptions): Promise<AppHarness> {
  mkdirSync(options.dir, { recursive: true });
  const clock = options.clock ?? new SystemClock();
  const paths = appPaths(options.dir);
  const logger = new FileLogger({ dir: paths.logDir, clock });
  const clipboard = new FakeClipboard();
  const notifier = new FakeNotifier();
  const username = options.username ?? DEMO.helpdesk;
  const user = () => {
    const { info } = options.sandbox();
    const found = info.users.find((u) => u.username === username && u.tenantId === info.tenantId);
    if (!found) throw new Error(`no sandbox user ${username}`);
    return found;
  };
  const core = await createAppCore({
    clock,
    secretStore: options.secretStore ?? new MemorySecretStore(),
    clipboard,
    notifier,
    logger,
    openBrowser: async (url) => void (await browseSignIn(url, user())),
    paths,
    platform: 'linux',
    demoSandbox: async () => options.sandbox(),
    tuning: { ...options.tuning, auth: { loadBroker: async () => undefined, ...options.tuning?.auth } },
  });
  const activations: ActivationEvent[] = [];
  core.pim.on('activation', (event) => activations.push(event));

  const accountId = async () => {
    const [account] = await core.auth.accounts();
    if (!account) throw new Error('nobody is signed in');
    return account.accountId;
  };

  return {
    core,
    logger,
    clipboard,
    notifier,
    activations,
    async signIn() {
      return (await core.signIn(options.sandbox().info.tenantId, 'browser')).accountId;
    },
    accountId,
    waitForPhase(requestId, phase, timeoutMs = 30_000) {
      const matches = (e: ActivationEvent) => requestId === undefined || e.requestId === requestId;
      return new Promise((resolve, reject) => {
        const check = (e: ActivationEvent): boolean => {
          if (!matches(e)) return false;
          if (e.phase === phase) resolve(e);
          else if (TERMINAL.has(e.phase)) reject(new Error(`activation ended ${e.phase} (${e.errorCode ?? ''}: ${e.detail ?? ''}) while waiting for ${phase}`));
          else return false;
          return true;
        };
        if (activations.some(check)) return;
        const timer = setTimeout(() => {
          off();
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${phase}; phases so far: ${activations.filter(matches).map((e) => e.phase).join(', ')}`));
        }, timeoutMs);
        const off = core.pim.on('activation', (e) => {
          if (check(e)) {
            clearTimeout(timer);
            off();
          }
        });
      });
    },
    stop: () => core.dispose(),
  };
}
