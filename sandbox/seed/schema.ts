import { z } from 'zod';

/**
 * The sandbox's seed format. One file describes every tenant (MSPs work across customer tenants),
 * their users, groups, PIM eligibilities and policies, and their vaults with secrets.
 * Durations are ISO 8601 (`PT8H`) like Graph's; instants are ISO strings; relative offsets such as
 * `"expiresInDays": 30` keep a shipped seed realistic whatever the date.
 */
const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID');

export const secretVersionSeed = z.object({
  value: z.string(),
  contentType: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
  enabled: z.boolean().default(true),
  /** Days relative to sandbox start (negative = in the past). */
  createdDaysAgo: z.number().default(0),
  notBeforeInDays: z.number().optional(),
  expiresInDays: z.number().optional(),
});

export const secretSeed = z.object({
  name: z.string().regex(/^[0-9a-zA-Z-]{1,127}$/, 'Key Vault secret names are 1-127 letters, digits and dashes'),
  /** Oldest first; the last one is the current version. */
  versions: z.array(secretVersionSeed).min(1),
});

export const roleName = z.enum([
  'Key Vault Secrets User',
  'Key Vault Secrets Officer',
  'Key Vault Reader',
  'Key Vault Administrator',
  'Key Vault Certificates Officer',
  'Key Vault Certificate User',
]);

/** Access-policy certificate permissions (learn.microsoft.com "Certificate access control"). */
export const certificatePolicyPermission = z.enum([
  'get', 'list', 'update', 'create', 'import', 'delete', 'recover', 'backup', 'restore', 'managecontacts',
  'manageissuers', 'getissuers', 'listissuers', 'setissuers', 'deleteissuers', 'purge', 'all',
]);

/** A seeded certificate: its versions are made on first use with these dates (see certificate-records). */
export const certificateSeed = z.object({
  name: z.string().regex(/^[0-9a-zA-Z-]{1,127}$/, 'Key Vault certificate names are 1-127 letters, digits and dashes'),
  subject: z.string(),
  dnsNames: z.array(z.string()).default([]),
  /** `Self`, `Unknown` (a pending CSR waiting for a merge) or the name of one of the vault's issuers. */
  issuer: z.string().default('Self'),
  contentType: z.enum(['application/x-pkcs12', 'application/x-pem-file']).default('application/x-pkcs12'),
  validityMonths: z.number().int().min(1).max(1200).default(12),
  lifetimeAction: z
    .object({ type: z.enum(['AutoRenew', 'EmailContacts']), daysBeforeExpiry: z.number().int().min(1).optional(), lifetimePercentage: z.number().int().min(1).max(99).optional() })
    .optional(),
  tags: z.record(z.string(), z.string()).optional(),
  /** Oldest first; each with its validity relative to sandbox start. Empty with issuer Unknown: only a pending CSR. */
  versions: z.array(z.object({ createdDaysAgo: z.number(), expiresInDays: z.number(), enabled: z.boolean().default(true) })).default([]),
});

export const vaultSeed = z.object({
  name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]{2,23}$/, 'vault names are 3-24 letters, digits and dashes'),
  /** Fixed port, or omitted for a free port. */
  port: z.number().int().min(1).max(65535).optional(),
  location: z.string().default('westeurope'),
  permissionModel: z.enum(['rbac', 'accessPolicy']).default('rbac'),
  /** principalId is a user oid or a group id. */
  roleAssignments: z.array(z.object({ principalId: guid, role: roleName })).default([]),
  accessPolicies: z
    .array(
      z.object({
        objectId: guid,
        secrets: z.array(z.enum(['get', 'list', 'set', 'delete', 'recover', 'backup', 'restore', 'purge', 'all'])).default([]),
        certificates: z.array(certificatePolicyPermission).default([]),
        keys: z.array(z.enum(['get', 'list', 'all'])).default([]),
      }),
    )
    .default([]),
  firewallEnabled: z.boolean().default(false),
  softDeleteRetentionDays: z.number().int().min(7).max(90).default(90),
  purgeProtection: z.boolean().default(false),
  secrets: z.array(secretSeed).default([]),
  certificates: z.array(certificateSeed).default([]),
  certificateIssuers: z.array(z.object({ name: z.string().regex(/^[0-9a-zA-Z-]{1,127}$/), provider: z.string() })).default([]),
  certificateContacts: z.array(z.object({ email: z.string().optional(), name: z.string().optional(), phone: z.string().optional() })).optional(),
});

