import { z } from 'zod';
import { tagConventionSettings, tenantSettings, vaultSettings } from './settings.schema.js';

/**
 * The admin-managed policy file (fixed per-OS path, see paths/app-paths.ts). It overrides and caps
 * the user's settings; the app never writes it.
 *
 * Strict on purpose: an unknown key is an error, not ignored, because a misspelt cap
 * ("maxClipbordSeconds") silently not being enforced is exactly what an administrator must hear about.
 */
export const policySchema = z
  .object({
    /** Format version, for future changes. */
    version: z.literal(1).default(1),
    /** Tenants every user gets; replace the user's own unless `allowUserTenants`. */
    tenants: z.array(tenantSettings).min(1, 'must list at least one tenant').optional(),
    /** With `tenants`: whether users may add their own tenants too. Default false. */
    allowUserTenants: z.boolean().optional(),
    /** Vaults every user gets; replace the user's own unless `allowUserVaults`. */
    vaults: z.array(vaultSettings).optional(),
    /** Whether users may configure vaults of their own (beside forced ones). Default true without `vaults`, false with. */
    allowUserVaults: z.boolean().optional(),
    /** Forces the OS broker on or off. */
    useBroker: z.boolean().optional(),
    /** Caps on the user's timeouts (the user may choose less, never more). */
    maxRevealSeconds: z.number().int().min(3).max(300).optional(),
    maxClipboardSeconds: z.number().int().min(5).max(600).optional(),
    maxIdleLockMinutes: z.number().int().min(1).max(480).optional(),
    /** A floor: warn at least this many minutes before an activation ends. */
    minWarnBeforeExpiryMinutes: z.number().int().min(1).max(60).optional(),
    /** Turns off showing secret values on screen (copy still works). */
    disableReveal: z.boolean().default(false),
    /** Turns off "large type" (a value shown big, character by character). */
    disableLargeType: z.boolean().default(false),
    /** Justification templates every user gets, listed before the user's own. */
    justificationTemplates: z.array(z.string().min(1, 'must not be empty').max(500)).optional(),
    /** The organisation's tag names (username, URL, host, notes, …); replaces the user's own `tagConvention`. */
    tagConvention: tagConventionSettings.optional(),
    /** Whether the app may start in demo mode (against the local sandbox) when the user has no settings. Default true. */
    allowDemoMode: z.boolean().default(true),
  })
  .strict();

export type Policy = z.infer<typeof policySchema>;

/**
 * What applies when the policy file exists but cannot be used (bad JSON, unknown key, unreadable).
 * The administrator wanted SOME restriction and we cannot tell which, so the client-side controls fail
 * closed: no reveal and no large type (copy still works, so helpdesk work continues), short clipboard
 * and idle-lock limits. Tenants, vaults and the broker stay as the user set them: access itself is
 * still decided by Entra PIM and Key Vault, not by this file.
 */
export const RESTRICTED_FALLBACK_POLICY: Policy = Object.freeze({
  version: 1,
  maxRevealSeconds: 10,
  maxClipboardSeconds: 10,
  maxIdleLockMinutes: 5,
  disableReveal: true,
  disableLargeType: true,
  allowDemoMode: true,
}) as Policy;
