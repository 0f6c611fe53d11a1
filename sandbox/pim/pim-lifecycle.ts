import type { SandboxStore } from '../state/store.js';
import type { AccessId, AssignmentSchedule, AssignmentScheduleRequest, EligibilitySchedule, RequestStatus, TenantState } from '../state/model.js';
import { approvalLapsesAt } from './pim-approvers.js';
import { scheduleId } from './pim-ids.js';

/**
 * Where PIM code runs: one tenant's state, the store (for shared lookups and persistence) and the
 * sandbox clock's "now". Everything time-dependent is computed lazily from `now`: there are no timers.
 */
export interface PimContext {
  readonly store: SandboxStore;
  readonly tenant: TenantState;
  readonly now: number;
}

/** Builds a PimContext at the sandbox clock's current time. */
export function pimContext(store: SandboxStore, tenant: TenantState): PimContext {
  return { store, tenant, now: store.clock.now() };
}

/**
 * Sandbox-clock delay between an approval and the membership being provisioned, so clients polling
 * the request see Granted, then PendingProvisioning, then Provisioned (real PIM takes seconds).
 */
export const PROVISIONING_DELAY_MS = 1000;
/** Part of that delay shown as PendingProvisioning (the rest reads Granted). */
const PENDING_PROVISIONING_MS = 500;

/** Statuses in which a request still waits for a decision or for provisioning. */
const PENDING: ReadonlySet<RequestStatus> = new Set(['PendingApproval', 'PendingAdminDecision', 'Granted', 'PendingProvisioning', 'PendingScheduleCreation']);

/**
 * A request's status at `now`: Granted/PendingProvisioning turn into Provisioned on the clock, and a
 * request nobody approved within the stage timeout is "automatically denied" (resources/approvalstage.md).
 */
export function statusAt(request: AssignmentScheduleRequest, now: number): RequestStatus {
  if (request.status === 'PendingApproval' && now >= approvalLapsesAt(request)) return 'Denied';
  if ((request.status === 'Granted' || request.status === 'PendingProvisioning') && request.provisionAt !== undefined) {
    if (now >= request.provisionAt) return 'Provisioned';
    if (request.approvalId !== null && now >= request.provisionAt - PENDING_PROVISIONING_MS) return 'PendingProvisioning';
    return 'Granted';
  }
  return request.status;
}

/** Whether a request (at `now`) still waits on approval or provisioning, and so may be canceled. */
export function isPending(request: AssignmentScheduleRequest, now: number): boolean {
  return PENDING.has(statusAt(request, now));
}

/**
 * Writes clock-driven status changes into the stored requests (so persisted state and the admin API
 * agree with what Graph shows). Returns whether anything changed; the caller calls `store.changed()`.
 */
export function settle(pim: PimContext): boolean {
  let changed = false;
  for (const request of pim.tenant.requests) {
    const status = statusAt(request, pim.now);
    if (status === request.status) continue;
    if (request.status === 'PendingApproval' && status === 'Denied') lapse(pim, request);
    request.status = status;
    if (status === 'Provisioned' && request.provisionAt !== undefined) request.completedDateTime = new Date(request.provisionAt).toISOString();
    changed = true;
  }
  return changed;
}

/** Closes a lapsed request's open stages unreviewed: nobody decided, the timeout did. */
function lapse(pim: PimContext, request: AssignmentScheduleRequest): void {
  request.completedDateTime = new Date(approvalLapsesAt(request)).toISOString();
  const approval = pim.tenant.approvals.find((a) => a.requestId === request.id);
  for (const stage of approval?.stages ?? []) if (stage.status === 'InProgress') stage.status = 'Completed';
}

/** The caller's eligibility for a group relationship in force at `now`, if any. */
export function activeEligibility(pim: PimContext, principalId: string, groupId: string, accessId: AccessId): EligibilitySchedule | undefined {
  return pim.tenant.eligibilities.find(
    (e) =>
      sameId(e.principalId, principalId) &&
      sameId(e.groupId, groupId) &&
      e.accessId === accessId &&
      Date.parse(e.startDateTime) <= pim.now &&
      (e.endDateTime === null || Date.parse(e.endDateTime) > pim.now),
  );
}

/** An activation that is in force now or scheduled to start later (not ended, not revoked). */
export function currentActivation(pim: PimContext, principalId: string, groupId: string, accessId: AccessId): AssignmentSchedule | undefined {
  return pim.tenant.assignments.find(
    (a) => sameId(a.principalId, principalId) && sameId(a.groupId, groupId) && a.accessId === accessId && !hasEnded(a, pim.now),
  );
}

/** Whether an assignment schedule is over at `now` (expired, revoked or deactivated). */
export function hasEnded(a: AssignmentSchedule, now: number): boolean {
  if (a.endedDateTime && Date.parse(a.endedDateTime) <= now) return true;
  return a.endDateTime !== null && Date.parse(a.endDateTime) <= now;
}

/** A self-activation for the same principal, group and access still pending at `now`. */
export function pendingActivationRequest(pim: PimContext, principalId: string, groupId: string, accessId: AccessId): AssignmentScheduleRequest | undefined {
  return pim.tenant.requests.find(
    (r) =>
      r.action === 'selfActivate' &&
      sameId(r.principalId, principalId) &&
      sameId(r.groupId, groupId) &&
      r.accessId === accessId &&
      isPending(r, pim.now) &&
      // A Granted request whose schedule already exists is reported as RoleAssignmentExists instead.
      !pim.tenant.assignments.some((a) => a.requestId === r.id),
  );
}

/**
 * Creates the assignment schedule an activation request leads to: membership from `startMs` for
 * `durationMs`, visible to newly issued tokens after the propagation delay.
 */
export function createActivationSchedule(pim: PimContext, request: AssignmentScheduleRequest, startMs: number, durationMs: number): AssignmentSchedule {
  const schedule: AssignmentSchedule = {
    id: request.targetScheduleId ?? scheduleId(request.groupId, request.accessId, request.id),
    groupId: request.groupId,
    principalId: request.principalId,
    accessId: request.accessId,
    assignmentType: 'Activated',
    memberType: 'Direct',
    createdDateTime: new Date(pim.now).toISOString(),
    startDateTime: new Date(startMs).toISOString(),
    endDateTime: new Date(startMs + durationMs).toISOString(),
    requestId: request.id,
    visibleToTokensAt: startMs + pim.store.data.settings.propagationDelaySeconds * 1000,
  };
  pim.tenant.assignments.push(schedule);
  return schedule;
}

/** Case-insensitive GUID comparison (Graph ids are GUIDs; clients vary in case). */
export function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
