import type { MainViewFocus } from '../../shared/domain/main-view-focus.js';
import type { AppStateDto, UiSettingsDto } from '../../shared/domain/types.js';
import type { AuthService, AuthServiceOptions, DeviceCodeInfo, SignedInAccount } from '../services/auth/auth.service.js';
import type { CertificateService } from '../services/certificates/certificate.service.js';
import type { CertificateImport } from '../services/certificates/certificate-import.js';
import type { CertificateExport } from '../services/certificates/certificate-export.js';
import type { CertificateOfficer } from '../services/certificates/certificate-officer.js';
import type { CertificateKeyCopy } from '../services/certificates/certificate-key-copy.js';
import type { SaveLocation } from '../services/ports/save-location.js';
import type { OpenLocation } from '../services/ports/open-location.js';
import type { CertificateClientTuning } from '../services/certificates/certificate-client.factory.js';
import type { ClipboardPolicy } from '../services/clipboard/clipboard-policy.js';
import type { AuditJournal } from '../services/journal/audit-journal.js';
import type { CatalogCache } from '../services/catalog-cache/catalog-cache.js';
import type { AppPaths } from '../services/paths/app-paths.js';
import type { PimService, PimServiceDeps } from '../services/pim/pim.service.js';
import type { ApprovalService, ApprovalServiceDeps } from '../services/pim/approval.service.js';
import type { TeamAwareness } from '../services/pim/team-awareness.js';
import type { GrantLivenessDeps } from '../services/pim/grant-liveness.js';
import type { ExpiryService } from '../services/expiry/expiry.service.js';
import type { Clipboard } from '../services/ports/clipboard.js';
import type { Clock } from '../services/ports/clock.js';
import type { Logger } from '../services/ports/logger.js';
import type { Notifier } from '../services/ports/notifier.js';
import type { PowerEvents } from '../services/ports/power-events.js';
import type { SecretStore } from '../services/ports/secret-store.js';
import type { AccessSession, AccessSessionDeps } from '../services/session/access-session.js';
import type { FollowedRequest } from './activation-history.js';
import type { DemoSandboxInfo, SeedLike } from '../services/settings/demo-settings.js';
import type { EffectiveSettings } from '../services/settings/effective-settings.js';
import type { PresenceCheck } from '../services/ports/presence.js';
import type { PolicySource } from '../services/settings/policy-source.js';
import type { SecretClientTuning } from '../services/vault/secret-client.factory.js';
import type { VaultService } from '../services/vault/vault.service.js';

/** The running sandbox demo mode points the app at (the caller starts it; main never imports sandbox code). */
export interface DemoSandbox {
  info: DemoSandboxInfo;
  /** The seed or the running state (`store.data`): which PIM group grants which vault. */
  seed: SeedLike;
}

/** Window-level actions the renderer may ask for; the Electron adapter implements them, the preview mostly ignores them. */
export interface AppShell {
  /** Opens an https link (the IPC handler has already checked it against the allowlist). */
  openExternal(url: string): Promise<void>;
  /**
   * Opens an item's link — its http(s) URL tag, or an rdp:// / ssh:// connect URI built in main
   * from its tags (never with a password) — with the OS's handler. Optional: shells without one
   * answer "not available".
   */
  openItemLink?(uri: string): Promise<void>;
  hidePopup(): void;
  /** Opens the access window, on a tab, optionally taking the user to the approvals panel. */
  openMain(tab?: 'access' | 'expiry' | 'certificates' | 'history' | 'settings', focus?: MainViewFocus): void;
}

/** Everything the core is built from: ports and adapters, never electron itself. */
export interface AppCoreDeps {
  clock: Clock;
  /** The OS keychain (KeyringSecretStore); unusable → sign-ins live in memory only. */
  secretStore: SecretStore;
  clipboard: Clipboard;
  notifier: Notifier;
  power?: PowerEvents;
  logger: Logger;
  /** Opens the interactive sign-in page (system browser; the preview's page). */
  openBrowser(url: string): Promise<void>;
  /** Defaults to `openBrowser` for external links and no-ops for the windows. */
  shell?: Partial<AppShell>;
  /**
   * `catalogCacheFile` absent: the catalog cache lives beside the favourites file.
   * `lockRequestFile` set: the core locks everything when `jit-vault lock` writes a request there.
   */
  paths: Pick<AppPaths, 'settingsFile' | 'policyFile' | 'favouritesFile' | 'pendingRequestsFile' | 'journalDir'> & Partial<Pick<AppPaths, 'catalogCacheFile' | 'lockRequestFile'>>;
  /** List every listable vault when access re-opens at start (default true; the command line lists only what it needs). */
  listAtStart?: boolean;
  platform: AppStateDto['platform'];
  /** The broker's parent window (the Electron shell's main window or popup). */
  windowHandle?: () => Buffer | undefined;
  /** What the desktop cannot do, for the UI's notices (tray missing, no capture protection, …). */
  desktopNotices?: () => readonly string[];
  /** Asks where to save a certificate or PFX (desktop: the OS save dialog); absent: saving is refused with a reason. */
  saveLocation?: SaveLocation;
  /** Asks which file to import (desktop: the OS open dialog); absent: importing is refused with a reason. */
  openLocation?: OpenLocation;
  /** Confirms the user is present before a user/OS lock is lifted; default: a fresh interactive sign-in (prompt=login). */
  presence?: PresenceCheck;
  /** Where the admin policy is read from (main/adapters/machine-policy.source.ts); default: `paths.policyFile` as a plain file. */
  policySource?: PolicySource;
  /**
   * Called (once) only when there is no settings file: starts or returns the bundled sandbox whose
   * demo tenant the app then uses. Without it, demo mode is an error.
   */
  demoSandbox?: () => Promise<DemoSandbox>;
  /** Refuse any tenant, Graph or vault endpoint that is not on loopback (the browser preview). */
  sandboxOnly?: boolean;
  /**
   * Configured settings may name loopback (sandbox) endpoints: development builds and tests only.
   * Demo mode always may; a packaged app leaves this unset, so its tokens only go to Microsoft's clouds.
   */
  allowLoopbackEndpoints?: boolean;
  /** Test and benchmark knobs; production leaves them unset. */
  tuning?: {
    auth?: Pick<AuthServiceOptions, 'loadBroker' | 'refreshMarginMs'>;
    vaultClient?: SecretClientTuning;
    certificateClient?: CertificateClientTuning;
    pim?: Pick<PimServiceDeps, 'readinessTimeoutMs' | 'syncIntervalMs'>;
    approvals?: Pick<ApprovalServiceDeps, 'pollIntervalMs'>;
    liveness?: Pick<GrantLivenessDeps, 'cacheMs'>;
    session?: Pick<AccessSessionDeps, 'watchdogIntervalMs' | 'clockJumpToleranceMs'>;
  };
}

