import { dirname, join } from 'node:path';
import { AuthService } from '../services/auth/auth.service.js';
import { parseAccountId } from '../services/auth/account-id.js';
import { CatalogCache } from '../services/catalog-cache/catalog-cache.js';
import { CertificateService } from '../services/certificates/certificate.service.js';
import { CertificateImport } from '../services/certificates/certificate-import.js';
import { CertificateExport } from '../services/certificates/certificate-export.js';
import { CertificateOfficer } from '../services/certificates/certificate-officer.js';
import { CertificateKeyCopy } from '../services/certificates/certificate-key-copy.js';
import { ClipboardPolicy } from '../services/clipboard/clipboard-policy.js';
import { AppError } from '../services/errors.js';
import { AuditJournal, describeVerification } from '../services/journal/audit-journal.js';
import { FilePendingRequestStore } from '../services/pim/pending-requests.store.js';
import { PimGraphApi } from '../services/pim/pim-graph.api.js';
import { PimService } from '../services/pim/pim.service.js';
import { GrantLiveness } from '../services/pim/grant-liveness.js';
import { ApprovalService } from '../services/pim/approval.service.js';
import { TeamAwareness } from '../services/pim/team-awareness.js';
import { ExpiryAlerts } from '../services/expiry/expiry-alerts.js';
import { FileExpiryNoticeStore } from '../services/expiry/expiry-notice-store.js';
import { ExpiryService } from '../services/expiry/expiry.service.js';
import { SecretExpirySource } from '../services/expiry/secret-expiry-source.js';
import { CertificateExpirySource } from '../services/expiry/certificate-expiry-source.js';
import { AccessSession } from '../services/session/access-session.js';
import { LockRequestFile } from '../services/session/lock-request-file.js';
import { TypedEmitter } from '../services/events/typed-emitter.js';
import { FavouritesFile } from '../services/settings/favourites-file.js';
import { SettingsService } from '../services/settings/settings.service.js';
import { VaultService } from '../services/vault/vault.service.js';
import { AccountAccess } from './account-access.js';
import { ActivationHistory } from './activation-history.js';
import type { AppCore, AppCoreDeps, AppCoreEvents, AppShell } from './app-core.types.js';
import { BackgroundTasks } from './background-tasks.js';
import { CoreSettings, assertSandboxOnly } from './core-settings.js';
import { freshSignInPresence } from './fresh-sign-in-presence.js';
import { lockReasonText } from '../services/session/session.types.js';
import { scopedLogger, type LogArea } from '../services/logging/scoped-logger.js';
import type { Logger } from '../services/ports/logger.js';
import { recentKeys } from '../../shared/domain/recent-keys.js';

export type { AppCore, AppCoreDeps, AppCoreEvents, AppShell, DemoSandbox, UiSettingsChange } from './app-core.types.js';

const DEFAULT_GRAPH = 'https://graph.microsoft.com';

/**
 * Builds the whole application core from ports, in one place (CONVENTIONS §4: the composition
 * root stays thin because this does the wiring): settings (demo or configured), auth, audit
 * journal, clipboard policy, access session, vault catalog, PIM engine. Electron's main/index.ts
 * and the browser preview both call this; neither builds a service itself.
 *
 * Settings changes reach services that fixed a number at construction through getters on their
 * deps objects (`clearAfterMs`, `warnBeforeExpiryMs`, which those services read on every use).
 * The idle-lock timeout is captured by AccessSession's IdleMonitor at construction: a change applies
 * from the next start.
 */
