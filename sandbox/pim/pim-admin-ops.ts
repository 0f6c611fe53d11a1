import { randomUUID } from 'node:crypto';
import type { SandboxStore } from '../state/store.js';
import type { AccessId, AssignmentSchedule, AssignmentScheduleRequest, EligibilitySchedule, TenantState } from '../state/model.js';
import { decide, type ReviewDecision } from './pim-approvals.js';
import { PimError, notFound } from './pim-errors.js';
import { hasEnded, pimContext, sameId, settle, statusAt } from './pim-lifecycle.js';

/**
 * Operations the sandbox admin API performs on PIM state (tests and demos): decide a pending request
 * as "the approver", end an activation now, manage eligibilities. Ids are GUIDs unique across
 * tenants, so lookups search every tenant.
 */

/** The admin API's identity on approval stages it decides. */
export const SANDBOX_REVIEWER = { id: '00000000-0000-0000-0000-000000000000', displayName: 'Sandbox administrator' };

/** Finds a request (by id) in any tenant. */
export function findRequest(store: SandboxStore, requestId: string): { tenant: TenantState; request: AssignmentScheduleRequest } | undefined {
  for (const tenant of store.data.tenants) {
    const request = tenant.requests.find((r) => sameId(r.id, requestId));
    if (request) return { tenant, request };
  }
  return undefined;
}

/** Approves or denies a request waiting for approval (its first undecided stage). */
export function adminDecide(store: SandboxStore, requestId: string, decision: ReviewDecision, justification: string | null): AssignmentScheduleRequest {
  const found = findRequest(store, requestId);
  if (!found) throw notFound(requestId);
  const pim = pimContext(store, found.tenant);
  const approval = found.tenant.approvals.find((a) => a.requestId === found.request.id);
  const stage = approval?.stages.find((s) => s.status === 'InProgress');
  if (!approval || !stage || statusAt(found.request, pim.now) !== 'PendingApproval') {
    throw new PimError(409, 'Conflict', `Request ${requestId} is not pending approval (status ${statusAt(found.request, pim.now)}).`);
  }
  return decide(pim, approval, stage, decision, SANDBOX_REVIEWER, justification);
}

/**
 * Finds an activation's schedule by its id (`{groupId}_{accessId}_{requestId}`, the request's
 * targetScheduleId) or by the id of the request that created it.
 */
export function findActivation(store: SandboxStore, id: string): { tenant: TenantState; schedule: AssignmentSchedule } | undefined {
  for (const tenant of store.data.tenants) {
    const schedule = tenant.assignments.find((a) => sameId(a.id, id) || sameId(a.requestId, id));
    if (schedule) return { tenant, schedule };
  }
  return undefined;
}

/**
 * Ends an activation now. `revoke` records it as an administrator's removal (the activation request
 * then reads Revoked); `expire` moves its end time to now, as if it had run out.
 */
export function endActivation(store: SandboxStore, id: string, how: 'revoke' | 'expire'): AssignmentSchedule {
  const found = findActivation(store, id);
  if (!found) throw notFound(id);
  const now = store.clock.now();
  if (hasEnded(found.schedule, now)) throw new PimError(409, 'Conflict', `Activation ${found.schedule.id} has already ended.`);
  const iso = new Date(now).toISOString();
  if (how === 'expire') {
    found.schedule.endDateTime = iso;
  } else {
    found.schedule.endedDateTime = iso;
    const request = found.tenant.requests.find((r) => r.id === found.schedule.requestId);
    if (request) {
      settle(pimContext(store, found.tenant));
      request.status = 'Revoked';
      request.completedDateTime = request.completedDateTime ?? iso;
      delete request.provisionAt;
    }
  }
  store.changed();
  return found.schedule;
}

/** Input for a new eligibility; the tenant defaults to the one holding the group. */
export interface EligibilityInput {
  tenantId?: string;
  groupId: string;
  principalId: string;
  accessId: AccessId;
  startDateTime?: string;
  endDateTime?: string | null;
}

/** Adds an eligibility (PIM's adminAssign of an eligible membership, minus the request). */
export function addEligibility(store: SandboxStore, input: EligibilityInput): { tenant: TenantState; eligibility: EligibilitySchedule } {
  const tenant = tenantFor(store, input.tenantId, input.groupId);
  if (!tenant.groups.some((g) => sameId(g.id, input.groupId))) throw notFound(input.groupId);
  if (!tenant.users.some((u) => sameId(u.oid, input.principalId))) throw notFound(input.principalId);
  const now = store.clock.now();
  const duplicate = tenant.eligibilities.find(
    (e) => sameId(e.groupId, input.groupId) && sameId(e.principalId, input.principalId) && e.accessId === input.accessId && (e.endDateTime === null || Date.parse(e.endDateTime) > now),
  );
  if (duplicate) throw new PimError(409, 'RoleAssignmentExists', 'The Role assignment already exists.');
  const iso = new Date(now).toISOString();
  const eligibility: EligibilitySchedule = {
    id: randomUUID(),
    groupId: tenant.groups.find((g) => sameId(g.id, input.groupId))!.id,
    principalId: tenant.users.find((u) => sameId(u.oid, input.principalId))!.oid,
    accessId: input.accessId,
    createdDateTime: iso,
    startDateTime: input.startDateTime ? new Date(input.startDateTime).toISOString() : iso,
    endDateTime: input.endDateTime ? new Date(input.endDateTime).toISOString() : null,
  };
  tenant.eligibilities.push(eligibility);
  store.changed();
  return { tenant, eligibility };
}

/** Removes eligibilities by id, or every one matching group + principal (+ accessId). Returns how many. */
export function removeEligibility(store: SandboxStore, match: { id?: string; groupId?: string; principalId?: string; accessId?: AccessId }): number {
  let removed = 0;
  for (const tenant of store.data.tenants) {
    const keep = tenant.eligibilities.filter((e) => {
      const hit = match.id
        ? sameId(e.id, match.id) || sameId(`${e.groupId}_${e.accessId}_${e.id}`, match.id)
        : sameId(e.groupId, match.groupId ?? '') && sameId(e.principalId, match.principalId ?? '') && (!match.accessId || e.accessId === match.accessId);
      return !hit;
    });
    removed += tenant.eligibilities.length - keep.length;
    tenant.eligibilities = keep;
  }
  if (removed > 0) store.changed();
  return removed;
}

function tenantFor(store: SandboxStore, tenantId: string | undefined, groupId: string): TenantState {
  if (tenantId) {
    const tenant = store.tenant(tenantId);
    if (!tenant) throw notFound(tenantId);
    return tenant;
  }
  const tenant = store.data.tenants.find((t) => t.groups.some((g) => sameId(g.id, groupId)));
  if (!tenant) throw notFound(groupId);
  return tenant;
}
