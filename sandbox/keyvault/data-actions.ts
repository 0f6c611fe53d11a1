import type { RoleName } from '../seed/schema.js';

/** The object collections of a vault; each has its own access-policy permission list. */
export type ObjectKind = 'secrets' | 'certificates' | 'keys';

/** What one data-plane operation needs: an RBAC data action, or an access-policy permission on its collection. */
export interface Permission {
  kind: ObjectKind;
  /** RBAC data action (`Microsoft.KeyVault/vaults/...`). */
  action: string;
  /** Access-policy permission name within `kind` (lower-case, as ARM stores them). */
  policy: string;
}

const VAULTS = 'Microsoft.KeyVault/vaults';

function permission(kind: ObjectKind, action: string, policy: string): Permission {
  return { kind, action: `${VAULTS}/${action}`, policy };
}

/**
 * Secrets operations. Actions from Microsoft's access-policy→RBAC mapping (Secret Get→getSecret/action,
 * List→readMetadata/action, Set→setSecret/action, …); reading deleted secrets' metadata is readMetadata.
 * Policy permissions as the REST spec states for each operation ("requires the secrets/x permission").
 */
export const SECRET_PERMISSIONS = {
  get: permission('secrets', 'secrets/getSecret/action', 'get'),
  list: permission('secrets', 'secrets/readMetadata/action', 'list'),
  getDeleted: permission('secrets', 'secrets/readMetadata/action', 'get'),
  listDeleted: permission('secrets', 'secrets/readMetadata/action', 'list'),
  set: permission('secrets', 'secrets/setSecret/action', 'set'),
  update: permission('secrets', 'secrets/update/action', 'set'),
  delete: permission('secrets', 'secrets/delete', 'delete'),
  recover: permission('secrets', 'secrets/recover/action', 'recover'),
  purge: permission('secrets', 'secrets/purge/action', 'purge'),
  backup: permission('secrets', 'secrets/backup/action', 'backup'),
  restore: permission('secrets', 'secrets/restore/action', 'restore'),
} satisfies Record<string, Permission>;

/**
 * Certificates operations. Actions from Microsoft's access-policy→RBAC mapping (Certificate Get/List→
 * certificates/read, Update→update/action, Create→create/action, Import→import/action, ManageContacts→
 * certificatecontacts/write, Get/ListIssuers→certificatecas/read, Set/ManageIssuers→certificatecas/write,
 * DeleteIssuers→certificatecas/delete, …). The REST spec names the policy permission per operation:
 * pending get/cancel/delete need `update`, merge needs `create`, contacts need `managecontacts`.
 * RBAC has no contacts read action, so reading contacts needs certificatecontacts/write too.
 */
export const CERTIFICATE_PERMISSIONS = {
  get: permission('certificates', 'certificates/read', 'get'),
  list: permission('certificates', 'certificates/read', 'list'),
  getDeleted: permission('certificates', 'certificates/read', 'get'),
  listDeleted: permission('certificates', 'certificates/read', 'list'),
  getPending: permission('certificates', 'certificates/read', 'get'),
  create: permission('certificates', 'certificates/create/action', 'create'),
  merge: permission('certificates', 'certificates/create/action', 'create'),
  import: permission('certificates', 'certificates/import/action', 'import'),
  update: permission('certificates', 'certificates/update/action', 'update'),
  delete: permission('certificates', 'certificates/delete', 'delete'),
  recover: permission('certificates', 'certificates/recover/action', 'recover'),
  purge: permission('certificates', 'certificates/purge/action', 'purge'),
  backup: permission('certificates', 'certificates/backup/action', 'backup'),
  restore: permission('certificates', 'certificates/restore/action', 'restore'),
  contacts: permission('certificates', 'certificatecontacts/write', 'managecontacts'),
  getIssuer: permission('certificates', 'certificatecas/read', 'getissuers'),
  listIssuers: permission('certificates', 'certificatecas/read', 'listissuers'),
  setIssuer: permission('certificates', 'certificatecas/write', 'setissuers'),
  deleteIssuer: permission('certificates', 'certificatecas/delete', 'deleteissuers'),
} satisfies Record<string, Permission>;

/** Keys operations the sandbox serves (the public metadata of a certificate's key). */
export const KEY_PERMISSIONS = {
  get: permission('keys', 'keys/read', 'get'),
  list: permission('keys', 'keys/read', 'list'),
} satisfies Record<string, Permission>;

/**
 * Data actions of the built-in roles, verbatim from their role definitions (Get-AzRoleDefinition /
 * learn.microsoft.com built-in roles, "Security"): a trailing `/*` covers everything below, an inner
 * `*` one path segment.
 */
export const ROLE_DATA_ACTIONS: Record<RoleName, readonly string[]> = {
  'Key Vault Administrator': [`${VAULTS}/*`],
  'Key Vault Reader': [`${VAULTS}/*/read`, `${VAULTS}/secrets/readMetadata/action`],
  'Key Vault Secrets Officer': [`${VAULTS}/secrets/*`],
  'Key Vault Secrets User': [`${VAULTS}/secrets/getSecret/action`, `${VAULTS}/secrets/readMetadata/action`],
  'Key Vault Certificates Officer': [`${VAULTS}/certificatecas/*`, `${VAULTS}/certificates/*`, `${VAULTS}/certificatecontacts/write`],
  'Key Vault Certificate User': [
    `${VAULTS}/certificates/read`,
    `${VAULTS}/secrets/getSecret/action`,
    `${VAULTS}/secrets/readMetadata/action`,
    `${VAULTS}/keys/read`,
  ],
};

/** Access-policy permissions that stand for several: `all` everywhere, `manageissuers` for every issuer operation. */
const POLICY_UMBRELLAS: Record<string, readonly string[]> = {
  manageissuers: ['getissuers', 'listissuers', 'setissuers', 'deleteissuers'],
};

/** Whether a role definition's data-action pattern covers `action`. */
export function actionMatches(pattern: string, action: string): boolean {
  if (pattern.endsWith('/*')) return action.startsWith(pattern.slice(0, -1));
  const p = pattern.split('/');
  const a = action.split('/');
  return p.length === a.length && p.every((segment, i) => segment === '*' || segment === a[i]);
}

/** Whether a role grants an action. */
export function roleGrants(role: RoleName, action: string): boolean {
  return ROLE_DATA_ACTIONS[role].some((pattern) => actionMatches(pattern, action));
}

/** Whether an access policy's permission list for one collection grants `wanted`. */
export function policyGrants(granted: readonly string[], wanted: string): boolean {
  return granted.some((p) => {
    const name = p.toLowerCase();
    return name === 'all' || name === wanted || (POLICY_UMBRELLAS[name]?.includes(wanted) ?? false);
  });
}
