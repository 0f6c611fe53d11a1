import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { activation, CONTOSO, PIM, signIn, type SignedInUser } from './graph-test-kit.js';

/**
 * The documented Graph v1.0 examples (microsoftgraph/microsoft-graph-docs-contrib,
 * api-reference/v1.0/api/*.md; each example below names its page), replayed against the sandbox:
 * the documented request (path and query form), status code, `@odata.context` and property key sets.
 * Values are not compared. Known doc bugs are normalized, and each one is named where it applies:
 * `@odata.type` used for `@odata.context`, trailing commas, and miscased keys in
 * …assignmentschedulerequest-filterbycurrentuser.md.
 * Where an example is marked "truncated", its keys must be present. Where the docs give the full
 * object (a GET), the sandbox's keys must equal them exactly.
 */

type Json = Record<string, unknown>;

/** privilegedaccessgroupassignmentschedulerequest-get.md (the full object). */
const REQUEST_KEYS = ['accessId', 'action', 'approvalId', 'completedDateTime', 'createdBy', 'createdDateTime', 'customData', 'groupId', 'id', 'isValidationOnly', 'justification', 'principalId', 'scheduleInfo', 'status', 'targetScheduleId', 'ticketInfo'];
const SCHEDULE_INFO_KEYS = ['expiration', 'recurrence', 'startDateTime'];
const EXPIRATION_KEYS = ['duration', 'endDateTime', 'type'];
/** privilegedaccessgroup-list-eligibilityschedules.md Example 1 (trailing comma removed). */
const ELIGIBILITY_SCHEDULE_KEYS = ['accessId', 'createdDateTime', 'createdUsing', 'groupId', 'id', 'memberType', 'modifiedDateTime', 'principalId', 'scheduleInfo', 'status'];
/** privilegedaccessgroupeligibilityscheduleinstance-filterbycurrentuser.md. */
const ELIGIBILITY_INSTANCE_KEYS = ['@odata.type', 'accessId', 'eligibilityScheduleId', 'endDateTime', 'groupId', 'id', 'memberType', 'principalId', 'startDateTime'];
/** privilegedaccessgroup-list-assignmentscheduleinstances.md. */
const ASSIGNMENT_INSTANCE_KEYS = ['accessId', 'assignmentScheduleId', 'assignmentType', 'endDateTime', 'groupId', 'id', 'memberType', 'principalId', 'startDateTime'];
/** privilegedaccessgroup-list-assignmentschedules.md. */
const ASSIGNMENT_SCHEDULE_KEYS = ['accessId', 'assignmentType', 'createdDateTime', 'createdUsing', 'groupId', 'id', 'memberType', 'modifiedDateTime', 'principalId', 'scheduleInfo', 'status'];
/** approval-get.md. */
const APPROVAL_STAGE_KEYS = ['assignedToMe', 'displayName', 'id', 'justification', 'reviewResult', 'reviewedBy', 'reviewedDateTime', 'status'];
/** policyroot-list-rolemanagementpolicyassignments.md Examples 3 and 4 (PIM for groups). */
const POLICY_ASSIGNMENT_KEYS = ['id', 'policyId', 'roleDefinitionId', 'scopeId', 'scopeType'];
const POLICY_KEYS = ['description', 'displayName', 'id', 'isOrganizationDefault', 'lastModifiedBy', 'lastModifiedDateTime', 'rules', 'scopeId', 'scopeType'];
const RULE_IDS = [
  'Expiration_Admin_Eligibility',
  'Enablement_Admin_Eligibility',
  'Notification_Admin_Admin_Eligibility',
  'Notification_Requestor_Admin_Eligibility',
  'Notification_Approver_Admin_Eligibility',
  'Expiration_Admin_Assignment',
  'Enablement_Admin_Assignment',
  'Notification_Admin_Admin_Assignment',
  'Notification_Requestor_Admin_Assignment',
  'Notification_Approver_Admin_Assignment',
  'Expiration_EndUser_Assignment',
  'Enablement_EndUser_Assignment',
  'Approval_EndUser_Assignment',
  'AuthenticationContext_EndUser_Assignment',
  'Notification_Admin_EndUser_Assignment',
  'Notification_Requestor_EndUser_Assignment',
  'Notification_Approver_EndUser_Assignment',
];
const RULE_KEYS: Record<string, string[]> = {
  '#microsoft.graph.unifiedRoleManagementPolicyExpirationRule': ['@odata.type', 'id', 'isExpirationRequired', 'maximumDuration', 'target'],
  '#microsoft.graph.unifiedRoleManagementPolicyEnablementRule': ['@odata.type', 'enabledRules', 'id', 'target'],
  '#microsoft.graph.unifiedRoleManagementPolicyNotificationRule': ['@odata.type', 'id', 'isDefaultRecipientsEnabled', 'notificationLevel', 'notificationRecipients', 'notificationType', 'recipientType', 'target'],
  '#microsoft.graph.unifiedRoleManagementPolicyApprovalRule': ['@odata.type', 'id', 'setting', 'target'],
  '#microsoft.graph.unifiedRoleManagementPolicyAuthenticationContextRule': ['@odata.type', 'claimValue', 'id', 'isEnabled', 'target'],
};
const TARGET_KEYS = ['caller', 'enforcedSettings', 'inheritableSettings', 'level', 'operations'];
const APPROVAL_SETTING_KEYS = ['approvalMode', 'approvalStages', 'isApprovalRequired', 'isApprovalRequiredForExtension', 'isRequestorJustificationRequired'];
const APPROVAL_STAGE_SETTING_KEYS = ['approvalStageTimeOutInDays', 'escalationApprovers', 'escalationTimeInMinutes', 'isApproverJustificationRequired', 'isEscalationEnabled', 'primaryApprovers'];
/** user-get.md (the default property set of /me). */
const ME_KEYS = ['@odata.context', 'businessPhones', 'displayName', 'givenName', 'id', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName'];

function keys(value: unknown): string[] {
  return Object.keys(value as object).sort();
}

describe('Graph fidelity: the documented v1.0 examples', () => {
  let sandbox: TestSandbox;
  let alex: SignedInUser;
  let sara: SignedInUser;
  let root: string;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    [alex, sara] = await Promise.all([signIn(sandbox.info, CONTOSO.alex), signIn(sandbox.info, CONTOSO.sara)]);
    root = `${sandbox.info.graph}/v1.0`;
  });
  afterAll(async () => sandbox?.close());

  /** A raw Graph call as the docs write it (path and query verbatim, spaces and quotes percent-encoded by URL). */
  async function call(user: SignedInUser, method: string, pathAndQuery: string, body?: unknown): Promise<{ status: number; json: Json; text: string }> {
    const response = await fetch(new URL(`${root}${pathAndQuery}`), {
      method,
      headers: { authorization: `Bearer ${await user.token()}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, text, json: text ? (JSON.parse(text) as Json) : {} };
  }

  function expectRequestShape(request: Json, exact: boolean): void {
    if (exact) expect(keys(request).filter((k) => !k.startsWith('@odata.'))).toEqual(REQUEST_KEYS);
    else expect(keys(request)).toEqual(expect.arrayContaining(REQUEST_KEYS));
    const info = request.scheduleInfo as Json;
    expect(keys(info)).toEqual(SCHEDULE_INFO_KEYS);
    expect(keys(info.expiration)).toEqual(EXPIRATION_KEYS);
    expect(keys(request.ticketInfo)).toEqual(['ticketNumber', 'ticketSystem']);
    expect(keys(request.createdBy)).toEqual(['user']);
    expect(keys((request.createdBy as Json).user)).toEqual(['displayName', 'id']);
  }

  let activationId: string;

  it('privilegedaccessgroup-post-assignmentschedulerequests.md Example 2: selfActivate → 201 with the request ("@odata.type" in the doc is the @odata.context)', async () => {
    const { status, json } = await call(alex, 'POST', `${PIM}/assignmentScheduleRequests`, activation(CONTOSO.alex.oid, CONTOSO.workstations, { duration: 'PT1H' }));
    expect(status).toBe(201);
    expect(json['@odata.context']).toBe(`${root}/$metadata#identityGovernance/privilegedAccess/group/assignmentScheduleRequests/$entity`);
    expectRequestShape(json, true);
    expect(json.targetScheduleId).toBe(`${CONTOSO.workstations}_member_${json.id as string}`);
    activationId = json.id as string;
  });

  it('privilegedaccessgroupassignmentschedulerequest-get.md: GET by id returns exactly the documented properties', async () => {
    const { status, json } = await call(alex, 'GET', `${PIM}/assignmentScheduleRequests/${activationId}`);
    expect(status).toBe(200);
    expect(json['@odata.context']).toBe(`${root}/$metadata#identityGovernance/privilegedAccess/group/assignmentScheduleRequests/$entity`);
    expectRequestShape(json, true);
  });

  it('privilegedaccessgroup-list-assignmentschedulerequests.md: $filter on groupId and principalId', async () => {
    const { status, json } = await call(alex, 'GET', `${PIM}/assignmentScheduleRequests?$filter=groupId eq '${CONTOSO.workstations}' and principalId eq '${CONTOSO.alex.oid}'`);
    expect(status).toBe(200);
    const value = json.value as Json[];
    expect(value.map((r) => r.id)).toContain(activationId);
    for (const row of value) expectRequestShape(row, true);
  });

  it('privilegedaccessgroupassignmentschedulerequest-filterbycurrentuser.md: on=principal with a $filter on status and groupId; typed rows', async () => {
    const pending = await call(alex, 'POST', `${PIM}/assignmentScheduleRequests`, activation(CONTOSO.alex.oid, CONTOSO.servers, { duration: 'PT2H' }));
    expect(pending.json.status).toBe('PendingApproval');
    const { status, json } = await call(alex, 'GET', `${PIM}/assignmentScheduleRequests/filterByCurrentUser(on='principal')?$filter=status eq 'PendingApproval' and groupId eq '${CONTOSO.servers}'`);
    expect(status).toBe(200);
    const value = json.value as Json[];
    expect(value.map((r) => r.id)).toEqual([pending.json.id]);
    // The doc's row (keys normalized: createdDateTIme, completedDateTIme) is a truncated request plus @odata.type.
    expect(value[0]!['@odata.type']).toBe('#microsoft.graph.privilegedAccessGroupAssignmentScheduleRequest');
    expectRequestShape(value[0]!, true);
  });

  it('approval-get.md (PIM for Groups) and approvalstage-update.md: the approver reads the approval, PATCHes …/steps/{id} → 204, again → 409', async () => {
    const pending = (await call(alex, 'GET', `${PIM}/assignmentScheduleRequests/filterByCurrentUser(on='principal')?$filter=status eq 'PendingApproval'`)).json.value as Json[];
    const approvalId = pending[0]!.approvalId as string;
    const approval = await call(sara, 'GET', `${PIM}/assignmentApprovals/${approvalId}`);
    expect(approval.status).toBe(200);
    expect(keys(approval.json).filter((k) => !k.startsWith('@odata.'))).toEqual(['id', 'stages']);
    const stage = (approval.json.stages as Json[])[0]!;
    expect(keys(stage)).toEqual(APPROVAL_STAGE_KEYS);
    expect(stage).toMatchObject({ reviewResult: 'NotReviewed', status: 'InProgress', assignedToMe: true, reviewedBy: null, reviewedDateTime: null });

    const review = await call(sara, 'PATCH', `${PIM}/assignmentApprovals/${approvalId}/steps/${stage.id as string}`, { reviewResult: 'Approve', justification: 'OK' });
    expect(review.status).toBe(204);
    expect(review.text).toBe('');
    const again = await call(sara, 'PATCH', `${PIM}/assignmentApprovals/${approvalId}/steps/${stage.id as string}`, { reviewResult: 'Approve', justification: 'OK' });
    expect(again.status).toBe(409);
  });

  it('privilegedaccessgroupassignmentschedulerequest-cancel.md: POST …/cancel of a pending request → 204 with no body', async () => {
    // The network group needs approval for this test only (the seed's does not).
    const policy = sandbox.context.store.data.tenants[0]!.policies.find((p) => p.groupId === CONTOSO.network && p.accessId === 'member')!;
    const saved = { requireApproval: policy.requireApproval, approvers: policy.approvers };
    Object.assign(policy, { requireApproval: true, approvers: [CONTOSO.sara.oid] });
    try {
      const pending = await call(alex, 'POST', `${PIM}/assignmentScheduleRequests`, activation(CONTOSO.alex.oid, CONTOSO.network, { duration: 'PT1H', ticketNumber: 'INC-1' }));
      expect(pending.json.status).toBe('PendingApproval');
      const cancel = await call(alex, 'POST', `${PIM}/assignmentScheduleRequests/${pending.json.id as string}/cancel`);
      expect(cancel.status).toBe(204);
      expect(cancel.text).toBe('');
      expect((await call(alex, 'GET', `${PIM}/assignmentScheduleRequests/${pending.json.id as string}`)).json.status).toBe('Canceled');
    } finally {
      Object.assign(policy, saved);
    }
  });

  it('privilegedaccessgroup-list-eligibilityschedules.md Example 1 ($filter on both), and the doc\'s "?filter=" form without $', async () => {
    for (const query of [`?$filter=groupId eq '${CONTOSO.workstations}' and principalId eq '${CONTOSO.alex.oid}'`, `?filter=principalId eq '${CONTOSO.alex.oid}'`]) {
      const { status, json } = await call(alex, 'GET', `${PIM}/eligibilitySchedules${query}`);
      expect(status, query).toBe(200);
      expect(json['@odata.context']).toBe(`${root}/$metadata#identityGovernance/privilegedAccess/group/eligibilitySchedules`);
      const value = json.value as Json[];
      expect(value.length, query).toBeGreaterThan(0);
      for (const row of value) {
        expect(keys(row)).toEqual(ELIGIBILITY_SCHEDULE_KEYS);
        expect(keys(row.scheduleInfo)).toEqual(SCHEDULE_INFO_KEYS);
        expect(keys((row.scheduleInfo as Json).expiration)).toEqual(EXPIRATION_KEYS);
      }
    }
  });

  it('privilegedaccessgroup-list-eligibilityschedules.md Example 2: $select names the projection in the context and returns only those keys', async () => {
    const { status, json } = await call(alex, 'GET', `${PIM}/eligibilitySchedules?$filter=groupId eq '${CONTOSO.workstations}' and principalId eq '${CONTOSO.alex.oid}'&$select=accessId,principalId,groupId`);
    expect(status).toBe(200);
    expect(json['@odata.context']).toBe(`${root}/$metadata#identityGovernance/privilegedAccess/group/eligibilitySchedules(accessId,principalId,groupId)`);
    for (const row of json.value as Json[]) expect(keys(row)).toEqual(['accessId', 'groupId', 'principalId']);
  });

  it('privilegedaccessgroupeligibilityschedule-filterbycurrentuser.md: Collection(…) context and typed rows', async () => {
    const { status, json } = await call(alex, 'GET', `${PIM}/eligibilitySchedules/filterByCurrentUser(on='principal')?$filter=groupId eq '${CONTOSO.workstations}' and accessId eq 'member'`);
    expect(status).toBe(200);
    expect(json['@odata.context']).toBe(`${root}/$metadata#Collection(privilegedAccessGroupEligibilitySchedule)`);
    const value = json.value as Json[];
    expect(value).toHaveLength(1);
    expect(keys(value[0])).toEqual(['@odata.type', ...ELIGIBILITY_SCHEDULE_KEYS].sort());
    expect(value[0]!['@odata.type']).toBe('#microsoft.graph.privilegedAccessGroupEligibilitySchedule');
  });

  it('privilegedaccessgroupeligibilityscheduleinstance-filterbycurrentuser.md: typed instance rows', async () => {
    const { status, json } = await call(alex, 'GET', `${PIM}/eligibilityScheduleInstances/filterByCurrentUser(on='principal')`);
    expect(status).toBe(200);
    const value = json.value as Json[];
    expect(value.length).toBeGreaterThan(0);
    for (const row of value) {
      expect(keys(row)).toEqual(ELIGIBILITY_INSTANCE_KEYS);
      expect(row['@odata.type']).toBe('#microsoft.graph.privilegedAccessGroupEligibilityScheduleInstance');
    }
  });

  it('privilegedaccessgroup-list-assignmentscheduleinstances.md and …-list-assignmentschedules.md: $filter=groupId', async () => {
    const instances = await call(sara, 'GET', `${PIM}/assignmentScheduleInstances?$filter=groupId eq '${CONTOSO.workstations}' `);
    expect(instances.status).toBe(200);
    expect(instances.json['@odata.context']).toBe(`${root}/$metadata#identityGovernance/privilegedAccess/group/assignmentScheduleInstances`);
    const rows = instances.json.value as Json[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(keys(row)).toEqual(ASSIGNMENT_INSTANCE_KEYS);

    const schedules = await call(sara, 'GET', `${PIM}/assignmentSchedules?$filter=groupId eq '${CONTOSO.workstations}'`);
    expect(schedules.status).toBe(200);
    expect(schedules.json['@odata.context']).toBe(`${root}/$metadata#identityGovernance/privilegedAccess/group/assignmentSchedules`);
    for (const row of schedules.json.value as Json[]) {
      expect(keys(row)).toEqual(ASSIGNMENT_SCHEDULE_KEYS);
      expect(keys(row.scheduleInfo)).toEqual(SCHEDULE_INFO_KEYS);
    }
  });

  it('policyroot-list-rolemanagementpolicyassignments.md Example 3: a group\'s policy assignments (member and owner)', async () => {
    const { status, json } = await call(alex, 'GET', `/policies/roleManagementPolicyAssignments?$filter=scopeId eq '${CONTOSO.workstations}' and scopeType eq 'Group'`);
    expect(status).toBe(200);
    expect(json['@odata.context']).toBe(`${root}/$metadata#policies/roleManagementPolicyAssignments`);
    const value = json.value as Json[];
    expect(value.map((v) => v.roleDefinitionId).sort()).toEqual(['member', 'owner']);
    for (const row of value) expect(keys(row)).toEqual(POLICY_ASSIGNMENT_KEYS);
  });

  it('policyroot-list-rolemanagementpolicyassignments.md Example 4: $expand=policy($expand=rules) gives the 17 rules in order, with the documented key sets', async () => {
    const { status, json } = await call(
      alex,
      'GET',
      `/policies/roleManagementPolicyAssignments?$filter=scopeId eq '${CONTOSO.workstations}' and scopeType eq 'Group' and roleDefinitionId eq 'member'&$expand=policy($expand=rules)`,
    );
    expect(status).toBe(200);
    expect(json['@odata.context']).toBe(`${root}/$metadata#policies/roleManagementPolicyAssignments(policy(rules()))`);
    const [assignment] = json.value as Json[];
    expect(keys(assignment)).toEqual([...POLICY_ASSIGNMENT_KEYS, 'policy'].sort());
    const policy = assignment!.policy as Json;
    expect(keys(policy)).toEqual(POLICY_KEYS);
    expect(keys(policy.lastModifiedBy)).toEqual(['displayName', 'id']);
    const rules = policy.rules as Json[];
    expect(rules.map((r) => r.id)).toEqual(RULE_IDS);
    for (const rule of rules) {
      expect(keys(rule), rule.id as string).toEqual(RULE_KEYS[rule['@odata.type'] as string]);
      expect(keys(rule.target)).toEqual(TARGET_KEYS);
    }
    const approvalRule = rules.find((r) => r.id === 'Approval_EndUser_Assignment')!;
    const setting = approvalRule.setting as Json;
    expect(keys(setting)).toEqual(APPROVAL_SETTING_KEYS);
    expect(keys((setting.approvalStages as Json[])[0])).toEqual(APPROVAL_STAGE_SETTING_KEYS);
  });

  it('user-get.md: GET /me returns the default property set under users/$entity', async () => {
    const { status, json } = await call(alex, 'GET', '/me');
    expect(status).toBe(200);
    expect(json['@odata.context']).toBe(`${root}/$metadata#users/$entity`);
    expect(keys(json)).toEqual(ME_KEYS);
  });
});
