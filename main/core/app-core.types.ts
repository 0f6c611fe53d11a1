import type { AppStateDto, UiSettingsDto } from '../../shared/domain/types.js';
import type { AuthService, AuthServiceOptions, DeviceCodeInfo, SignedInAccount } from '../services/auth/auth.service.js';
import type { ClipboardPolicy } from '../services/clipboard/clipboard-policy.js';
import type { AuditJournal } from '../services/journal/audit-journal.js';
import type { AppPaths } from '../services/paths/app-paths.js';
import type { PimService, PimServiceDeps } from '../services/pim/pim.service.js';
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
import type { SettingsService } from '../services/settings/settings.service.js';
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
  hidePopup(): void;
  openMain(tab?: 'access' | 'history' | 'settings'): void;
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
  paths: Pick<AppPaths, 'settingsFile' | 'policyFile' | 'favouritesFile' | 'pendingRequestsFile' | 'journalDir'>;
  platform: AppStateDto['platform'];
  /**
   * Called (once) only when there is no settings file: starts or returns the bundled sandbox whose
   * demo tenant the app then uses. Without it, demo mode is an error.
   */
  demoSandbox?: () => Promise<DemoSandbox>;
  /** Refuse any tenant, Graph or vault endpoint that is not on loopback (the browser preview). */
  sandboxOnly?: boolean;
  /** Test and benchmark knobs; production leaves them unset. */
  tuning?: {
    auth?: Pick<AuthServiceOptions, 'loadBroker' | 'refreshMarginMs'>;
    vaultClient?: SecretClientTuning;
    pim?: Pick<PimServiceDeps, 'readinessTimeoutMs' | 'syncIntervalMs'>;
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
  readonly settings: SettingsService;
  readonly auth: AuthService;
  readonly journal: AuditJournal;
  readonly clipboard: ClipboardPolicy;
  readonly session: AccessSession;
  readonly vault: VaultService;
  readonly pim: PimService;
  readonly shell: AppShell;
  /** Settles when accounts restored from the keychain have had their access re-opened. */
  readonly started: Promise<void>;
  /** The settings the services run with now. */
  effective(): EffectiveSettings;
  /** Interactive ('browser') or device-code sign-in; then opens the account's access. */
  signIn(tenantId: string, method: 'browser' | 'device-code'): Promise<SignedInAccount>;
  /** Stops a sign-in in progress (its promise rejects with a CancelledError). */
  cancelSignIn(): void;
  /** Locks what the account unlocked, forgets its catalog and removes it from the keychain. */
  signOut(accountId: string): Promise<void>;
  /**
   * Re-opens access for every signed-in account after a lock: standing vaults unlock again and
   * PIM activations still in force are re-probed (fresh token) and unlocked (see account-access.ts).
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
