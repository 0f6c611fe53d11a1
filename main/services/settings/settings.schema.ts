import { z } from 'zod';

/**
 * The user settings file (JSON). Validated with zod; a bad file yields an error naming the field
 * and is never overwritten. No file at all means demo mode against the sandbox's demo tenant.
 * Messages below are written to read well after a field path: "vaults[1].url: must be a URL".
 */
const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID');

/** An https URL: tokens and secrets only ever travel over TLS (the sandbox serves https on loopback too). */
const httpsUrl = z
  .string()
  // `abort`: a value that is not a URL at all gets one message, not two.
  .url({ message: 'must be a URL', abort: true })
  .refine((value) => value.toLowerCase().startsWith('https://'), 'must be an https:// URL');

export const tenantSettings = z.object({
  /** Tenant id (GUID). */
  tenantId: guid,
  displayName: z.string().min(1, 'must not be empty').optional(),
  /** Entra authority, default https://login.microsoftonline.com/{tenantId}. */
  authority: httpsUrl.optional(),
  /** The JIT Vault app registration (public client). */
  clientId: guid,
  /** Microsoft Graph base URL, default https://graph.microsoft.com. */
  graphBaseUrl: httpsUrl.optional(),
});

export const vaultSettings = z.object({
  /** Key Vault name (unique across configured vaults). */
  name: z.string().min(1, 'must not be empty'),
  /** https://{name}.vault.azure.net (or a sandbox loopback origin). */
  url: httpsUrl,
  tenantId: guid,
  displayName: z.string().optional(),
  /** Customer label shown and searched (MSPs). */
  customer: z.string().optional(),
  /** The PIM group whose active membership grants read on this vault; omitted = standing access. */
  pimGroupId: guid.optional(),
  permissionModel: z.enum(['rbac', 'accessPolicy']).default('rbac'),
});

const tagNames = z.array(z.string().trim().min(1, 'must not be empty')).min(1, 'must list at least one tag name');

/**
 * Which Key Vault tags carry an item's username, URL, host, notes, connect protocol and kind
 * (main/services/vault/tag-conventions.ts; docs/admin-guide.md). Per organisation: each field given
 * replaces the default list for that field. Strict: a misspelt field ("usernmae") is an error, not
 * silently ignored — the organisation would otherwise wonder why its usernames never show.
 */
export const tagConventionSettings = z
  .object({ username: tagNames, url: tagNames, host: tagNames, notes: tagNames, protocol: tagNames, kind: tagNames })
  .partial()
  .strict();

export const timeoutSettings = z.object({
  revealSeconds: z.number().int().min(3).max(300).default(20),
  clipboardSeconds: z.number().int().min(5).max(600).default(30),
  idleLockMinutes: z.number().int().min(1).max(480).default(15),
  warnBeforeExpiryMinutes: z.number().int().min(1).max(60).default(5),
});

/** Days before expiry at which to notify: each 1–90 (the overview's horizon), listed once. */
export const expiryThresholdsDays = z
  .array(z.number().int().min(1, 'must be at least 1 day').max(90, 'must be at most 90 days (the expiry overview looks 90 days ahead)'))
  .min(1, 'must list at least one number of days')
  .max(6, 'must list at most 6 thresholds')
  .refine((days) => new Set(days).size === days.length, 'must not list the same number of days twice');

export const expiryNoticeSettings = z.object({
  enabled: z.boolean().default(true),
  thresholdsDays: expiryThresholdsDays.default([30, 7, 1]),
});

/** The fields of the settings file, without the whole-file checks (see `settingsSchema`). */
export const settingsObject = z.object({
  tenants: z.array(tenantSettings).min(1, 'must list at least one tenant'),
  vaults: z.array(vaultSettings).default([]),
  /**
   * Use the OS broker (WAM on Windows, Enterprise SSO on macOS) when available. Off unless turned on:
   * WAM sign-in fails with AADSTS50011 until the app registration lists the broker redirect URI
   * ms-appx-web://Microsoft.AAD.BrokerPlugin/{client_id}
   * (https://learn.microsoft.com/entra/identity-platform/scenario-desktop-acquire-token-wam), which an
   * unconfigured registration does not — the system browser works everywhere.
   */
  useBroker: z.boolean().default(false),
  timeouts: timeoutSettings.default(timeoutSettings.parse({})),
  justificationTemplates: z.array(z.string().min(1, 'must not be empty').max(500)).default([]),
  /** Global shortcut for quick lookup (Electron accelerator). */
  shortcut: z.string().default('CommandOrControl+Shift+K'),
  startAtLogin: z.boolean().default(false),
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  /** The organisation's tag names for username, URL, host, notes (absent: the defaults). */
  tagConvention: tagConventionSettings.optional(),
  /** Tray notifications before secrets and certificates expire (the expiry overview's thresholds). */
  expiryNotices: expiryNoticeSettings.default(expiryNoticeSettings.parse({})),
});

/**
 * Whole-file checks: vault names are unique (Key Vault names are case-insensitive), tenants are listed
 * once, and every vault belongs to a configured tenant (else no account could ever open it).
 */
function checkReferences(value: { tenants: { tenantId: string }[]; vaults: { name: string; tenantId: string }[] }, ctx: z.RefinementCtx, options: { tenantRefs: boolean }): void {
  const tenantIds = new Set<string>();
  value.tenants.forEach((tenant, index) => {
    const id = tenant.tenantId.toLowerCase();
    if (tenantIds.has(id)) ctx.addIssue({ code: 'custom', path: ['tenants', index, 'tenantId'], message: 'this tenant is listed twice' });
    tenantIds.add(id);
  });
  const names = new Set<string>();
  value.vaults.forEach((vault, index) => {
    const name = vault.name.toLowerCase();
    if (names.has(name)) ctx.addIssue({ code: 'custom', path: ['vaults', index, 'name'], message: `another vault is already named "${vault.name}"` });
    names.add(name);
    if (options.tenantRefs && !tenantIds.has(vault.tenantId.toLowerCase())) {
      ctx.addIssue({ code: 'custom', path: ['vaults', index, 'tenantId'], message: 'is not one of the configured tenants' });
    }
  });
}

/** Complete, usable settings (what the services run with): at least one tenant, consistent references. */
export const settingsSchema = settingsObject.superRefine((value, ctx) => checkReferences(value, ctx, { tenantRefs: true }));

/**
 * The user's file as stored. Tenants may be omitted when the admin policy supplies them, and a vault
 * may refer to a policy tenant; the merged result is checked again with `settingsSchema`.
 */
export const userSettingsFileSchema = settingsObject
  .extend({ tenants: z.array(tenantSettings).default([]) })
  .superRefine((value, ctx) => checkReferences(value, ctx, { tenantRefs: false }));

export type Settings = z.infer<typeof settingsSchema>;
export type TenantSettings = z.infer<typeof tenantSettings>;
export type VaultSettings = z.infer<typeof vaultSettings>;
export type TimeoutSettings = z.infer<typeof timeoutSettings>;
export type TagConventionSettings = z.infer<typeof tagConventionSettings>;