export const userSeed = z.object({
  oid: guid,
  username: z.string().min(3),
  password: z.string().min(1),
  displayName: z.string(),
  role: z.enum(['admin', 'helpdesk', 'auditor']),
  /**
   * Microsoft Entra directory roles held at directory scope. Only 'Global Reader' changes what the
   * sandbox shows: it may read every group's PIM assignments (rbac-pim-groups-apis-read-assignmentschedules.md).
   */
  directoryRoles: z.array(z.enum(['Global Reader'])).optional(),
  /** For a B2B guest: the home tenant and home oid. The guest signs in with the home password. */
  guestOf: z.object({ tenantId: guid, oid: guid }).optional(),
});

export const groupSeed = z.object({
  id: guid,
  displayName: z.string(),
  description: z.string().default(''),
  /** Standing (permanent) members. */
  members: z.array(guid).default([]),
});

export const eligibilitySeed = z.object({
  groupId: guid,
  principalId: guid,
  accessId: z.enum(['member', 'owner']).default('member'),
  /** Omitted: permanently eligible. */
  expiresInDays: z.number().optional(),
});

export const policySeed = z.object({
  groupId: guid,
  accessId: z.enum(['member', 'owner']).default('member'),
  maximumDuration: z.string().regex(/^P(T(\d+H)?(\d+M)?)$|^PT\d+H\d*M?$/, 'ISO 8601 duration such as PT8H or PT30M').default('PT8H'),
  requireJustification: z.boolean().default(true),
  requireTicket: z.boolean().default(false),
  requireMfa: z.boolean().default(false),
  requireApproval: z.boolean().default(false),
  /** Authentication context class reference required on activation (e.g. "c1"); omitted when none. */
  authenticationContext: z.string().optional(),
  approvers: z.array(guid).default([]),
});

/**
 * A managed identity of the tenant: the system-assigned identity of the sandbox's one VM (`name` is
 * the VM's name) or a user-assigned identity attached to it. Key Vault roles are granted to
 * `objectId` in a vault's `roleAssignments`, like any principal.
 */
export const managedIdentitySeed = z.object({
  name: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,127}$/, 'resource names are letters, digits, dashes and underscores'),
  kind: z.enum(['system', 'user']),
  clientId: guid,
  objectId: guid,
});

export const tenantSeed = z.object({
  id: guid,
  displayName: z.string(),
  domain: z.string(),
  users: z.array(userSeed).min(1),
  groups: z.array(groupSeed).default([]),
  eligibilities: z.array(eligibilitySeed).default([]),
  policies: z.array(policySeed).default([]),
  vaults: z.array(vaultSeed).default([]),
  /** Managed identities served by the sandbox IMDS and App Service identity endpoints (at most one "system"). */
  managedIdentities: z.array(managedIdentitySeed).default([]),
});

export const sandboxSettingsSeed = z.object({
  /** Seconds before a new activation's membership shows in newly issued tokens. */
  propagationDelaySeconds: z.number().min(0).default(0),
  /** Azure's minimum activation (and the minimum before a self-deactivation) is 5 minutes. */
  minimumActivationSeconds: z.number().min(0).default(300),
  /** Access token lifetime range, like Entra's default 60-90 minutes. */
  accessTokenLifetimeSeconds: z.object({ min: z.number().int().min(1), max: z.number().int().min(1) }).default({ min: 3600, max: 5400 }),
  refreshTokenLifetimeSeconds: z.number().int().min(1).default(90 * 24 * 3600),
  /** Key Vault: transactions per 10 s per vault before 429 ("all other transactions"). */
  vaultRequestsPer10Seconds: z.number().int().min(1).default(4000),
  /** Whether Key Vault 429s carry Retry-After (captured ones do not). */
  vaultThrottleRetryAfterSeconds: z.number().int().min(0).optional(),
  /** 404 answers a delete/recover poll sees before the operation completes (real traffic shows two). */
  softDeletePropagationPolls: z.number().int().min(0).default(0),
  /** Seconds a certificate request to Self or a named issuer takes to complete on the sandbox clock. */
  certificateIssueDelaySeconds: z.number().min(0).default(0),
  /** Fixed ports for the Entra (authority) origin and the Graph origin. */
  authorityPort: z.number().int().min(1).max(65535).optional(),
  graphPort: z.number().int().min(1).max(65535).optional(),
});

export const seedSchema = z.object({
  /** The JIT Vault public client application id (the same app id in every tenant, as multi-tenant apps are). */
  clientId: guid,
  settings: sandboxSettingsSeed.default(sandboxSettingsSeed.parse({})),
  tenants: z.array(tenantSeed).min(1),
});

export type Seed = z.infer<typeof seedSchema>;
export type TenantSeed = z.infer<typeof tenantSeed>;
export type VaultSeed = z.infer<typeof vaultSeed>;
export type SandboxSettings = z.infer<typeof sandboxSettingsSeed>;
export type RoleName = z.infer<typeof roleName>;
export type ManagedIdentitySeed = z.infer<typeof managedIdentitySeed>;
export type CertificateSeed = z.infer<typeof certificateSeed>;