export async function createAppCore(deps: AppCoreDeps): Promise<AppCore> {
  const { clock } = deps;
  // One logger per area (every line says where it came from): the services below each get theirs.
  const log = (area: LogArea): Logger => scopedLogger(deps.logger, area);
  const logger = log('core');
  const settingsService = new SettingsService({ settingsFile: deps.paths.settingsFile, policyFile: deps.paths.policyFile, ...(deps.policySource ? { policySource: deps.policySource } : {}), logger: log('settings') });
  const configuredLoopback = deps.sandboxOnly === true || deps.allowLoopbackEndpoints === true;
  const settings = await CoreSettings.load(settingsService, deps.demoSandbox, { allowLoopback: configuredLoopback });
  if (deps.sandboxOnly) assertSandboxOnly(settings.effective.settings);
  // Which hosts may receive tokens: Microsoft's clouds; loopback only in demo mode (and where the caller allows it).
  const endpoints = { allowLoopback: settings.mode === 'demo' || configuredLoopback };
  const initial = settings.effective.settings;
  const timeouts = () => settings.effective.settings.timeouts;
  const vaults = () => settings.effective.settings.vaults;

  const auth = await AuthService.create({
    tenants: initial.tenants,
    secretStore: deps.secretStore,
    logger: log('auth'),
    clock,
    useBroker: initial.useBroker,
    openBrowser: (url) => deps.openBrowser(url),
    ...(deps.windowHandle ? { windowHandle: deps.windowHandle } : {}),
    endpoints,
    ...deps.tuning?.auth,
  });
  const journal = new AuditJournal({ dir: deps.paths.journalDir, clock, logger: log('journal'), keychain: deps.secretStore });
  const clipboard = new ClipboardPolicy({
    clipboard: deps.clipboard,
    clock,
    logger: log('clipboard'),
    get clearAfterMs() {
      return timeouts().clipboardSeconds * 1000;
    },
  });
  const session = new AccessSession({
    clock,
    ...(deps.power ? { power: deps.power } : {}),
    clipboardPolicy: clipboard,
    tokens: auth,
    notifier: deps.notifier,
    journal,
    logger: log('session'),
    get warnBeforeExpiryMs() {
      return timeouts().warnBeforeExpiryMinutes * 60_000;
    },
    idleLockMs: initial.timeouts.idleLockMinutes * 60_000,
    ...deps.tuning?.session,
  });
  const catalogCache = new CatalogCache({ file: deps.paths.catalogCacheFile ?? join(dirname(deps.paths.favouritesFile), 'catalog-cache.bin'), secrets: deps.secretStore, logger: log('vault') });
  const vault = new VaultService({
    vaults: initial.vaults,
    tokens: auth,
    accounts: auth,
    session,
    clipboard,
    journal,
    favourites: new FavouritesFile({ file: deps.paths.favouritesFile, logger: log('vault') }),
    clock,
    revealSeconds: () => timeouts().revealSeconds,
    logger: log('vault'),
    cache: catalogCache,
    // The cache's first screen keeps the recently used items (the popup shows them after the favourites).
    recents: async () => {
      const signedIn = new Set((await auth.accounts()).map((a) => a.accountId));
      return recentKeys((await journal.read(50, (record) => record.account !== undefined && signedIn.has(record.account))).reverse());
    },
    endpoints,
    // Bound below, once PimService exists: a value read first asks Graph whether the activation is live.
    liveness: { assertLive: (name): Promise<void> => liveness.assertLive(name) },
    // The organisation's tag names (settings file, or the admin policy): read once at start, like the vault list.
    ...(initial.tagConvention ? { tagConvention: initial.tagConvention } : {}),
    ...(deps.tuning?.vaultClient ? { client: deps.tuning.vaultClient } : {}),
  });
  const certificates = new CertificateService({
    vaults: initial.vaults,
    tokens: auth,
    accounts: auth,
    session,
    clock,
    logger: log('certificates'),
    endpoints,
    ...(deps.tuning?.certificateClient ? { client: deps.tuning.certificateClient } : {}),
  });
  const certificateExport = new CertificateExport({ certificates, session, journal, logger: log('certificates'), ...(deps.saveLocation ? { saveLocation: deps.saveLocation } : {}) });
  const certificateOfficer = new CertificateOfficer({ certificates, journal, logger: log('certificates') });
  // Bound to the liveness check below, as the vault's copies are: a live activation is asked for first.
  const certificateKeyCopy = new CertificateKeyCopy({ certificates, session, clipboard, journal, logger: log('certificates'), liveness: { assertLive: (name): Promise<void> => liveness.assertLive(name) } });
  await vault.init();
  // Warm start: the last catalog's metadata is on screen before any network answer.
  await vault.restoreCache();

  const graphs = new Map<string, PimGraphApi>();
  const tenantOf = (accountId: string): string => {
    const tenantId = parseAccountId(accountId)?.tenantId;
    if (!tenantId) throw new AppError('not-signed-in', 'This account is not signed in to JIT Vault. Sign in again.');
    return tenantId;
  };
  const pending = new FilePendingRequestStore(deps.paths.pendingRequestsFile);
  const graphFor = (accountId: string): PimGraphApi => {
    let graph = graphs.get(accountId);
    if (!graph) {
      const tenantId = tenantOf(accountId);
      const tenant = settings.effective.settings.tenants.find((t) => t.tenantId === tenantId);
      if (!tenant) throw new AppError('settings-invalid', `The tenant of this account (${tenantId}) is not configured in JIT Vault's settings ("tenants").`);
      graph = new PimGraphApi({ accountId, baseUrl: tenant.graphBaseUrl ?? DEFAULT_GRAPH, endpoints }, auth);
      graphs.set(accountId, graph);
    }
    return graph;
  };
  const pim = new PimService({
    clock,
    tokens: auth,
    graphFor,
    tenantOf,
    vaults: initial.vaults,
    // Readiness probes must work while the vault is still locked: VaultService.probe does not assert the session.
    prober: { probe: (vaultName, accountId) => vault.probe(vaultName, accountId) },
    session,
    pending,
    journal,
    notifier: deps.notifier,
    logger: log('pim'),
    ...deps.tuning?.pim,
  });

  const liveness = new GrantLiveness({ clock, session, activeActivations: (accountId): ReturnType<PimService['activeActivations']> => pim.activeActivations(accountId), logger: log('pim'), ...deps.tuning?.liveness });

  const approvals = new ApprovalService({
    clock,
    graphFor,
    tenantOf,
    accounts: async () => (await auth.accounts()).map((a) => ({ accountId: a.accountId, username: a.username })),
    vaultsOf: (groupId) => pim.vaultsOf(groupId),
    journal,
    notifier: deps.notifier,
    logger: log('approvals'),
    ...deps.tuning?.approvals,
  });
  const team = new TeamAwareness({ graphFor, now: () => clock.now(), logger: log('approvals') });
  const expiry = new ExpiryService({
    clock,
    logger: log('expiry'),
    sources: [new SecretExpirySource(vault.snapshot), new CertificateExpirySource(certificates)],
    vaults,
    tenants: () => settings.effective.settings.tenants,
    alerts: new ExpiryAlerts({
      notifier: deps.notifier,
      store: new FileExpiryNoticeStore({ file: join(dirname(deps.paths.favouritesFile), 'expiry-notices.json'), logger: log('expiry') }),
      logger: log('expiry'),
      thresholdsDays: () => settings.effective.settings.expiryNotices.thresholdsDays,
      enabled: () => settings.effective.settings.expiryNotices.enabled,
    }),
  });

  const history = new ActivationHistory(pending);
  const offPim = pim.on('activation', (event) => history.record(event));
  const events = new TypedEmitter<AppCoreEvents>(logger);
  const background = new BackgroundTasks(logger);
  const access = new AccountAccess({ auth, session, vault, certificates, pim, journal, vaults, openBrowser: (url) => deps.openBrowser(url), events, background, logger });
  const offAuth = [
    auth.on('signed-out', (event) => graphs.delete(event.accountId)),
    // A certificate listing refused before this tenant's account signed in (no token to ask with) is
    // tried again now: the expiry overview and its notifications need the certificates.
    auth.on('signed-in', (event) => {
      const tenant = event.account.tenantId;
      const failed = new Set(certificates.catalog().vaults.filter((v) => v.listing === 'failed').map((v) => v.vault));
      const retry = vaults().filter((v) => v.tenantId === tenant && failed.has(v.name)).map((v) => v.name);
      if (retry.length > 0) void certificates.refresh(retry);
    }),
    auth.on('keychain-status', () => events.emit('state-changed', {})),
  ];

  // The journal is checked once at start (keyed chain + keychain anchor): a cut tail, deleted files
  // or a rewrite are reported in the log, a notification and the History tab (app:getState).
  let journalProblem: string | undefined;
  const journalChecked = journal
    .verify()
    .then((result) => {
      if (result.ok) return;
      journalProblem = describeVerification(result);
      logger.error('Audit journal failed its start-up check', { reason: result.reason ?? 'unknown', lines: result.lines });
      if (result.reason !== 'unverifiable') deps.notifier.notify({ kind: 'failed', title: 'Audit journal changed', body: journalProblem });
      events.emit('state-changed', {});
    })
    .catch((error: unknown) => logger.warn('audit journal check failed', { error: error instanceof Error ? error.name : 'unknown' }));

  const shell: AppShell = {
    openExternal: deps.shell?.openExternal ?? ((url) => deps.openBrowser(url)),
    hidePopup: deps.shell?.hidePopup ?? (() => undefined),
    openMain: deps.shell?.openMain ?? (() => undefined),
  };

  // Accounts restored from the keychain: their access re-opens as on sign-in (standing vaults, PIM resume).
  const started = access.openAccess({ refresh: deps.listAtStart ?? true }).catch((error: unknown) => {
    logger.warn('re-opening access at start failed', { error: error instanceof Error ? error.name : 'unknown' });
  });

  // `jit-vault lock` from a script or another terminal: lock everything here too (clipboard cleared if ours).
  const stopLockWatch = deps.paths.lockRequestFile
    ? new LockRequestFile(deps.paths.lockRequestFile, logger).watch(clock, clock.now(), async () => {
        logger.info('lock requested by the command line');
        await session.lock('all', 'manual');
        events.emit('state-changed', {});
      })
    : () => undefined;

  const certificateImport = new CertificateImport({ certificates, journal, clock, logger: log('certificates'), ...(deps.openLocation ? { openLocation: deps.openLocation } : {}) });

  let disposed: Promise<void> | undefined;
  const core: AppCore = {
    mode: settings.mode,
    platform: deps.platform,
    demoTenantName: settings.demoTenantName,
    auth,
    journal,
    clipboard,
    session,
    vault,
    certificates,
    certificateExport,
    certificateOfficer,
    certificateKeyCopy,
    catalogCache,
    pim,
    certificateImport,
    approvals,
    team,
    expiry,
    shell,
    started,
    effective: () => settings.effective,
    desktopNotices: () => [...(deps.desktopNotices?.() ?? [])],
    journalProblem: () => journalProblem,
    signIn: (tenantId, method) => access.signIn(tenantId, method),
    cancelSignIn: () => access.cancelSignIn(),
    signOut: (accountId) => access.signOut(accountId),
    async reopenAccess() {
      const reason = session.presenceRequired;
      if (reason) {
        const check = deps.presence ?? freshSignInPresence({ auth, openBrowser: (url) => deps.openBrowser(url), logger });
        const result = await check.confirm('unlock JIT Vault');
        if (result !== 'present') {
          throw new AppError('cancelled', `JIT Vault stays locked: it was locked (${lockReasonText[reason]}), and unlocking needs you to confirm it is you${check.method === 'touch-id' ? ' with Touch ID' : ' by signing in again'}. Try again.`);
        }
        session.confirmPresence();
        // Journalled as the (first) signed-in account's — the one a fresh sign-in confirms — so it is in that user's History.
        const [present] = await auth.accounts();
        void journal.append({ action: 'sign-in', outcome: 'ok', ...(present ? { account: present.accountId } : {}), detail: `presence confirmed (${check.method})` }).catch(() => undefined);
      }
      await access.openAccess({ refresh: false });
    },
    pendingRequests: (accountId) => history.pending(accountId),
    async updateUiSettings(change) {
      const effective = await settings.update(change);
      events.emit('settings-changed', effective);
      events.emit('state-changed', {});
      return effective;
    },
    on: (event, listener) => events.on(event, listener),
    settled: async () => {
      await started;
      await journalChecked;
      await background.settled();
      await vault.settled();
      await certificates.settled();
    },
    dispose() {
      disposed ??= (async () => {
        access.cancelSignIn();
        stopLockWatch();
        pim.dispose(); // first: no flow may unlock while the rest shuts down
        certificateImport.forget(); // a chosen file holds a private key: overwritten, not left to the collector
        approvals.dispose();
        expiry.dispose();
        await session.dispose(); // locks everything ('quit'): clipboard cleared if ours, vault tokens dropped
        await clipboard.clearIfOurs({ reason: 'quit' });
        clipboard.dispose();
        vault.dispose();
        certificates.dispose();
        await vault.settled();
        await certificates.settled(); // a cancelled listing may still be finishing its token request (MSAL cache write)
        for (const off of offAuth) off();
        offPim();
        events.clear();
      })();
      return disposed;
    },
  };
  return core;
}
