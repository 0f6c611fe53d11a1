import type { ApproverDto } from '../../../shared/domain/approvals.js';

/** The approval settings of a group's end-user activation rule, as JIT Vault uses them. */
export interface ApprovalRule {
  required: boolean;
  /** approvalStageTimeOutInDays of the first stage (PIM for Groups: one day). */
  timeoutDays: number;
  approvers: ApproverDto[];
}

interface UserSet {
  '@odata.type'?: string;
  userId?: string;
  groupId?: string;
  id?: string;
  description?: string | null;
}

/**
 * Reads `Approval_EndUser_Assignment` from a policy's rules: whether approval is required, the
 * stage timeout and the primary approvers — `singleUser` (userId) and `groupMembers` (groupId), with
 * `description` as their display name (resources/groupmembers.md, resources/singleuser.md).
 */
export function parseApprovalRule(rules: unknown[]): ApprovalRule {
  const rule = rules.find((r) => (r as { id?: string }).id === 'Approval_EndUser_Assignment') as
    | { setting?: { isApprovalRequired?: boolean; approvalStages?: { approvalStageTimeOutInDays?: number; primaryApprovers?: UserSet[] }[] } }
    | undefined;
  const stage = rule?.setting?.approvalStages?.[0];
  const approvers: ApproverDto[] = [];
  for (const set of stage?.primaryApprovers ?? []) {
    const type = set['@odata.type'] ?? '';
    if (type.endsWith('groupMembers') && set.groupId) approvers.push({ kind: 'group', id: set.groupId, displayName: set.description || set.groupId });
    else if (type.endsWith('singleUser') && (set.userId ?? set.id)) {
      const id = (set.userId ?? set.id)!;
      approvers.push({ kind: 'user', id, displayName: set.description || id });
    }
  }
  const days = stage?.approvalStageTimeOutInDays;
  return { required: rule?.setting?.isApprovalRequired === true, timeoutDays: typeof days === 'number' && days > 0 ? days : 1, approvers };
}
