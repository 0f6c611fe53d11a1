import type { AccessId, GroupPolicy, TenantState } from '../state/model.js';
import { parseIsoDuration } from './duration.js';
import { stableGuid } from './pim-ids.js';

/**
 * The role management policy in force for a group membership (`member`) or ownership (`owner`).
 * Every PIM-onboarded group has one for each relationship; groups the seed gives no policy get
 * Entra's defaults (8 hours, justification required, no approval), with a stable id.
 */
export function effectivePolicy(tenant: TenantState, groupId: string, accessId: AccessId): GroupPolicy {
  const configured = tenant.policies.find((p) => p.groupId.toLowerCase() === groupId.toLowerCase() && p.accessId === accessId);
  if (configured) return configured;
  const group = tenant.groups.find((g) => g.id.toLowerCase() === groupId.toLowerCase());
  return {
    id: `Group_${groupId}_${stableGuid(`policy:${groupId}:${accessId}`)}`,
    groupId,
    accessId,
    maximumDuration: 'PT8H',
    requireJustification: true,
    requireTicket: false,
    requireMfa: false,
    requireApproval: false,
    approvers: [],
    lastModifiedDateTime: group?.createdDateTime ?? new Date(0).toISOString(),
  };
}

/** Maximum activation in milliseconds (PT8H when the stored value is unreadable). */
export function maximumDurationMs(policy: GroupPolicy): number {
  return parseIsoDuration(policy.maximumDuration) ?? 8 * 3600_000;
}

/**
 * Who reviews requests under `policy`: its primary approvers, or (as Entra does when none are set)
 * the tenant's administrators.
 */
export function approversFor(tenant: TenantState, policy: GroupPolicy): string[] {
  if (policy.approvers.length > 0) return [...policy.approvers];
  return tenant.users.filter((u) => u.role === 'admin').map((u) => u.oid);
}

/** Graph's id of the policy assignment linking `policy` to its group and relationship. */
export function policyAssignmentId(policy: GroupPolicy): string {
  return `${policy.id}_${policy.accessId}`;
}

/** Every policy (configured or default) of the tenant's groups, member and owner. */
export function allPolicies(tenant: TenantState): GroupPolicy[] {
  const result: GroupPolicy[] = [];
  for (const group of tenant.groups) {
    for (const accessId of ['member', 'owner'] as const) result.push(effectivePolicy(tenant, group.id, accessId));
  }
  return result;
}