/** Events of the core itself (the services have their own). */
export type AppCoreEvents = {
  /** A device-code sign-in needs the user to enter this code. */
  'device-code': DeviceCodeInfo;
  /** Accounts, keychain status or settings changed: the UI should re-read `app:getState`. */
  'state-changed': Record<string, never>;
  /** UI settings were saved (the platform applies shortcut, start-at-login and theme). */
  'settings-changed': EffectiveSettings;
};

/** The partial settings change `settings:update` carries. */
export type UiSettingsChange = Partial<UiSettingsDto>;

/**
 * The composed application: every service, built once from the ports, plus the few operations that
 * span services (sign-in opens access, sign-out locks it, settings changes reach the running
 * services). Handlers and the event forwarder work only through this object.
 */
export interface AppCore {
  readonly mode: 'demo' | 'configured';
  readonly platform: AppStateDto['platform'];
  /** Demo mode: the sandbox tenant's name for the banner. */
  readonly demoTenantName: string | undefined;
  readonly auth: AuthService;
  readonly journal: AuditJournal;
  readonly clipboard: ClipboardPolicy;
  readonly session: AccessSession;
  readonly vault: VaultService;
  /** The certificates of every configured vault (metadata; issue 14). */
  readonly certificates: CertificateService;
  /** Saving a certificate, its chain or its PFX where the user chose (`AppCoreDeps.saveLocation`). */
  readonly certificateExport: CertificateExport;
  /** Certificates Officer actions (renew, merge, renewal, delete/recover), each journalled. */
  readonly certificateOfficer: CertificateOfficer;
  /** "Copy PEM private key" of a PEM-content certificate, through the clipboard policy, journalled. */
  readonly certificateKeyCopy: CertificateKeyCopy;
  /**
   * The encrypted catalog metadata cache (warm start). Its `namesAsOf(vault)` is the "names as of
   * <date>" fallback for a vault that can no longer be listed. Absent in cores built without one.
   */
  readonly catalogCache?: CatalogCache;
  readonly pim: PimService;
  /** Importing a certificate with its key from a file the user chose (`AppCoreDeps.openLocation`), journalled. */
  readonly certificateImport: CertificateImport;
  /** The approver's inbox and the requester's view of a wait. Polling starts with `approvals.start()`. */
  readonly approvals: ApprovalService;
  /** Who else holds a group, as far as the user may read it. */
  readonly team: TeamAwareness;
  /** What expires in the next 90 days across vaults and tenants. Re-checks and threshold notifications start with `expiry.start()`. */
  readonly expiry: ExpiryService;
  readonly shell: AppShell;
  /** Settles when accounts restored from the keychain have had their access re-opened. */
  readonly started: Promise<void>;
  /** The settings the services run with now. */
  effective(): EffectiveSettings;
  /** The desktop shell's notices (empty in the browser preview). */
  desktopNotices(): string[];
  /** What the start-up check of the audit journal found wrong (truncated, rewritten, edited), in plain words; undefined when intact. */
  journalProblem(): string | undefined;
  /** Interactive ('browser') or device-code sign-in; then opens the account's access. */
  signIn(tenantId: string, method: 'browser' | 'device-code'): Promise<SignedInAccount>;
  /** Stops a sign-in in progress (its promise rejects with a CancelledError). */
  cancelSignIn(): void;
  /** Locks what the account unlocked, forgets its catalog and removes it from the keychain. */
  signOut(accountId: string): Promise<void>;
  /**
   * Re-opens access for every signed-in account after a lock: standing vaults unlock again and
   * PIM activations still in force are re-probed (fresh token) and unlocked (see account-access.ts).
   * After a lock the user or the OS caused, first asks for presence (`AppCoreDeps.presence`);
   * rejects with code 'cancelled' when it is not given.
   * Does not list vaults; call `vault.refresh` for that.
   */
  reopenAccess(): Promise<void>;
  /** PIM requests still being followed (all accounts, or one), with this run's events. */
  pendingRequests(accountId?: string): Promise<FollowedRequest[]>;
  /** Saves UI settings (policy caps apply) and hands them to the running services. */
  updateUiSettings(change: UiSettingsChange): Promise<EffectiveSettings>;
  on<K extends keyof AppCoreEvents>(event: K, listener: (payload: AppCoreEvents[K]) => void): () => void;
  /** Resolves when background work started by the core (access re-opening, listings) has finished. */
  settled(): Promise<void>;
  /** Locks everything ('quit'), clears our clipboard copy, stops timers and flows. */
  dispose(): Promise<void>;
}

export type { SignedInAccount };
