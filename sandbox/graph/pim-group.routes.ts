import type { AssignmentSchedule, AssignmentScheduleRequest, EligibilitySchedule } from '../state/model.js';
import { cancelScheduleRequest, submitScheduleRequest } from '../pim/pim-activation.js';
import { badRequest, notFound } from '../pim/pim-errors.js';
import { isListedApprover } from '../pim/pim-approvers.js';
import { sameId } from '../pim/pim-lifecycle.js';
import { assignmentInstanceId, assignmentInstances, assignmentSchedules, eligibilityInstances, eligibilitySchedules } from '../pim/pim-queries.js';
import { parseScheduleRequestBody } from '../pim/schedule-request-body.js';
import { groupJson, principalJson } from './directory-views.js';
import { contextUrl, functionSegment, projection, shape, type GraphCall, type GraphRoute, type Navigation } from './graph-call.js';
import { readJsonBody, requirePermission, sendGraphJson, sendNoContent } from './graph-http.js';
import { filterValues, matchesFilter, page } from './odata.js';
import {
  assignmentInstanceJson,
  assignmentScheduleJson,
  eligibilityInstanceJson,
  eligibilityScheduleId,
  eligibilityScheduleJson,
  eligibilityUsed,
  requestJson,
} from './pim-views.js';

/** Base of the PIM for Groups API (privilegedidentitymanagement-for-groups-api-overview.md). */
export const PIM_GROUP_BASE = '/identityGovernance/privilegedAccess/group';

const ELIGIBILITY_READ = ['PrivilegedEligibilitySchedule.Read.AzureADGroup', 'PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup', 'PrivilegedAccess.Read.AzureADGroup', 'PrivilegedAccess.ReadWrite.AzureADGroup'];
/** Assignment reads (schedules, instances, requests, approvals). */
export const ASSIGNMENT_READ = ['PrivilegedAssignmentSchedule.Read.AzureADGroup', 'PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup', 'PrivilegedAccess.Read.AzureADGroup', 'PrivilegedAccess.ReadWrite.AzureADGroup'];
/** Activation, deactivation, cancel, approval decisions. */
export const ASSIGNMENT_WRITE = ['PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup', 'PrivilegedAccess.ReadWrite.AzureADGroup'];

/** How one PIM collection is listed, filtered by current user, fetched by id and rendered. */
interface CollectionSpec<R> {
  segment: string;
  typeName: string;
  permissions: string[];
  rows(call: GraphCall): R[];
  id(row: R): string;
  json(call: GraphCall, row: R): Record<string, unknown>;
  /** Rows of the caller for each `on` value filterByCurrentUser accepts. */
  currentUser: Record<string, (call: GraphCall, row: R) => boolean>;
  navigation(call: GraphCall): Navigation<R>;
  principalId(row: R): string;
}

/** Directory roles that may read everyone's PIM data (Global Reader-like); others see their own. */
function seesAll(call: GraphCall): boolean {
  const { user } = call.identity;
  return user.role === 'admin' || user.role === 'auditor' || (user.directoryRoles ?? []).includes('Global Reader');
}

/**
 * Assignment schedules, instances and requests of a group are readable by its owners and members
 * (rbac-pim-groups-apis-read-assignmentschedules.md: "The calling user must also be the owner or
 * member of the group"): standing members and anyone whose activation is in force now.
 */
function isGroupMember(call: GraphCall, groupId: string): boolean {
  const oid = call.identity.user.oid;
  const group = call.pim.tenant.groups.find((g) => sameId(g.id, groupId));
  if (group?.members.some((m) => sameId(m, oid))) return true;
  return assignmentInstances(call.pim).some((a) => sameId(a.groupId, groupId) && sameId(a.principalId, oid));
}

function isApproverOf(call: GraphCall, r: AssignmentScheduleRequest): boolean {
  const approval = call.pim.tenant.approvals.find((a) => a.requestId === r.id);
  return approval?.stages.some((s) => isListedApprover(call.pim.tenant, s.approvers, call.identity.user.oid)) ?? false;
}

function visible<R>(call: GraphCall, spec: CollectionSpec<R>, row: R): boolean {
  if (seesAll(call) || sameId(spec.principalId(row), call.identity.user.oid)) return true;
  if (spec.segment.startsWith('assignment') && isGroupMember(call, (row as { groupId: string }).groupId)) return true;
  return spec.segment === 'assignmentScheduleRequests' && isApproverOf(call, row as AssignmentScheduleRequest);
}

function commonNavigation<R extends { groupId: string; principalId: string }>(call: GraphCall): Navigation<R> {
  const { tenant } = call.pim;
  return {
    group: (row) => {
      const group = tenant.groups.find((g) => sameId(g.id, row.groupId));
      return group ? groupJson(group) : null;
    },
    principal: (row) => {
      const user = tenant.users.find((u) => sameId(u.oid, row.principalId));
      return principalJson(user, row.principalId, user ? call.context.store.homeUser(user) : undefined);
    },
  };
}

