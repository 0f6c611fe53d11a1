import type { SettingsInvalidError } from './settings-error.js';
import type { Policy } from './policy.schema.js';
import type { Settings, TenantSettings, VaultSettings } from './settings.schema.js';

/** Where the policy came from and whether it could be used. */
export type PolicyState =
  | { status: 'absent'; file: string }
  | { status: 'applied'; file: string; policy: Policy }
  /** The file exists but is unusable: `policy` is RESTRICTED_FALLBACK_POLICY and `error` says why. */
  | { status: 'invalid'; file: string; policy: Policy; error: SettingsInvalidError };

/** A setting the policy decides; the UI shows it locked with `message` as the explanation. */
export interface EnforcedField {
  /** Settings path (`timeouts.clipboardSeconds`, `vaults`, `useBroker`) or a capability (`reveal`, `largeType`). */
  field: string;
  kind: 'forced' | 'capped' | 'floor' | 'disabled';
  /** The cap/floor/forced value, when there is one. */
  limit?: number | boolean;
  message: string;
}

/** Features the policy can switch off (the settings file has no switch for them). */
export interface Capabilities {
  reveal: boolean;
  largeType: boolean;
}

/** What the services and UI run with: user settings, capped and overridden by the policy. */
export interface EffectiveSettings {
  settings: Settings;
  capabilities: Capabilities;
  enforced: EnforcedField[];
  policy: PolicyState;
  /** Names of the vaults that came from the policy (the user cannot remove them). */
  policyVaults: string[];
}

/**
 * Applies the policy to `user`. Pure. Timeouts above a cap come down to it; forced values replace the
 * user's; forced tenants/vaults come first and user ones follow only when the policy allows them (a
 * user entry with the same tenant id / vault name as a forced one is replaced by the forced one).
 * Caps are reported as enforced even when the user's value is already below them, so the UI can
 * bound its controls.
 */
export function applyPolicy(user: Settings, policyState: PolicyState): EffectiveSettings {
  const policy = policyState.status === 'absent' ? undefined : policyState.policy;
  const enforced: EnforcedField[] = [];
  const settings: Settings = structuredClone(user);
  const by = policyState.status === 'invalid' ? "because your administrator's policy file is invalid" : 'by your administrator';

  if (policy?.tenants) {
    const forcedIds = new Set(policy.tenants.map((tenant) => tenant.tenantId.toLowerCase()));
    const own = policy.allowUserTenants ? user.tenants.filter((tenant) => !forcedIds.has(tenant.tenantId.toLowerCase())) : [];
    settings.tenants = [...policy.tenants.map((tenant): TenantSettings => ({ ...tenant })), ...own];
    enforced.push({
      field: 'tenants',
      kind: 'forced',
      message: policy.allowUserTenants ? `Some tenants are set ${by}.` : `Tenants are set ${by}.`,
    });
  }

  const allowUserVaults = policy?.allowUserVaults ?? policy?.vaults === undefined;
  if (policy?.vaults || !allowUserVaults) {
    const forced = policy?.vaults ?? [];
    const forcedNames = new Set(forced.map((vault) => vault.name.toLowerCase()));
    const own = allowUserVaults ? user.vaults.filter((vault) => !forcedNames.has(vault.name.toLowerCase())) : [];
    settings.vaults = [...forced.map((vault): VaultSettings => ({ ...vault })), ...own];
    enforced.push({ field: 'vaults', kind: 'forced', message: allowUserVaults ? `Some vaults are set ${by}.` : `Vaults are set ${by}.` });
  }

  if (policy?.useBroker !== undefined) {
    settings.useBroker = policy.useBroker;
    enforced.push({ field: 'useBroker', kind: 'forced', limit: policy.useBroker, message: `Sign-in through the system broker is turned ${policy.useBroker ? 'on' : 'off'} ${by}.` });
  }

  const cap = (key: 'revealSeconds' | 'clipboardSeconds' | 'idleLockMinutes', max: number | undefined, unit: string) => {
    if (max === undefined) return;
    settings.timeouts[key] = Math.min(settings.timeouts[key], max);
    enforced.push({ field: `timeouts.${key}`, kind: 'capped', limit: max, message: `Limited to ${max} ${unit} ${by}.` });
  };
  cap('revealSeconds', policy?.maxRevealSeconds, 'seconds');
  cap('clipboardSeconds', policy?.maxClipboardSeconds, 'seconds');
  cap('idleLockMinutes', policy?.maxIdleLockMinutes, 'minutes');
  if (policy?.minWarnBeforeExpiryMinutes !== undefined) {
    const min = policy.minWarnBeforeExpiryMinutes;
    settings.timeouts.warnBeforeExpiryMinutes = Math.max(settings.timeouts.warnBeforeExpiryMinutes, min);
    enforced.push({ field: 'timeouts.warnBeforeExpiryMinutes', kind: 'floor', limit: min, message: `At least ${min} minutes ${by}.` });
  }

  if (policy?.justificationTemplates) {
    const forced = policy.justificationTemplates;
    settings.justificationTemplates = [...forced, ...user.justificationTemplates.filter((template) => !forced.includes(template))];
    enforced.push({ field: 'justificationTemplates', kind: 'forced', message: `Some justification templates are set ${by}.` });
  }

  if (policy?.tagConvention) {
    settings.tagConvention = { ...policy.tagConvention };
    enforced.push({ field: 'tagConvention', kind: 'forced', message: `The tag names for usernames, URLs and hosts are set ${by}.` });
  }

  const capabilities: Capabilities = { reveal: !policy?.disableReveal, largeType: !policy?.disableLargeType };
  if (policy?.disableReveal) enforced.push({ field: 'reveal', kind: 'disabled', limit: false, message: `Showing secret values is turned off ${by}; copy still works.` });
  if (policy?.disableLargeType) enforced.push({ field: 'largeType', kind: 'disabled', limit: false, message: `Large type is turned off ${by}.` });

  return { settings, capabilities, enforced, policy: policyState, policyVaults: (policy?.vaults ?? []).map((vault) => vault.name) };
}

/** The enforced entry for `field`, if the policy decides it (UI lock icon). */
export function enforcedField(effective: EffectiveSettings, field: string): EnforcedField | undefined {
  return effective.enforced.find((entry) => entry.field === field);
}
