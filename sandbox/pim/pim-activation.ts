import { randomUUID } from 'node:crypto';
import type { AssignmentScheduleRequest } from '../state/model.js';
import { approversFor, effectivePolicy, maximumDurationMs } from './pim-policy.js';
import {
  acrsValidationFailed,
  activeDurationTooShort,
  forbidden,
  invalidRoleAssignmentRequest,
  notFound,
  pendingRequestExists,
  policyValidationFailed,
  requestCannotBeCancelled,
  roleAssignmentDoesNotExist,
  roleAssignmentExists,
  type PolicyRuleName,
} from './pim-errors.js';
import {
  activeEligibility,
  createActivationSchedule,
  currentActivation,
  isPending,
  pendingActivationRequest,
  sameId,
  type PimContext,
} from './pim-lifecycle.js';
import { scheduleId } from './pim-ids.js';
import type { ScheduleRequestBody } from './schedule-request-body.js';

/** What PIM needs to know about the caller, from the access token. */
export interface PimCaller {
  oid: string;
  /** Authentication methods (`amr`): `mfa` satisfies the MFA enablement rule. */
  amr: string[];
  /** Authentication context class references satisfied (`acrs`). */
  acrs: string[];
}

/** A start within this margin of now counts as "now" (clients send their own clock's time). */
const START_NOW_MARGIN_MS = 60_000;

/**
 * Handles POST assignmentScheduleRequests for the self-service actions PIM for Groups documents
 * (`selfActivate`, `selfDeactivate`). Throws PimError with Graph's code for every refusal; returns the
 * stored request (or, for `isValidationOnly`, the request that would have been stored).
 */
export function submitScheduleRequest(pim: PimContext, caller: PimCaller, body: ScheduleRequestBody): AssignmentScheduleRequest {
  if (!sameId(body.principalId, caller.oid)) {
    // Self-service actions act for the signed-in principal only. Wording unverified.
    throw forbidden('The principal in the request does not match the signed-in user.');
  }
  if (!pim.tenant.groups.some((g) => sameId(g.id, body.groupId))) throw notFound(body.groupId);
  switch (body.action) {
    case 'selfActivate':
      return activate(pim, caller, body);
    case 'selfDeactivate':
      return deactivate(pim, body);
    default:
      // The PIM for Groups docs list selfActivate/selfDeactivate for end users and admin* actions
      // for administrators; selfExtend/selfRenew are not offered for groups. The sandbox models
      // end-user self-service only.
      throw invalidRoleAssignmentRequest();
  }
}

function activate(pim: PimContext, caller: PimCaller, body: ScheduleRequestBody): AssignmentScheduleRequest {
  const { tenant, now } = pim;
  const settings = pim.store.data.settings;
  if (currentActivation(pim, body.principalId, body.groupId, body.accessId)) throw roleAssignmentExists();
  if (pendingActivationRequest(pim, body.principalId, body.groupId, body.accessId)) throw pendingRequestExists();

  const policy = effectivePolicy(tenant, body.groupId, body.accessId);
  const startMs = body.startMs !== undefined && body.startMs > now + START_NOW_MARGIN_MS ? body.startMs : now;
  const durationMs =
    body.expiration.type === 'afterDateTime' && body.expiration.endDateTime ? Date.parse(body.expiration.endDateTime) - startMs : body.durationMs;

  if (durationMs !== undefined && durationMs < settings.minimumActivationSeconds * 1000) throw activeDurationTooShort(settings.minimumActivationSeconds);

  const failed: PolicyRuleName[] = [];
  const eligibility = activeEligibility(pim, body.principalId, body.groupId, body.accessId);
  if (!eligibility) failed.push('EligibilityRule');
  // Expiration_EndUser_Assignment: isExpirationRequired is always true for activations.
  if (durationMs === undefined || durationMs > maximumDurationMs(policy)) failed.push('ExpirationRule');
  if (policy.requireMfa && !caller.amr.includes('mfa')) failed.push('MfaRule');
  if (policy.requireJustification && !body.justification?.trim()) failed.push('JustificationRule');
  if (policy.requireTicket && !body.ticketInfo.ticketNumber?.trim()) failed.push('TicketingRule');
  if (failed.length > 0) throw policyValidationFailed(failed);
  if (policy.authenticationContext && !caller.acrs.includes(policy.authenticationContext)) throw acrsValidationFailed(policy.authenticationContext);

  const id = randomUUID();
  const request: AssignmentScheduleRequest = {
    id,
    action: 'selfActivate',
    groupId: canonicalGroupId(pim, body.groupId),
    principalId: caller.oid,
    accessId: body.accessId,
    status: 'Provisioned',
    createdDateTime: new Date(now).toISOString(),
    completedDateTime: null,
    approvalId: null,
    justification: body.justification,
    ticketInfo: body.ticketInfo,
    scheduleInfo: { startDateTime: new Date(startMs).toISOString(), expiration: body.expiration },
    targetScheduleId: null,
    createdByUserId: caller.oid,
    customData: body.customData,
    isValidationOnly: body.isValidationOnly,
  };
  request.targetScheduleId = scheduleId(request.groupId, request.accessId, id);

  if (policy.requireApproval) {
    request.status = 'PendingApproval';
    request.approvalId = id; // PIM for Groups approvals are addressed by the request id (approval-get.md).
  } else if (startMs > now) {
    // A future start reads Granted until the schedule starts (rbacapplication-post-roleassignmentschedulerequests.md, Example 2).
    request.status = 'Granted';
    request.provisionAt = startMs;
  } else {
    request.completedDateTime = request.createdDateTime;
  }
  if (body.isValidationOnly) return request;

  tenant.requests.push(request);
  if (policy.requireApproval) {
    tenant.approvals.push({
      id,
      requestId: id,
      stages: [
        {
          id: randomUUID(),
          displayName: null,
          justification: null,
          reviewResult: 'NotReviewed',
          status: 'InProgress',
          reviewedDateTime: null,
          reviewedBy: null,
          approvers: approversFor(tenant, policy),
        },
      ],
    });
  } else {
    createActivationSchedule(pim, request, startMs, durationMs!);
  }
  pim.store.changed();
  return request;
}

