import { PageIterator } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { CONTOSO, expectGraphError, graphError, PIM, signIn, type SignedInUser } from './graph-test-kit.js';

type Row = Record<string, unknown>;

describe('PIM for Groups: eligibility listing and policies (through @microsoft/microsoft-graph-client)', () => {
  let sandbox: TestSandbox;
  let alex: SignedInUser;
  let sara: SignedInUser;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    [alex, sara] = await Promise.all([signIn(sandbox.info, CONTOSO.alex), signIn(sandbox.info, CONTOSO.sara)]);
  });
  afterAll(async () => sandbox?.close());

  it("eligibilitySchedules/filterByCurrentUser(on='principal') lists the caller's eligibilities, typed", async () => {
    const page = await alex.client.api(`${PIM}/eligibilitySchedules/filterByCurrentUser(on='principal')`).get();
    expect(page['@odata.context']).toBe(`${sandbox.info.graph}/v1.0/$metadata#Collection(privilegedAccessGroupEligibilitySchedule)`);
    const groups = (page.value as Row[]).map((e) => e.groupId).sort();
    expect(groups).toEqual([CONTOSO.network, CONTOSO.servers, CONTOSO.workstations].sort());
    const one = (page.value as Row[])[0]!;
    expect(one).toMatchObject({
      '@odata.type': '#microsoft.graph.privilegedAccessGroupEligibilitySchedule',
      status: 'Provisioned',
      memberType: 'Direct',
      accessId: 'member',
      principalId: CONTOSO.alex.oid,
      scheduleInfo: { recurrence: null, expiration: { type: 'noExpiration', endDateTime: null, duration: null } },
    });
    expect(one.id).toBe(`${one.groupId}_member_${one.createdUsing}`);
  });

  it('eligibilityScheduleInstances/filterByCurrentUser, also with the parameter percent-encoded', async () => {
    const plain = await alex.client.api(`${PIM}/eligibilityScheduleInstances/filterByCurrentUser(on='principal')`).get();
    const token = await alex.token();
    const response = await fetch(`${sandbox.info.graph}/v1.0${PIM}/eligibilityScheduleInstances/filterByCurrentUser(on=%27principal%27)`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const encoded = (await response.json()) as { value: Row[] };
    expect(encoded.value.map((i) => i.id).sort()).toEqual((plain.value as Row[]).map((i) => i.id).sort());
    const instance = (plain.value as Row[])[0]!;
    expect(instance).toMatchObject({ '@odata.type': '#microsoft.graph.privilegedAccessGroupEligibilityScheduleInstance', endDateTime: null, memberType: 'Direct' });
    expect(instance.id).toMatch(/^[A-Za-z0-9_-]{43}-1-e$/);
    expect(String(instance.eligibilityScheduleId)).toMatch(new RegExp(`^${instance.groupId}_member_`));
  });

  it('the list forms from the docs: $filter on groupId, principalId, and both with "and"', async () => {
    const byGroup = await sara.client.api(`${PIM}/eligibilitySchedules`).filter(`groupId eq '${CONTOSO.workstations}'`).get();
    expect(byGroup['@odata.context']).toBe(`${sandbox.info.graph}/v1.0/$metadata#identityGovernance/privilegedAccess/group/eligibilitySchedules`);
    expect((byGroup.value as Row[]).map((e) => e.principalId).sort()).toEqual([CONTOSO.alex.oid, CONTOSO.jamie.oid].sort());

    const byPrincipal = await alex.client.api(`${PIM}/eligibilityScheduleInstances`).filter(`principalId eq '${CONTOSO.alex.oid}'`).get();
    expect(byPrincipal.value).toHaveLength(3);

    const both = await alex.client
      .api(`${PIM}/eligibilitySchedules`)
      .filter(`groupId eq '${CONTOSO.network}' and principalId eq '${CONTOSO.alex.oid}'`)
      .select(['accessId', 'principalId', 'groupId'])
      .get();
    expect(both).toEqual({
      '@odata.context': `${sandbox.info.graph}/v1.0/$metadata#identityGovernance/privilegedAccess/group/eligibilitySchedules(accessId,principalId,groupId)`,
      value: [{ accessId: 'member', principalId: CONTOSO.alex.oid, groupId: CONTOSO.network }],
    });
  });

  it('a helpdesk user filtering by a group sees only their own rows', async () => {
    const page = await alex.client.api(`${PIM}/eligibilitySchedules`).filter(`groupId eq '${CONTOSO.workstations}'`).get();
    expect((page.value as Row[]).map((e) => e.principalId)).toEqual([CONTOSO.alex.oid]);
  });

  it('listing without the required principalId/groupId filter is a 400', async () => {
    for (const collection of ['eligibilitySchedules', 'eligibilityScheduleInstances', 'assignmentSchedules', 'assignmentScheduleInstances', 'assignmentScheduleRequests']) {
      expectGraphError(await graphError(alex.client.api(`${PIM}/${collection}`).get()), 400, 'BadRequest', /requires a \$filter on principalId or groupId/);
    }
    expectGraphError(await graphError(alex.client.api(`${PIM}/eligibilitySchedules`).filter("accessId eq 'member'").get()), 400, 'BadRequest');
    expectGraphError(await graphError(alex.client.api(`${PIM}/eligibilitySchedules`).filter(`groupId eq '${CONTOSO.network}' or principalId eq 'x'`).get()), 400, 'BadRequest');
  });

  it('$expand=group,principal embeds the directory objects; nested $select applies', async () => {
    const page = await alex.client.api(`${PIM}/eligibilitySchedules/filterByCurrentUser(on='principal')`).expand(['group', 'principal']).get();
    for (const row of page.value as Row[]) {
      expect((row.group as Row).id).toBe(row.groupId);
      expect((row.group as Row).displayName).toMatch(/^PIM-Helpdesk-/);
      expect(row.principal).toMatchObject({ '@odata.type': '#microsoft.graph.user', id: CONTOSO.alex.oid, displayName: 'Alex Moreno' });
    }
    const narrow = await alex.client.api(`${PIM}/eligibilitySchedules`).filter(`principalId eq '${CONTOSO.alex.oid}'`).expand('group($select=id,displayName)').get();
    expect(narrow['@odata.context']).toMatch(/eligibilitySchedules\(group\(id,displayName\)\)$/);
    expect(Object.keys((narrow.value as Row[])[0]!.group as Row).sort()).toEqual(['displayName', 'id']);
    expectGraphError(await graphError(alex.client.api(`${PIM}/eligibilitySchedules/filterByCurrentUser(on='principal')`).expand('nonsense').get()), 400, 'BadRequest', /Could not find a property named 'nonsense'/);
  });

  it('$top pages with an absolute same-origin @odata.nextLink that PageIterator follows', async () => {
    const first = await alex.client.api(`${PIM}/eligibilitySchedules/filterByCurrentUser(on='principal')`).top(1).get();
    expect(first.value).toHaveLength(1);
    expect(first['@odata.nextLink']).toMatch(new RegExp(`^${sandbox.info.graph}/v1\\.0/identityGovernance/privilegedAccess/group/eligibilitySchedules/filterByCurrentUser\\(on='principal'\\)\\?.*\\$skiptoken=`));
    const seen: string[] = [];
    const iterator = new PageIterator(alex.client, first, (item: Row) => {
      seen.push(item.groupId as string);
      return true;
    });
    await iterator.iterate();
    expect(seen.sort()).toEqual([CONTOSO.network, CONTOSO.servers, CONTOSO.workstations].sort());
  });

  it('GET by id, and 404 in Graph\'s shape for an unknown id', async () => {
    const page = await alex.client.api(`${PIM}/eligibilitySchedules/filterByCurrentUser(on='principal')`).get();
    const id = (page.value as Row[])[0]!.id as string;
    const one = await alex.client.api(`${PIM}/eligibilitySchedules/${id}`).get();
    expect(one['@odata.context']).toBe(`${sandbox.info.graph}/v1.0/$metadata#identityGovernance/privilegedAccess/group/eligibilitySchedules/$entity`);
    expect(one.id).toBe(id);
    expectGraphError(await graphError(alex.client.api(`${PIM}/eligibilitySchedules/nope`).get()), 404, 'NotFound');
  });

  it('policy assignments for a group expand to the policy with every rule, typed as Graph returns them', async () => {
    const page = await alex.client
      .api('/policies/roleManagementPolicyAssignments')
      .filter(`scopeId eq '${CONTOSO.network}' and scopeType eq 'Group' and roleDefinitionId eq 'member'`)
      .expand('policy($expand=rules)')
      .get();
    expect(page['@odata.context']).toBe(`${sandbox.info.graph}/v1.0/$metadata#policies/roleManagementPolicyAssignments(policy(rules()))`);
    expect(page.value).toHaveLength(1);
    const assignment = (page.value as Row[])[0]!;
    expect(assignment).toMatchObject({ scopeId: CONTOSO.network, scopeType: 'Group', roleDefinitionId: 'member' });
    expect(assignment.id).toBe(`${assignment.policyId}_member`);
    const rules = (assignment.policy as { rules: Row[] }).rules;
    const rule = (id: string) => rules.find((r) => r.id === id)!;
    expect(rule('Expiration_EndUser_Assignment')).toMatchObject({ '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyExpirationRule', maximumDuration: 'PT4H', isExpirationRequired: true });
    expect(rule('Enablement_EndUser_Assignment')).toMatchObject({ '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyEnablementRule', enabledRules: ['Justification', 'Ticketing'] });
    expect(rule('Approval_EndUser_Assignment')).toMatchObject({ '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyApprovalRule', setting: { isApprovalRequired: false } });
    expect(rule('AuthenticationContext_EndUser_Assignment')).toMatchObject({ '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyAuthenticationContextRule', isEnabled: false, claimValue: null });
    expect(rules.filter((r) => r['@odata.type'] === '#microsoft.graph.unifiedRoleManagementPolicyNotificationRule').length).toBeGreaterThan(0);
  });

  it('the approval rule of a group needing approval names its primary approvers (v1.0 singleUser, groupMembers)', async () => {
    const page = await alex.client.api('/policies/roleManagementPolicies').filter(`scopeId eq '${CONTOSO.servers}' and scopeType eq 'Group'`).expand('rules').get();
    const member = (page.value as Row[]).find((p) => (p.rules as Row[]).some((r) => r.id === 'Approval_EndUser_Assignment' && (r.setting as Row).isApprovalRequired === true))!;
    const approval = (member.rules as Row[]).find((r) => r.id === 'Approval_EndUser_Assignment')!;
    expect((approval.setting as { approvalStages: { primaryApprovers: Row[] }[] }).approvalStages[0]!.primaryApprovers).toEqual([
      { '@odata.type': '#microsoft.graph.singleUser', userId: CONTOSO.sara.oid, description: 'Sara Lindqvist (Security)' },
      { '@odata.type': '#microsoft.graph.groupMembers', groupId: CONTOSO.serverApprovers, description: 'PIM-Approvers-Servers' },
    ]);
    const rulesPage = await alex.client.api(`/policies/roleManagementPolicies/${member.id}/rules`).get();
    expect((rulesPage.value as Row[]).length).toBe((member.rules as Row[]).length);
    const one = await alex.client.api(`/policies/roleManagementPolicies/${member.id}/rules/Expiration_EndUser_Assignment`).get();
    expect(one.maximumDuration).toBe('PT8H');
  });

  it('policy listing without scopeId and scopeType is a 400', async () => {
    expectGraphError(await graphError(alex.client.api('/policies/roleManagementPolicyAssignments').get()), 400, 'BadRequest');
    expectGraphError(await graphError(alex.client.api('/policies/roleManagementPolicies').filter(`scopeId eq '${CONTOSO.servers}'`).get()), 400, 'BadRequest');
  });
});
