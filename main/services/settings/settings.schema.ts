import { z } from 'zod';

/**
 * The user settings file (JSON). Validated with zod; a bad file yields an error naming the field
 * and is never overwritten. No file at all means demo mode against the sandbox's demo tenant.
 */
const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID');

export const tenantSettings = z.object({
  /** Tenant id (GUID). */
  tenantId: guid,
  displayName: z.string().min(1).optional(),
  /** Entra authority, default https://login.microsoftonline.com/{tenantId}. */
  authority: z.string().url().optional(),
  /** The JIT Vault app registration (public client). */
  clientId: guid,
  /** Microsoft Graph base URL, default https://graph.microsoft.com. */
  graphBaseUrl: z.string().url().optional(),
});

export const vaultSettings = z.object({
  /** Key Vault name (unique across configured vaults). */
  name: z.string().min(1),
  /** https://{name}.vault.azure.net (or a sandbox loopback origin). */
  url: z.string().url(),
  tenantId: guid,
  displayName: z.string().optional(),
  /** Customer label shown and searched (MSPs). */
  customer: z.string().optional(),
  /** The PIM group whose active membership grants read on this vault; omitted = standing access. */
  pimGroupId: guid.optional(),
  permissionModel: z.enum(['rbac', 'accessPolicy']).default('rbac'),
});

export const timeoutSettings = z.object({
  revealSeconds: z.number().int().min(3).max(300).default(20),
  clipboardSeconds: z.number().int().min(5).max(600).default(30),
  idleLockMinutes: z.number().int().min(1).max(480).default(15),
  warnBeforeExpiryMinutes: z.number().int().min(1).max(60).default(5),
});

export const settingsSchema = z.object({
  tenants: z.array(tenantSettings).min(1),
  vaults: z.array(vaultSettings).default([]),
  /** Use the OS broker (WAM on Windows, Enterprise SSO on macOS) when available. */
  useBroker: z.boolean().default(true),
  timeouts: timeoutSettings.default(timeoutSettings.parse({})),
  justificationTemplates: z.array(z.string().min(1).max(500)).default([]),
  /** Global shortcut for quick lookup (Electron accelerator). */
  shortcut: z.string().default('CommandOrControl+Shift+K'),
  startAtLogin: z.boolean().default(false),
  theme: z.enum(['system', 'light', 'dark']).default('system'),
});

export type Settings = z.infer<typeof settingsSchema>;
export type TenantSettings = z.infer<typeof tenantSettings>;
export type VaultSettings = z.infer<typeof vaultSettings>;
export type TimeoutSettings = z.infer<typeof timeoutSettings>;
