import { settingsSchema, type Settings, type VaultSettings } from './settings.schema.js';

/** How the demo tenant grants a vault: the PIM group to activate, and the vault's permission model. */
export interface DemoVaultGrant {
  /** The PIM-eligible group that grants secret read; undefined = no eligible group (standing access only). */
  pimGroupId?: string;
  permissionModel: 'rbac' | 'accessPolicy';
  /** Customer label for the vault (MSPs search by it). */
  customer?: string;
}

/**
 * The parts of a sandbox seed (sandbox/seed/demo.json) or of the running sandbox's state
 * (`store.data`) this module reads. Structural, so both shapes fit and main never imports sandbox code.
 */
export interface SeedLike {
  tenants: {
    id: string;
    displayName: string;
    groups?: { id: string }[];
    eligibilities?: { groupId: string }[];
    vaults?: {
      name: string;
      permissionModel?: 'rbac' | 'accessPolicy';
      roleAssignments?: { principalId: string; role: string }[];
      accessPolicies?: { objectId: string; secrets: string[] }[];
      /** Array in the seed, record keyed by name in the running state: both are read with Object.values. */
      secrets?: Record<string, { versions: { tags?: Record<string, string> }[] }> | { versions: { tags?: Record<string, string> }[] }[];
    }[];
  }[];
}

// Roles whose data actions include reading a secret value. "Key Vault Reader" only sees metadata.
// "Key Vault Certificate User" reads a certificate's addressable secret (secrets/getSecret/action):
// that is the PFX, so a group holding it is what a certificate installer activates.
const READ_ROLES = new Set(['Key Vault Secrets User', 'Key Vault Secrets Officer', 'Key Vault Administrator', 'Key Vault Certificate User']);
// Roles that manage certificates (renew, merge, delete) without reading values: an eligible group
// holding one is the vault's PIM group when no eligible group reads values there.
const OFFICER_ROLES = new Set(['Key Vault Certificates Officer']);

/**
 * Derives, for every vault in the seed, the PIM group that grants reading it: a principal with a
 * secret-reading role (RBAC vaults) or `get` access policy (access-policy vaults) that is a group
 * someone is ELIGIBLE for. Standing groups (e.g. a security team's permanent assignment) are not what
 * a helpdesk user activates, so they are skipped. Keys are lower-case vault names; group ids are
 * lower-case.
 */
export function vaultGrantsFromSeed(seed: SeedLike): Map<string, DemoVaultGrant> {
  const grants = new Map<string, DemoVaultGrant>();
  for (const tenant of seed.tenants) {
    // Directory ids enter here: lower-cased once as they are read (as the settings schema and Graph
    // ingress do), so the seed's ids compare with `===` below and the grants carry the canonical form.
    const groupIds = new Set((tenant.groups ?? []).map((group) => lowerId(group.id)));
    const eligible = new Set((tenant.eligibilities ?? []).map((e) => lowerId(e.groupId)).filter((id) => groupIds.has(id)));
    for (const vault of tenant.vaults ?? []) {
      const permissionModel = vault.permissionModel ?? 'rbac';
      const holding = (roles: Set<string>) => (vault.roleAssignments ?? []).filter((a) => roles.has(a.role)).map((a) => lowerId(a.principalId));
      const readers =
        permissionModel === 'rbac'
          ? holding(READ_ROLES)
          : (vault.accessPolicies ?? []).filter((p) => p.secrets.includes('get') || p.secrets.includes('all')).map((p) => lowerId(p.objectId));
      const officers = permissionModel === 'rbac' ? holding(OFFICER_ROLES) : [];
      const pimGroupId = readers.find((id) => eligible.has(id)) ?? officers.find((id) => eligible.has(id));
      const grant: DemoVaultGrant = { permissionModel, customer: customerOf(vault.secrets) ?? tenant.displayName };
      if (pimGroupId) grant.pimGroupId = pimGroupId;
      grants.set(vault.name.toLowerCase(), grant);
    }
  }
  return grants;
}

/** Entra compares object ids (GUIDs) case-insensitively; JIT Vault keeps them lower-case. */
function lowerId(id: string): string {
  return id.toLowerCase();
}

/** The most common `customer` tag on the vault's current secret versions. */
function customerOf(secrets: NonNullable<SeedLike['tenants'][number]['vaults']>[number]['secrets']): string | undefined {
  const counts = new Map<string, number>();
  for (const secret of Object.values(secrets ?? {})) {
    const customer = secret.versions[secret.versions.length - 1]?.tags?.customer;
    if (customer) counts.set(customer, (counts.get(customer) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** Justification templates shown in demo mode. */
export const DEMO_JUSTIFICATION_TEMPLATES = [
  'Helpdesk ticket: user locked out, need the local admin password',
  'Scheduled maintenance on the server listed in the ticket',
  'Incident response: restoring service',
];

/**
 * What demo mode reads from the sandbox's ready JSON. Declared here, on the consumer's side, so main
 * never imports sandbox code or types: the sandbox's `ReadyInfo` (sandbox/ready-info.ts) satisfies it
 * structurally, and `main/platform/demo-sandbox.ts` (which starts the sandbox) proves that at compile time.
 */
export interface DemoSandboxInfo {
  /** The top-level tenant. */
  tenantId: string;
  clientId: string;
  /** The sandbox Graph origin. */
  graph: string;
  vaults: { name: string; url: string; tenantId: string }[];
  tenants: { tenantId: string; displayName: string; authority: string }[];
}

/**
 * Settings for demo mode from the sandbox's ready JSON: every sandbox tenant (the authority and Graph
 * origins are the sandbox's loopback HTTPS origins), every vault with the PIM group that grants it.
 * `grants` comes from `vaultGrantsFromSeed` (the ready JSON does not carry the group ↔ vault mapping).
 */
export function buildDemoSettings(info: Omit<DemoSandboxInfo, 'tenantId'>, grants: Map<string, DemoVaultGrant>): Settings {
  const vaults = info.vaults.map((vault): VaultSettings => {
    const grant = grants.get(vault.name.toLowerCase());
    return {
      name: vault.name,
      url: vault.url,
      tenantId: vault.tenantId,
      permissionModel: grant?.permissionModel ?? 'rbac',
      ...(grant?.customer ? { customer: grant.customer } : {}),
      ...(grant?.pimGroupId ? { pimGroupId: grant.pimGroupId } : {}),
    };
  });
  return settingsSchema.parse({
    tenants: info.tenants.map((tenant) => ({
      tenantId: tenant.tenantId,
      displayName: tenant.displayName,
      authority: tenant.authority,
      clientId: info.clientId,
      graphBaseUrl: info.graph,
    })),
    vaults,
    justificationTemplates: DEMO_JUSTIFICATION_TEMPLATES,
  });
}
