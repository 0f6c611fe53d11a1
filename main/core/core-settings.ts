import { AppError } from '../services/errors.js';
import { buildDemoSettings, vaultGrantsFromSeed } from '../services/settings/demo-settings.js';
import { endpointProblems, type EndpointPolicy } from '../security/trusted-endpoints.js';
import { UntrustedEndpointError } from '../services/trusted-endpoint-guard.js';
import type { EffectiveSettings } from '../services/settings/effective-settings.js';
import type { Settings } from '../services/settings/settings.schema.js';
import type { SettingsService } from '../services/settings/settings.service.js';
import type { DemoSandbox, UiSettingsChange } from './app-core.types.js';
import { isLoopbackUrl } from '../security/loopback.js';

/**
 * The settings the core runs with, and how they change while it runs. One object owns the current
 * `EffectiveSettings`; services that must follow a change read it through getters (see app-core.ts).
 */
export class CoreSettings {
  private constructor(
    private readonly service: SettingsService,
    readonly mode: 'demo' | 'configured',
    private current: EffectiveSettings,
    /** Demo mode only: the settings built from the sandbox, changed in memory by the settings UI. */
    private demo: Settings | undefined,
    readonly demoTenantName: string | undefined,
  ) {}

  /**
   * Loads the user's settings; with no file, asks for the demo sandbox and builds settings for its
   * tenants (the admin policy still applies through `effectiveFor`). Configured settings must name
   * only Microsoft cloud endpoints (main/security/trusted-endpoints.ts); loopback only when
   * `configuredEndpoints` allows it (development builds, tests), always in demo mode.
   */
  static async load(service: SettingsService, demoSandbox: (() => Promise<DemoSandbox>) | undefined, configuredEndpoints: EndpointPolicy = { allowLoopback: false }): Promise<CoreSettings> {
    const loaded = await service.load();
    if (loaded.mode === 'configured') {
      const problems = endpointProblems(loaded.effective.settings, configuredEndpoints);
      if (problems.length > 0) {
        const policy = loaded.effective.policy.status === 'absent' ? '' : ` or the policy "${loaded.effective.policy.file}"`;
        throw new UntrustedEndpointError(problems, `"${loaded.file}"${policy}`);
      }
      return new CoreSettings(service, 'configured', loaded.effective, undefined, undefined);
    }
    if (!demoSandbox) {
      throw new AppError('settings-invalid', 'JIT Vault has no settings file and the demo tenant is not available here. Ask your IT administrator for the settings file.');
    }
    const sandbox = await demoSandbox();
    const settings = buildDemoSettings(sandbox.info, vaultGrantsFromSeed(sandbox.seed));
    const effective = await service.effectiveFor(settings);
    const tenantName = sandbox.info.tenants.find((t) => t.tenantId === sandbox.info.tenantId)?.displayName ?? sandbox.info.tenants[0]?.displayName;
    return new CoreSettings(service, 'demo', effective, settings, tenantName);
  }

  /** The settings in force now. */
  get effective(): EffectiveSettings {
    return this.current;
  }

  /**
   * Applies a settings-UI change. Configured: saved to the user's file (validated, policy-capped,
   * previous file kept as .bak). Demo: kept in memory for this run — writing it would create a
   * settings file without tenants, which would end demo mode with an invalid file on the next start.
   */
  async update(change: UiSettingsChange): Promise<EffectiveSettings> {
    if (this.mode === 'configured') {
      const saved = await this.service.update((current) => applyUiChange(current, change));
      this.current = saved.effective;
    } else {
      const next = applyUiChange(this.demo!, change);
      this.current = await this.service.effectiveFor(next);
      this.demo = next;
    }
    return this.current;
  }
}

/** The settings file fields each UI setting lives in. */
export function applyUiChange(settings: Settings, change: UiSettingsChange): Settings {
  const next = structuredClone(settings);
  if (change.revealSeconds !== undefined) next.timeouts.revealSeconds = change.revealSeconds;
  if (change.clipboardSeconds !== undefined) next.timeouts.clipboardSeconds = change.clipboardSeconds;
  if (change.idleLockMinutes !== undefined) next.timeouts.idleLockMinutes = change.idleLockMinutes;
  if (change.warnBeforeExpiryMinutes !== undefined) next.timeouts.warnBeforeExpiryMinutes = change.warnBeforeExpiryMinutes;
  if (change.shortcut !== undefined) next.shortcut = change.shortcut;
  if (change.startAtLogin !== undefined) next.startAtLogin = change.startAtLogin;
  if (change.theme !== undefined) next.theme = change.theme;
  if (change.expiryNotices !== undefined) next.expiryNotices.enabled = change.expiryNotices;
  if (change.expiryThresholdsDays !== undefined) next.expiryNotices.thresholdsDays = [...change.expiryThresholdsDays];
  return next;
}

/**
 * The browser preview talks to the local sandbox only (DESIGN.md, "Decisions"): every tenant
 * authority, Graph endpoint and vault must be a loopback https origin. A tenant without an explicit
 * authority means login.microsoftonline.com, so it is refused too.
 */
export function assertSandboxOnly(settings: Settings): void {
  const refused: string[] = [];
  for (const tenant of settings.tenants) {
    if (!tenant.authority || !isLoopbackUrl(tenant.authority)) refused.push(`tenant ${tenant.displayName ?? tenant.tenantId} (sign-in at ${tenant.authority ?? 'login.microsoftonline.com'})`);
    else if (!tenant.graphBaseUrl || !isLoopbackUrl(tenant.graphBaseUrl)) refused.push(`tenant ${tenant.displayName ?? tenant.tenantId} (Microsoft Graph at ${tenant.graphBaseUrl ?? 'graph.microsoft.com'})`);
  }
  for (const vault of settings.vaults) if (!isLoopbackUrl(vault.url)) refused.push(`vault ${vault.name} (${vault.url})`);
  if (refused.length > 0) {
    throw new AppError(
      'settings-invalid',
      `The browser preview only runs against the local sandbox, but the settings name a real tenant: ${refused.slice(0, 4).join('; ')}${refused.length > 4 ? ` and ${refused.length - 4} more` : ''}. ` +
        'Use the desktop app for real tenants, or run the preview with a state directory that has no settings file (demo mode).',
    );
  }
}
