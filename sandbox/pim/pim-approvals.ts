import type { Approval, ApprovalStage, AssignmentScheduleRequest } from '../state/model.js';
import { parseIsoDuration } from './duration.js';
import { isListedApprover } from './pim-approvers.js';
import { forbidden, notFound, PimError } from './pim-errors.js';
import { createActivationSchedule, PROVISIONING_DELAY_MS, sameId, statusAt, type PimContext } from './pim-lifecycle.js';

/** An approver's decision, as Graph's approvalStage PATCH spells it. */
export type ReviewDecision = 'Approve' | 'Deny';

/** Who decided: a user of the tenant, or the sandbox admin API. */
export interface Reviewer {
  id: string;
  displayName: string;
}

/** The approval of a request, looked up by the approval id (PIM for Groups uses the request id). */
export function findApproval(pim: PimContext, approvalId: string): Approval | undefined {
  return pim.tenant.approvals.find((a) => sameId(a.id, approvalId));
}

/** Whether `oid` may see an approval: an approver of one of its stages, or the requester. */
export function canSeeApproval(pim: PimContext, approval: Approval, oid: string): boolean {
  if (approval.stages.some((s) => isListedApprover(pim.tenant, s.approvers, oid))) return true;
  const request = pim.tenant.requests.find((r) => r.id === approval.requestId);
  return request !== undefined && sameId(request.principalId, oid);
}

/** Whether the stage waits on `oid` (Graph's `assignedToMe`): an approver, never the requester. */
export function isAssignedTo(pim: PimContext, approval: Approval, stage: ApprovalStage, oid: string): boolean {
  const request = pim.tenant.requests.find((r) => r.id === approval.requestId);
  if (request && sameId(request.principalId, oid)) return false;
  return stage.status === 'InProgress' && isListedApprover(pim.tenant, stage.approvers, oid);
}

/**
 * PATCH …/assignmentApprovals/{id}/stages/{stageId} by an approver (approvalstage-update.md):
 * 403 for someone the stage is not assigned to, 404 for an unknown approval or stage, 409 when the
 * stage was already decided.
 */
export function reviewStage(pim: PimContext, reviewer: Reviewer, approvalId: string, stageId: string, decision: ReviewDecision, justification: string | null): void {
  const approval = findApproval(pim, approvalId);
  if (!approval) throw notFound(approvalId);
  // As approval-get.md: "If the caller does not have the right permissions, the method returns a 403".
  if (!canSeeApproval(pim, approval, reviewer.id)) throw forbidden('The caller is not allowed to review this approval.');
  const stage = approval.stages.find((s) => sameId(s.id, stageId));
  if (!stage) throw notFound(stageId);
  if (stage.status !== 'InProgress') throw new PimError(409, 'Conflict', 'The approval stage has already been reviewed.');
  if (!isAssignedTo(pim, approval, stage, reviewer.id)) throw forbidden('The approval stage is not assigned to the caller.');
  decide(pim, approval, stage, decision, reviewer, justification);
}

/**
 * Records a decision on a pending request (the approver's PATCH or the admin API). Approve makes the
 * request Granted and schedules the membership after PROVISIONING_DELAY_MS; Deny closes it.
 */
export function decide(pim: PimContext, approval: Approval, stage: ApprovalStage, decision: ReviewDecision, reviewer: Reviewer, justification: string | null): AssignmentScheduleRequest {
  const request = pim.tenant.requests.find((r) => r.id === approval.requestId);
  if (!request || statusAt(request, pim.now) !== 'PendingApproval') throw new PimError(409, 'Conflict', 'The request is no longer pending approval.');
  const iso = new Date(pim.now).toISOString();
  stage.status = 'Completed';
  stage.reviewResult = decision === 'Approve' ? 'Approved' : 'Denied';
  stage.reviewedBy = reviewer;
  stage.reviewedDateTime = iso;
  stage.justification = justification;
  if (decision === 'Deny') {
    request.status = 'Denied';
    request.completedDateTime = iso;
  } else {
    const requestedStart = request.scheduleInfo.startDateTime ? Date.parse(request.scheduleInfo.startDateTime) : pim.now;
    const startMs = Math.max(pim.now + PROVISIONING_DELAY_MS, requestedStart);
    const durationMs = requestedDurationMs(request, startMs);
    request.status = 'Granted';
    request.provisionAt = startMs;
    request.scheduleInfo = { ...request.scheduleInfo, startDateTime: new Date(startMs).toISOString() };
    createActivationSchedule(pim, request, startMs, durationMs);
  }
  pim.store.changed();
  return request;
}

/** The length of activation a request asked for, measured from `startMs` for a fixed end time. */
export function requestedDurationMs(request: AssignmentScheduleRequest, startMs: number): number {
  const { expiration } = request.scheduleInfo;
  if (expiration.type === 'afterDateTime' && expiration.endDateTime) return Math.max(0, Date.parse(expiration.endDateTime) - startMs);
  return (expiration.duration ? parseIsoDuration(expiration.duration) : undefined) ?? 0;
}
