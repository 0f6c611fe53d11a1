import type { Approval, AssignmentSchedule, AssignmentScheduleRequest, EligibilitySchedule } from '../state/model.js';
import { eligibilityInstanceId, scheduleId } from '../pim/pim-ids.js';
import { isAssignedTo } from '../pim/pim-approvals.js';
import { sameId, statusAt, type PimContext } from '../pim/pim-lifecycle.js';
import { assignmentInstanceId } from '../pim/pim-queries.js';

/**
 * PIM for Groups entities in Graph v1.0's JSON shapes, verbatim from the docs examples in
 * microsoftgraph/microsoft-graph-docs-contrib api-reference/v1.0 (privilegedaccessgroup-*.md).
 */

/** Graph id of an eligibility schedule: `{groupId}_{accessId}_{guid}`. */
export function eligibilityScheduleId(e: EligibilitySchedule): string {
  return scheduleId(e.groupId, e.accessId, e.id);
}

/** privilegedAccessGroupEligibilitySchedule (privilegedaccessgroup-list-eligibilityschedules.md). */
export function eligibilityScheduleJson(e: EligibilitySchedule): Record<string, unknown> {
  return {
    id: eligibilityScheduleId(e),
    scheduleInfo: {
      startDateTime: e.startDateTime,
      recurrence: null,
      expiration: e.endDateTime ? { type: 'afterDateTime', endDateTime: e.endDateTime, duration: null } : { type: 'noExpiration', endDateTime: null, duration: null },
    },
    createdUsing: e.id,
    createdDateTime: e.createdDateTime,
    modifiedDateTime: null,
    status: 'Provisioned',
    memberType: 'Direct',
    accessId: e.accessId,
    principalId: e.principalId,
    groupId: e.groupId,
  };
}

/** privilegedAccessGroupEligibilityScheduleInstance (…eligibilityscheduleinstance-filterbycurrentuser.md). */
export function eligibilityInstanceJson(e: EligibilitySchedule): Record<string, unknown> {
  const schedule = eligibilityScheduleId(e);
  return {
    id: eligibilityInstanceId(schedule),
    startDateTime: e.startDateTime,
    endDateTime: e.endDateTime,
    memberType: 'Direct',
    principalId: e.principalId,
    accessId: e.accessId,
    groupId: e.groupId,
    eligibilityScheduleId: schedule,
  };
}

/** The eligibility an activation was made under (for `createdUsing` / `$expand=activatedUsing`). */
export function eligibilityUsed(pim: PimContext, a: { principalId: string; groupId: string; accessId: string }): EligibilitySchedule | undefined {
  return pim.tenant.eligibilities.find((e) => sameId(e.principalId, a.principalId) && sameId(e.groupId, a.groupId) && e.accessId === a.accessId);
}

/** privilegedAccessGroupAssignmentSchedule (privilegedaccessgroup-list-assignmentschedules.md). */
export function assignmentScheduleJson(pim: PimContext, a: AssignmentSchedule): Record<string, unknown> {
  const standing = a.assignmentType === 'Assigned';
  const used = standing ? undefined : eligibilityUsed(pim, a);
  return {
    id: a.id,
    scheduleInfo: {
      startDateTime: a.startDateTime,
      recurrence: null,
      expiration: a.endDateTime ? { type: 'afterDateTime', endDateTime: endOf(a), duration: null } : { type: 'noExpiration', endDateTime: null, duration: null },
    },
    createdDateTime: a.createdDateTime,
    modifiedDateTime: null,
    createdUsing: used ? eligibilityScheduleId(used) : null,
    status: 'Provisioned',
    accessId: a.accessId,
    principalId: a.principalId,
    groupId: a.groupId,
    memberType: a.memberType,
    assignmentType: a.assignmentType,
  };
}

/**
 * privilegedAccessGroupAssignmentScheduleInstance (privilegedaccessgroup-list-assignmentscheduleinstances.md).
 * A permanent (standing) assignment has no start or end.
 */
export function assignmentInstanceJson(a: AssignmentSchedule): Record<string, unknown> {
  const standing = a.assignmentType === 'Assigned' && a.endDateTime === null;
  return {
    id: assignmentInstanceId(a),
    principalId: a.principalId,
    startDateTime: standing ? null : a.startDateTime,
    endDateTime: standing ? null : endOf(a),
    assignmentType: a.assignmentType,
    accessId: a.accessId,
    groupId: a.groupId,
    memberType: a.memberType,
    assignmentScheduleId: a.id,
  };
}

/** privilegedAccessGroupAssignmentScheduleRequest (privilegedaccessgroup-post-assignmentschedulerequests.md). */
export function requestJson(pim: PimContext, r: AssignmentScheduleRequest): Record<string, unknown> {
  const status = statusAt(r, pim.now);
  const completed = status === 'Provisioned' && r.completedDateTime === null && r.provisionAt !== undefined ? new Date(r.provisionAt).toISOString() : r.completedDateTime;
  return {
    id: r.id,
    status,
    completedDateTime: completed,
    createdDateTime: r.createdDateTime,
    approvalId: r.approvalId,
    customData: r.customData,
    // identitySet.user as the GET example shows it (privilegedaccessgroupassignmentschedulerequest-get.md): displayName null.
    createdBy: { user: { displayName: null, id: r.createdByUserId } },
    action: r.action,
    isValidationOnly: r.isValidationOnly,
    justification: r.justification,
    scheduleInfo: {
      startDateTime: r.scheduleInfo.startDateTime,
      recurrence: null,
      expiration: { type: r.scheduleInfo.expiration.type, endDateTime: r.scheduleInfo.expiration.endDateTime, duration: r.scheduleInfo.expiration.duration },
    },
    ticketInfo: { ticketNumber: r.ticketInfo.ticketNumber, ticketSystem: r.ticketInfo.ticketSystem },
    accessId: r.accessId,
    principalId: r.principalId,
    groupId: r.groupId,
    targetScheduleId: r.targetScheduleId,
  };
}

/** approval with its stages (approval-get.md); `assignedToMe` is computed for the caller. */
export function approvalJson(pim: PimContext, approval: Approval, callerOid: string): Record<string, unknown> {
  return { id: approval.id, stages: approval.stages.map((_, i) => approvalStageJson(pim, approval, i, callerOid)) };
}

/** approvalStage (approvalstage-get.md). */
export function approvalStageJson(pim: PimContext, approval: Approval, index: number, callerOid: string): Record<string, unknown> {
  const stage = approval.stages[index]!;
  return {
    id: stage.id,
    displayName: stage.displayName,
    reviewedDateTime: stage.reviewedDateTime,
    reviewResult: stage.reviewResult,
    status: stage.status,
    assignedToMe: isAssignedTo(pim, approval, stage, callerOid),
    justification: stage.justification ?? '',
    reviewedBy: stage.reviewedBy ? { id: stage.reviewedBy.id, displayName: stage.reviewedBy.displayName } : null,
  };
}

/** The end of an assignment: its scheduled end, or earlier when revoked/deactivated/expired. */
function endOf(a: AssignmentSchedule): string | null {
  if (a.endedDateTime && (a.endDateTime === null || Date.parse(a.endedDateTime) < Date.parse(a.endDateTime))) return a.endedDateTime;
  return a.endDateTime;
}