function activatedUsing<R extends { groupId: string; principalId: string; accessId: string }>(call: GraphCall) {
  return (row: R) => {
    const e = eligibilityUsed(call.pim, row);
    return e ? eligibilityScheduleJson(e) : null;
  };
}

const principalOnly = { principal: (call: GraphCall, row: { principalId: string }) => sameId(row.principalId, call.identity.user.oid) };

const eligibilitySchedulesSpec: CollectionSpec<EligibilitySchedule> = {
  segment: 'eligibilitySchedules',
  typeName: 'privilegedAccessGroupEligibilitySchedule',
  permissions: ELIGIBILITY_READ,
  rows: (call) => eligibilitySchedules(call.pim),
  id: (e) => eligibilityScheduleId(e),
  json: (_call, e) => eligibilityScheduleJson(e),
  currentUser: principalOnly,
  navigation: (call) => commonNavigation(call),
  principalId: (e) => e.principalId,
};

const eligibilityInstancesSpec: CollectionSpec<EligibilitySchedule> = {
  ...eligibilitySchedulesSpec,
  segment: 'eligibilityScheduleInstances',
  typeName: 'privilegedAccessGroupEligibilityScheduleInstance',
  rows: (call) => eligibilityInstances(call.pim),
  id: (e) => eligibilityInstanceJson(e).id as string,
  json: (_call, e) => eligibilityInstanceJson(e),
};

const assignmentSchedulesSpec: CollectionSpec<AssignmentSchedule> = {
  segment: 'assignmentSchedules',
  typeName: 'privilegedAccessGroupAssignmentSchedule',
  permissions: ASSIGNMENT_READ,
  rows: (call) => assignmentSchedules(call.pim),
  id: (a) => a.id,
  json: (call, a) => assignmentScheduleJson(call.pim, a),
  currentUser: principalOnly,
  navigation: (call) => ({ ...commonNavigation<AssignmentSchedule>(call), activatedUsing: activatedUsing<AssignmentSchedule>(call) }),
  principalId: (a) => a.principalId,
};

const assignmentInstancesSpec: CollectionSpec<AssignmentSchedule> = {
  ...assignmentSchedulesSpec,
  segment: 'assignmentScheduleInstances',
  typeName: 'privilegedAccessGroupAssignmentScheduleInstance',
  rows: (call) => assignmentInstances(call.pim),
  id: (a) => assignmentInstanceId(a),
  json: (_call, a) => assignmentInstanceJson(a),
};

const requestsSpec: CollectionSpec<AssignmentScheduleRequest> = {
  segment: 'assignmentScheduleRequests',
  typeName: 'privilegedAccessGroupAssignmentScheduleRequest',
  permissions: ASSIGNMENT_READ,
  rows: (call) => [...call.pim.tenant.requests].sort((a, b) => a.createdDateTime.localeCompare(b.createdDateTime)),
  id: (r) => r.id,
  json: (call, r) => requestJson(call.pim, r),
  // assignmentScheduleRequestFilterByCurrentUserOptions: principal, createdBy, approver.
  currentUser: {
    principal: (call, r) => sameId(r.principalId, call.identity.user.oid),
    createdBy: (call, r) => sameId(r.createdByUserId, call.identity.user.oid),
    approver: (call, r) => isApproverOf(call, r) && !sameId(r.principalId, call.identity.user.oid),
  },
  navigation: (call) => ({
    ...commonNavigation<AssignmentScheduleRequest>(call),
    activatedUsing: (r) => (r.action === 'selfActivate' ? activatedUsing<AssignmentScheduleRequest>(call)(r) : null),
    targetSchedule: (r) => {
      const schedule = call.pim.tenant.assignments.find((a) => a.id === r.targetScheduleId);
      return schedule ? assignmentScheduleJson(call.pim, schedule) : null;
    },
  }),
  principalId: (r) => r.principalId,
};

/**
 * List: the docs require a `$filter` (eq) on principalId or groupId for these collections
 * (privilegedaccessgroup-list-eligibilityschedules.md and siblings). What Graph answers without it
 * is not documented and no capture was found: the sandbox answers 400 BadRequest, Graph's generic
 * code for an invalid query (unverified).
 */
function list<R>(spec: CollectionSpec<R>) {
  return (call: GraphCall) => {
    requirePermission(call.identity, spec.permissions, 'pim');
    const { filter } = call.query;
    if (filterValues(filter, 'principalId').length === 0 && filterValues(filter, 'groupId').length === 0) {
      throw badRequest(`The request requires a $filter on principalId or groupId (for example: $filter=groupId eq '{groupId}') to list ${spec.segment}.`);
    }
    respondCollection(call, spec, spec.rows(call), contextUrl(call, `identityGovernance/privilegedAccess/group/${spec.segment}${projection(call)}`), false);
  };
}

