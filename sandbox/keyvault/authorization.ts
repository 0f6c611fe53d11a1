import { createHash } from 'node:crypto';
import type { VaultState } from '../state/model.js';
import type { VaultCaller } from './challenge-auth.js';
import { policyGrants, roleGrants, type ObjectKind, type Permission } from './data-actions.js';
import { KeyVaultError } from './vault-errors.js';

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
 * failing until the client gets a new one. `objectName` scopes the RBAC resource in the message.
 */
export function authorize(vault: VaultState, caller: VaultCaller, needed: Permission, objectName?: string): AuthorizationGrant {
  const principals = new Set([caller.oid, ...caller.groups]);
  if (vault.permissionModel === 'rbac') {
    const assignment = vault.roleAssignments.find((a) => principals.has(a.principalId.toLowerCase()) && roleGrants(a.role, needed.action));
    if (!assignment) throw rbacDenied(vault, caller, needed, objectName);
    return { rbacAssignmentId: assignment.id };
  }
  const allowed = vault.accessPolicies.some((p) => principals.has(p.objectId.toLowerCase()) && policyGrants(policyList(p, needed.kind), needed.policy));
  if (!allowed) throw policyDenied(vault, caller, needed);
  return {};
}

function policyList(policy: VaultState['accessPolicies'][number], kind: ObjectKind): readonly string[] {
  return policy[kind] ?? [];
}

/** The ARM resource id Key Vault prints; the sandbox has no subscriptions, so one is derived from the tenant. */
function resourceId(vault: VaultState, kind: ObjectKind, objectName?: string): string {
  const hex = createHash('sha256').update(`subscription:${vault.tenantId}`).digest('hex');
  const subscription = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  const base = `/subscriptions/${subscription}/resourcegroups/rg-jit-vault-sandbox/providers/microsoft.keyvault/vaults/${vault.name.toLowerCase()}`;
  return objectName ? `${base}/${kind}/${objectName}` : base;
}

/** 3rd-party captures (piyushsachdeva/Terraform_AKS#2; hashicorp/terraform-provider-azurerm#27817). */
function rbacDenied(vault: VaultState, caller: VaultCaller, needed: Permission, objectName?: string): KeyVaultError {
  const message =
    'Caller is not authorized to perform action on resource.\r\n' +
    'If role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\r\n' +
    `Caller: ${callerDescription(caller)}\r\n` +
    `Action: '${needed.action}'\r\n` +
    `Resource: '${resourceId(vault, needed.kind, objectName)}'\r\n` +
    'Assignment: (not found)\r\n' +
    'DenyAssignmentId: null\r\n' +
    "DecisionReason: 'DeniedWithNoValidRBAC' \r\n" +
    `Vault: ${vault.name};location=${vault.location}\r\n`;
  return new KeyVaultError(403, 'Forbidden', message, 'ForbiddenByRbac');
}

/** 3rd-party captures (turbot/steampipe-plugin-azure#127 and Terraform logs). */
function policyDenied(vault: VaultState, caller: VaultCaller, needed: Permission): KeyVaultError {
  const message =
    `The user, group or application '${callerDescription(caller)}' does not have ${needed.kind} ${needed.policy} permission on key vault ` +
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
