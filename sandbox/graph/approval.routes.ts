import { z } from 'zod';
import { badRequest, forbidden, notFound } from '../pim/pim-errors.js';
import { canSeeApproval, findApproval, reviewStage, type ReviewDecision } from '../pim/pim-approvals.js';
import { isListedApprover } from '../pim/pim-approvers.js';
import { sameId } from '../pim/pim-lifecycle.js';
import { byKey, contextUrl, functionSegment, KEY_SEGMENT, type GraphCall, type GraphRoute } from './graph-call.js';
import { readJsonBody, requirePermission, sendGraphJson, sendNoContent } from './graph-http.js';
import { page } from './odata.js';
import { ASSIGNMENT_READ, ASSIGNMENT_WRITE, PIM_GROUP_BASE } from './pim-group.routes.js';
import { approvalJson, approvalStageJson } from './pim-views.js';

/**
 * PIM for Groups approvals (approval-get.md, approvalstage-get.md, approvalstage-update.md):
 * `assignmentApprovals/{requestId}` with its `stages`, reviewed by PATCHing a stage. The v1.0 docs
 * write the PATCH path with `/steps/` for PIM for Groups but `stages` everywhere else (and in the
 * CSDL); both are accepted.
 */

const APPROVALS = 'identityGovernance/privilegedAccess/group/assignmentApprovals';

function approvalFor(call: GraphCall, id: string) {
  const approval = findApproval(call.pim, id);
  if (!approval) throw notFound(id);
  // approval-get.md: "If the caller does not have the right permissions, the method returns a 403".
  if (!canSeeApproval(call.pim, approval, call.identity.user.oid)) throw forbidden('The caller is not allowed to read this approval.');
  return approval;
}

function getApproval(call: GraphCall, match: RegExpExecArray): void {
  requirePermission(call.identity, ASSIGNMENT_READ, 'pim');
  const approval = approvalFor(call, match[1]!);
  sendGraphJson(call.ctx, 200, { '@odata.context': contextUrl(call, `${APPROVALS}/$entity`), ...approvalJson(call.pim, approval, call.identity.user.oid) });
}

/** filterByCurrentUser(on='approver'): approvals with a stage the caller reviews (approvalFilterByCurrentUserOptions). */
function approvalsForCurrentUser(call: GraphCall, match: RegExpExecArray): void {
  requirePermission(call.identity, ASSIGNMENT_READ, 'pim');
  const on = match[1]!;
  const oid = call.identity.user.oid;
  const requestOf = (requestId: string) => call.pim.tenant.requests.find((r) => r.id === requestId);
  let approvals;
  if (on.toLowerCase() === 'approver') {
    approvals = call.pim.tenant.approvals.filter((a) => a.stages.some((s) => isListedApprover(call.pim.tenant, s.approvers, oid)) && !sameId(requestOf(a.requestId)?.principalId ?? '', oid));
  } else if (on.toLowerCase() === 'target' || on.toLowerCase() === 'createdby') {
    approvals = call.pim.tenant.approvals.filter((a) => sameId(requestOf(a.requestId)?.principalId ?? '', oid));
  } else {
    throw badRequest(`Requested value '${on}' was not found.`);
  }
  const { value, nextLink } = page(approvals, call.query, call.ctx.url);
  sendGraphJson(call.ctx, 200, {
    '@odata.context': contextUrl(call, 'Collection(approval)'),
    ...(nextLink ? { '@odata.nextLink': nextLink } : {}),
    value: value.map((a) => ({ '@odata.type': '#microsoft.graph.approval', ...approvalJson(call.pim, a, oid) })),
  });
}

function listStages(call: GraphCall, match: RegExpExecArray): void {
  requirePermission(call.identity, ASSIGNMENT_READ, 'pim');
  const approval = approvalFor(call, match[1]!);
  sendGraphJson(call.ctx, 200, {
    '@odata.context': contextUrl(call, `${APPROVALS}('${approval.id}')/stages`),
    value: approval.stages.map((_, i) => approvalStageJson(call.pim, approval, i, call.identity.user.oid)),
  });
}

function getStage(call: GraphCall, match: RegExpExecArray): void {
  requirePermission(call.identity, ASSIGNMENT_READ, 'pim');
  const approval = approvalFor(call, match[1]!);
  const index = approval.stages.findIndex((s) => sameId(s.id, match[2]!));
  if (index === -1) throw notFound(match[2]!);
  sendGraphJson(call.ctx, 200, {
    '@odata.context': contextUrl(call, `${APPROVALS}('${approval.id}')/stages/$entity`),
    ...approvalStageJson(call.pim, approval, index, call.identity.user.oid),
  });
}

const reviewSchema = z.object({ reviewResult: z.string(), justification: z.string().nullish() });

/** PATCH a stage with `{reviewResult: "Approve"|"Deny", justification}` → 204. */
async function patchStage(call: GraphCall, match: RegExpExecArray): Promise<void> {
  requirePermission(call.identity, ASSIGNMENT_WRITE, 'pim');
  const parsed = reviewSchema.safeParse(await readJsonBody(call.ctx));
  if (!parsed.success) throw badRequest("The property 'reviewResult' is required.");
  const result = (['Approve', 'Deny'] as const).find((r) => r.toLowerCase() === parsed.data.reviewResult.toLowerCase());
  if (!result) throw badRequest(`Requested value '${parsed.data.reviewResult}' was not found.`);
  const user = call.identity.user;
  reviewStage(call.pim, { id: user.oid, displayName: user.displayName }, match[1]!, match[2]!, result as ReviewDecision, parsed.data.justification ?? null);
  sendNoContent(call.ctx);
}

/** Approval routes. */
export function approvalRoutes(): GraphRoute[] {
  const base = `^${PIM_GROUP_BASE.replace(/\//g, '\\/')}\\/assignmentApprovals`;
  const key = KEY_SEGMENT;
  return [
    { method: 'GET', pattern: new RegExp(`${base}\\/${functionSegment('filterByCurrentUser')}$`, 'i'), handler: approvalsForCurrentUser },
    { method: 'GET', pattern: new RegExp(`${base}${key}$`, 'i'), handler: byKey(getApproval) },
    { method: 'GET', pattern: new RegExp(`${base}${key}\\/(?:stages|steps)$`, 'i'), handler: byKey(listStages) },
    { method: 'GET', pattern: new RegExp(`${base}${key}\\/(?:stages|steps)\\/([^/()]+)$`, 'i'), handler: byKey(getStage) },
    { method: 'PATCH', pattern: new RegExp(`${base}${key}\\/(?:stages|steps)\\/([^/()]+)$`, 'i'), handler: byKey(patchStage) },
  ];
}
