import type { AssignmentSchedule, EligibilitySchedule } from '../state/model.js';
import { hasEnded, type PimContext } from './pim-lifecycle.js';
import { scheduleId, stableGuid } from './pim-ids.js';

/**
 * Read models of PIM state: the schedules and instances Graph lists. Standing (permanent) group
 * members appear as `Assigned` schedules and instances without start or end, as in PIM for Groups.
 */

/** Eligibility schedules not yet expired (including future ones). */
export function eligibilitySchedules(pim: PimContext): EligibilitySchedule[] {
  return pim.tenant.eligibilities.filter((e) => e.endDateTime === null || Date.parse(e.endDateTime) > pim.now);
}

/** Eligibilities in force right now: the eligibility schedule instances. */
export function eligibilityInstances(pim: PimContext): EligibilitySchedule[] {
  return eligibilitySchedules(pim).filter((e) => Date.parse(e.startDateTime) <= pim.now);
}

/** A standing membership, shaped as an assignment schedule (never stored). */
export interface StandingAssignment extends AssignmentSchedule {
  standing: true;
}

/** Standing members of every group of the tenant. */
export function standingAssignments(pim: PimContext): StandingAssignment[] {
  return pim.tenant.groups.flatMap((group) =>
    group.members.map((member) => ({
      standing: true as const,
      id: scheduleId(group.id, 'member', stableGuid(`standing:${group.id}:${member}`)),
      groupId: group.id,
      principalId: member,
      accessId: 'member' as const,
      assignmentType: 'Assigned' as const,
      memberType: 'Direct' as const,
      createdDateTime: group.createdDateTime,
      startDateTime: group.createdDateTime,
      endDateTime: null,
      requestId: '',
      visibleToTokensAt: 0,
    })),
  );
}

/** Assignment schedules not over yet: activations (current or scheduled) and standing memberships. */
export function assignmentSchedules(pim: PimContext): AssignmentSchedule[] {
  return [...pim.tenant.assignments.filter((a) => !hasEnded(a, pim.now)), ...standingAssignments(pim)];
}

/** Assignments in force right now: the assignment schedule instances. An instance vanishes at its end. */
export function assignmentInstances(pim: PimContext): AssignmentSchedule[] {
  return [...pim.tenant.assignments.filter((a) => pim.store.isAssignmentActive(a, pim.now)), ...standingAssignments(pim)];
}

/** Graph id of the instance of an assignment schedule (instances have ids of their own in Graph). */
export function assignmentInstanceId(schedule: AssignmentSchedule): string {
  return scheduleId(schedule.groupId, schedule.accessId, stableGuid(`instance:${schedule.id}`));
}