/** filterByCurrentUser(on='…'): the caller's rows; an extra `$filter` narrows them further. */
function filterByCurrentUser<R>(spec: CollectionSpec<R>) {
  return (call: GraphCall, match: RegExpExecArray) => {
    requirePermission(call.identity, spec.permissions, 'pim');
    const on = match[1]!;
    const key = Object.keys(spec.currentUser).find((k) => k.toLowerCase() === on.toLowerCase());
    if (!key) throw badRequest(`Requested value '${on}' was not found.`);
    const rows = spec.rows(call).filter((row) => spec.currentUser[key]!(call, row));
    // Function results are typed collections (…eligibilityschedule-filterbycurrentuser.md).
    respondCollection(call, spec, rows, contextUrl(call, `Collection(${spec.typeName})`), true);
  };
}

function respondCollection<R>(call: GraphCall, spec: CollectionSpec<R>, rows: R[], context: string, typed: boolean): void {
  const navigation = spec.navigation(call);
  const matching = rows
    .filter((row) => visible(call, spec, row))
    .map((row) => ({ row, json: spec.json(call, row) }))
    .filter(({ json }) => matchesFilter(json, call.query.filter));
  const { value, nextLink } = page(matching, call.query, call.ctx.url);
  const items = value.map(({ row, json }) => shape(typed ? { '@odata.type': `#microsoft.graph.${spec.typeName}`, ...json } : json, row, call.query, navigation, spec.typeName));
  sendGraphJson(call.ctx, 200, { '@odata.context': context, ...(nextLink ? { '@odata.nextLink': nextLink } : {}), value: items });
}

function getById<R>(spec: CollectionSpec<R>) {
  return (call: GraphCall, match: RegExpExecArray) => {
    requirePermission(call.identity, spec.permissions, 'pim');
    const id = match[1]!;
    const row = spec.rows(call).find((r) => spec.id(r).toLowerCase() === id.toLowerCase() && visible(call, spec, r));
    if (!row) throw notFound(id);
    const body = shape(spec.json(call, row), row, call.query, spec.navigation(call), spec.typeName);
    sendGraphJson(call.ctx, 200, { '@odata.context': contextUrl(call, `identityGovernance/privilegedAccess/group/${spec.segment}${projection(call)}/$entity`), ...body });
  };
}

/** POST assignmentScheduleRequests: selfActivate / selfDeactivate (201 with the request). */
async function createRequest(call: GraphCall): Promise<void> {
  requirePermission(call.identity, ASSIGNMENT_WRITE, 'pim');
  const body = parseScheduleRequestBody(await readJsonBody(call.ctx));
  const request = submitScheduleRequest(call.pim, call.caller, body);
  const json = requestJson(call.pim, request);
  sendGraphJson(
    call.ctx,
    201,
    { '@odata.context': contextUrl(call, 'identityGovernance/privilegedAccess/group/assignmentScheduleRequests/$entity'), ...json },
    { location: `${call.serviceRoot}${PIM_GROUP_BASE}/assignmentScheduleRequests('${request.id}')` },
  );
}

/** POST assignmentScheduleRequests/{id}/cancel → 204 (privilegedaccessgroupassignmentschedulerequest-cancel.md). */
function cancelRequest(call: GraphCall, match: RegExpExecArray): void {
  requirePermission(call.identity, ASSIGNMENT_WRITE, 'pim');
  cancelScheduleRequest(call.pim, call.caller, match[1]!);
  sendNoContent(call.ctx);
}

/** Routes of the five PIM for Groups collections this sandbox serves. */
export function pimGroupRoutes(): GraphRoute[] {
  const base = PIM_GROUP_BASE.replace(/\//g, '\\/');
  const routes: GraphRoute[] = [];
  for (const spec of [eligibilitySchedulesSpec, eligibilityInstancesSpec, assignmentSchedulesSpec, assignmentInstancesSpec, requestsSpec] as CollectionSpec<unknown>[]) {
    const prefix = `^${base}\\/${spec.segment}`;
    routes.push({ method: 'GET', pattern: new RegExp(`${prefix}$`, 'i'), handler: list(spec) });
    routes.push({ method: 'GET', pattern: new RegExp(`${prefix}\\/${functionSegment('filterByCurrentUser')}$`, 'i'), handler: filterByCurrentUser(spec) });
    if (spec === (requestsSpec as CollectionSpec<unknown>)) {
      routes.push({ method: 'POST', pattern: new RegExp(`${prefix}$`, 'i'), handler: createRequest });
      routes.push({ method: 'POST', pattern: new RegExp(`${prefix}(?:\\/|\\(')([^/()']+)(?:'\\))?\\/(?:microsoft\\.graph\\.)?cancel$`, 'i'), handler: cancelRequest });
    }
    // By key: `/{id}` or OData's `('{id}')`.
    routes.push({ method: 'GET', pattern: new RegExp(`${prefix}\\/([^/()]+)$`, 'i'), handler: getById(spec) });
    routes.push({ method: 'GET', pattern: new RegExp(`${prefix}\\('([^/']+)'\\)$`, 'i'), handler: getById(spec) });
  }
  return routes;
}
