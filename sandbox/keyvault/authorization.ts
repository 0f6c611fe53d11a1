import { createHash } from 'node:crypto';
import type { RoleName } from '../seed/schema.js';
import type { VaultState } from '../state/model.js';
import type { VaultCaller } from './challenge-auth.js';
import { KeyVaultError } from './vault-errors.js';

/** Every secrets data-plane operation, for authorisation. */
export type SecretOperation =
  | 'get'
  | 'list'
  | 'set'
  | 'update'
  | 'delete'
  | 'getDeleted'
  | 'listDeleted'
  | 'recover'
  | 'purge'
  | 'backup'
  | 'restore';

const SECRETS = 'Microsoft.KeyVault/vaults/secrets';

/**
 * RBAC data action per operation. Names from Microsoft's access-policy→RBAC mapping
 * (Secret Get→getSecret/action, List→readMetadata/action, Set→setSecret/action + update/action, …).
 * Reading deleted secrets' metadata is treated as readMetadata.
 */
const RBAC_ACTIONS: Record<SecretOperation, string> = {
  get: `${SECRETS}/getSecret/action`,
  list: `${SECRETS}/readMetadata/action`,
  getDeleted: `${SECRETS}/readMetadata/action`,
  listDeleted: `${SECRETS}/readMetadata/action`,
  set: `${SECRETS}/setSecret/action`,
  update: `${SECRETS}/update/action`,
  delete: `${SECRETS}/delete`,
  recover: `${SECRETS}/recover/action`,
  purge: `${SECRETS}/purge/action`,
  backup: `${SECRETS}/backup/action`,
  restore: `${SECRETS}/restore/action`,
};

/** Access-policy permission per operation, as the REST spec states for each ("requires the secrets/x permission"). */
const POLICY_PERMISSIONS: Record<SecretOperation, string> = {
  get: 'get',
  getDeleted: 'get',
  list: 'list',
  listDeleted: 'list',
  set: 'set',
  update: 'set',
  delete: 'delete',
  recover: 'recover',
  purge: 'purge',
  backup: 'backup',
  restore: 'restore',
};

/** Secret data actions of the built-in roles (Reader: metadata only; User: read values; Officer/Administrator: everything). */
const ROLE_ACTIONS: Record<RoleName, ReadonlySet<string> | 'all'> = {
  'Key Vault Secrets User': new Set([RBAC_ACTIONS.get, RBAC_ACTIONS.list]),
  'Key Vault Reader': new Set([RBAC_ACTIONS.list]),
  'Key Vault Secrets Officer': 'all',
  'Key Vault Administrator': 'all',
};

/** What an allowed call learned: the RBAC assignment that granted it (for the response header). */
export interface AuthorizationGrant {
  rbacAssignmentId?: string;
}

/** The caller string Key Vault prints in 403 messages. */
export function callerDescription(caller: VaultCaller): string {
  return `appid=${caller.appid};oid=${caller.oid};iss=${caller.iss}`;
}

/**
 * Decides one operation by the vault's permission model, against the token's `oid` and `groups`
 * claim only: the claim is what Key Vault trusts, so a token minted before a PIM activation keeps
 * failing until the client gets a new one. `secretName` scopes the RBAC resource in the message.
 */
export function authorize(vault: VaultState, caller: VaultCaller, operation: SecretOperation, secretName?: string): AuthorizationGrant {
  const principals = new Set([caller.oid, ...caller.groups]);
  if (vault.permissionModel === 'rbac') {
    const action = RBAC_ACTIONS[operation];
    const assignment = vault.roleAssignments.find((a) => {
      if (!principals.has(a.principalId.toLowerCase())) return false;
      const granted = ROLE_ACTIONS[a.role];
      return granted === 'all' || granted.has(action);
    });
    if (!assignment) throw rbacDenied(vault, caller, action, secretName);
    return { rbacAssignmentId: assignment.id };
  }
  const permission = POLICY_PERMISSIONS[operation];
  const allowed = vault.accessPolicies.some(
    (p) => principals.has(p.objectId.toLowerCase()) && (p.secrets.includes(permission) || p.secrets.includes('all')),
  );
  if (!allowed) throw policyDenied(vault, caller, permission);
  return {};
}

/** The ARM resource id Key Vault prints; the sandbox has no subscriptions, so one is derived from the tenant. */
function resourceId(vault: VaultState, secretName?: string): string {
  const hex = createHash('sha256').update(`subscription:${vault.tenantId}`).digest('hex');
  const subscription = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  const base = `/subscriptions/${subscription}/resourcegroups/rg-jit-vault-sandbox/providers/microsoft.keyvault/vaults/${vault.name.toLowerCase()}`;
  return secretName ? `${base}/secrets/${secretName}` : base;
}

/** 3rd-party captures (piyushsachdeva/Terraform_AKS#2; hashicorp/terraform-provider-azurerm#27817). */
function rbacDenied(vault: VaultState, caller: VaultCaller, action: string, secretName?: string): KeyVaultError {
  const message =
    'Caller is not authorized to perform action on resource.\r\n' +
    'If role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\r\n' +
    `Caller: ${callerDescription(caller)}\r\n` +
    `Action: '${action}'\r\n` +
    `Resource: '${resourceId(vault, secretName)}'\r\n` +
    'Assignment: (not found)\r\n' +
    'DenyAssignmentId: null\r\n' +
    "DecisionReason: 'DeniedWithNoValidRBAC' \r\n" +
    `Vault: ${vault.name};location=${vault.location}\r\n`;
  return new KeyVaultError(403, 'Forbidden', message, 'ForbiddenByRbac');
}

/** 3rd-party captures (turbot/steampipe-plugin-azure#127 and Terraform logs). */
function policyDenied(vault: VaultState, caller: VaultCaller, permission: string): KeyVaultError {
  const message =
    `The user, group or application '${callerDescription(caller)}' does not have secrets ${permission} permission on key vault ` +
    `'${vault.name};location=${vault.location}'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287`;
  return new KeyVaultError(403, 'Forbidden', message, 'ForbiddenByPolicy');
}

/**
 * The vault firewall: with public access restricted, a loopback client is never in an allowed
 * network (3rd-party captures in Terraform logs give the message).
 */
export function checkFirewall(vault: VaultState, caller: VaultCaller, address: string): void {
  if (!vault.firewallEnabled) return;
  const message =
    'Client address is not authorized and caller is not a trusted service.\r\n' +
    `Client address: ${address}\r\n` +
    `Caller: ${callerDescription(caller)}\r\n` +
    `Vault: ${vault.name};location=${vault.location}`;
  throw new KeyVaultError(403, 'Forbidden', message, 'ForbiddenByFirewall');
}
