import type { GroupPolicy, TenantState } from '../state/model.js';
import { approversFor, policyAssignmentId } from '../pim/pim-policy.js';

/**
 * Role management policies for PIM for Groups in Graph v1.0's shape
 * (policyroot-list-rolemanagementpolicyassignments.md, Example 4): every rule of a group policy,
 * with the EndUser/Assignment rules (the ones governing self-activation) taken from the sandbox
 * policy. Group-scoped rules list their operations as "All", as in that example.
 */

type RuleCaller = 'Admin' | 'EndUser';
type RuleLevel = 'Eligibility' | 'Assignment';

function target(caller: RuleCaller, level: RuleLevel): Record<string, unknown> {
  return { caller, operations: ['All'], level, inheritableSettings: [], enforcedSettings: [] };
}

function notificationRules(caller: RuleCaller, level: RuleLevel): Record<string, unknown>[] {
  return (['Admin', 'Requestor', 'Approver'] as const).map((recipientType) => ({
    '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyNotificationRule',
    id: `Notification_${recipientType}_${caller}_${level}`,
    notificationType: 'Email',
    recipientType,
    notificationLevel: 'All',
    isDefaultRecipientsEnabled: true,
    notificationRecipients: [],
    target: target(caller, level),
  }));
}

/**
 * One primary approver as a userSet: `singleUser` (v1.0 carries userId; beta writes id/isBackup) or
 * `groupMembers` with the group's id (resources/groupmembers.md); `description` is the display name.
 */
function approverJson(tenant: TenantState, id: string): Record<string, unknown> {
  const group = tenant.groups.find((g) => g.id.toLowerCase() === id.toLowerCase());
  if (group) return { '@odata.type': '#microsoft.graph.groupMembers', groupId: group.id, description: group.displayName };
  return { '@odata.type': '#microsoft.graph.singleUser', userId: id, description: tenant.users.find((u) => u.oid === id)?.displayName ?? null };
}

/** All rules of `policy`, in the order Graph lists them. */
export function policyRulesJson(tenant: TenantState, policy: GroupPolicy): Record<string, unknown>[] {
  const enabledRules = [
    ...(policy.requireMfa ? ['MultiFactorAuthentication'] : []),
    ...(policy.requireJustification ? ['Justification'] : []),
    ...(policy.requireTicket ? ['Ticketing'] : []),
  ];
  const approvers = policy.requireApproval ? approversFor(tenant, policy) : policy.approvers;
  return [
    { '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyExpirationRule', id: 'Expiration_Admin_Eligibility', isExpirationRequired: true, maximumDuration: 'P365D', target: target('Admin', 'Eligibility') },
    { '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyEnablementRule', id: 'Enablement_Admin_Eligibility', enabledRules: [], target: target('Admin', 'Eligibility') },
    ...notificationRules('Admin', 'Eligibility'),
    { '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyExpirationRule', id: 'Expiration_Admin_Assignment', isExpirationRequired: true, maximumDuration: 'P180D', target: target('Admin', 'Assignment') },
    { '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyEnablementRule', id: 'Enablement_Admin_Assignment', enabledRules: ['Justification'], target: target('Admin', 'Assignment') },
    ...notificationRules('Admin', 'Assignment'),
    { '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyExpirationRule', id: 'Expiration_EndUser_Assignment', isExpirationRequired: true, maximumDuration: policy.maximumDuration, target: target('EndUser', 'Assignment') },
    { '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyEnablementRule', id: 'Enablement_EndUser_Assignment', enabledRules, target: target('EndUser', 'Assignment') },
    {
      '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyApprovalRule',
      id: 'Approval_EndUser_Assignment',
      target: target('EndUser', 'Assignment'),
      setting: {
        isApprovalRequired: policy.requireApproval,
        isApprovalRequiredForExtension: false,
        isRequestorJustificationRequired: true,
        approvalMode: 'SingleStage',
        approvalStages: [
          {
            approvalStageTimeOutInDays: 1,
            isApproverJustificationRequired: true,
            escalationTimeInMinutes: 0,
            isEscalationEnabled: false,
            primaryApprovers: approvers.map((id) => approverJson(tenant, id)),
            escalationApprovers: [],
          },
        ],
      },
    },
    {
      '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyAuthenticationContextRule',
      id: 'AuthenticationContext_EndUser_Assignment',
      isEnabled: policy.authenticationContext !== undefined,
      claimValue: policy.authenticationContext ?? null,
      target: target('EndUser', 'Assignment'),
    },
    ...notificationRules('EndUser', 'Assignment'),
  ];
}

/** unifiedRoleManagementPolicy; `rules` only when expanded. */
export function policyJson(tenant: TenantState, policy: GroupPolicy, withRules: boolean): Record<string, unknown> {
  return {
    id: policy.id,
    displayName: 'Group',
    description: 'Group',
    isOrganizationDefault: false,
    scopeId: policy.groupId,
    scopeType: 'Group',
    lastModifiedDateTime: policy.lastModifiedDateTime,
    lastModifiedBy: { displayName: null, id: null },
    ...(withRules ? { rules: policyRulesJson(tenant, policy) } : {}),
  };
}

/** unifiedRoleManagementPolicyAssignment; `policy` only when expanded. */
export function policyAssignmentJson(tenant: TenantState, policy: GroupPolicy, expandPolicy: 'none' | 'policy' | 'rules'): Record<string, unknown> {
  return {
    id: policyAssignmentId(policy),
    policyId: policy.id,
    scopeId: policy.groupId,
    scopeType: 'Group',
    roleDefinitionId: policy.accessId,
    ...(expandPolicy !== 'none' ? { policy: policyJson(tenant, policy, expandPolicy === 'rules') } : {}),
  };
}