/**
 * selfDeactivate ends the caller's activation now. The request reads `Revoked`: the PIM request docs
 * show a user's removal of an active assignment completing with status Revoked
 * (governanceroleassignmentrequest-post.md, Example 3: `"subStatus": "Revoked"`), and the Graph
 * status enum has no other terminal value for it.
 */
function deactivate(pim: PimContext, body: ScheduleRequestBody): AssignmentScheduleRequest {
  const { tenant, now } = pim;
  const minimum = pim.store.data.settings.minimumActivationSeconds;
  const activation = currentActivation(pim, body.principalId, body.groupId, body.accessId);
  if (!activation || Date.parse(activation.startDateTime) > now) throw roleAssignmentDoesNotExist();
  if (now - Date.parse(activation.startDateTime) < minimum * 1000) throw activeDurationTooShort(minimum);

  const id = randomUUID();
  const iso = new Date(now).toISOString();
  const request: AssignmentScheduleRequest = {
    id,
    action: 'selfDeactivate',
    groupId: activation.groupId,
    principalId: activation.principalId,
    accessId: activation.accessId,
    status: 'Revoked',
    createdDateTime: iso,
    completedDateTime: iso,
    approvalId: null,
    justification: body.justification,
    ticketInfo: body.ticketInfo,
    scheduleInfo: { startDateTime: null, expiration: { type: 'notSpecified', duration: null, endDateTime: null } },
    targetScheduleId: activation.id,
    createdByUserId: body.principalId,
    customData: body.customData,
    isValidationOnly: body.isValidationOnly,
  };
  if (body.isValidationOnly) return request;
  activation.endedDateTime = iso;
  tenant.requests.push(request);
  pim.store.changed();
  return request;
}

/**
 * POST …/assignmentScheduleRequests/{id}/cancel: only the requester, only while the request waits
 * on approval or provisioning. The request reads Canceled and its approval is closed.
 */
export function cancelScheduleRequest(pim: PimContext, caller: PimCaller, requestId: string): void {
  const request = pim.tenant.requests.find((r) => sameId(r.id, requestId));
  if (!request || !sameId(request.createdByUserId, caller.oid)) throw notFound(requestId);
  if (!isPending(request, pim.now)) throw requestCannotBeCancelled();
  request.status = 'Canceled';
  request.completedDateTime = new Date(pim.now).toISOString();
  delete request.provisionAt;
  // A Granted request with a future start already has its schedule: it must not start.
  for (const a of pim.tenant.assignments) if (a.requestId === request.id && !a.endedDateTime) a.endedDateTime = request.completedDateTime;
  const approval = pim.tenant.approvals.find((a) => a.requestId === request.id);
  for (const stage of approval?.stages ?? []) if (stage.status === 'InProgress') stage.status = 'Completed';
  pim.store.changed();
}

function canonicalGroupId(pim: PimContext, groupId: string): string {
  return pim.tenant.groups.find((g) => sameId(g.id, groupId))?.id ?? groupId;
}
