import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { activation, CONTOSO, expectGraphError, graphError, PIM, signIn, type SignedInUser } from './graph-test-kit.js';

type Row = Record<string, unknown>;
const REQUESTS = `${PIM}/assignmentScheduleRequests`;
const APPROVALS = `${PIM}/assignmentApprovals`;
const DAY_MS = 24 * 3600_000;

describe('PIM for Groups approvers: group approvers, any one decides, lapse, self-approval, who may read (through @microsoft/microsoft-graph-client)', () => {
  let sandbox: TestSandbox;
  let alex: SignedInUser;
  let jamie: SignedInUser;
  let sara: SignedInUser;
  let morgan: SignedInUser;
  let riley: SignedInUser;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    [alex, jamie, sara, morgan, riley] = await Promise.all([
      signIn(sandbox.info, CONTOSO.alex),
      signIn(sandbox.info, CONTOSO.jamie),
      signIn(sandbox.info, CONTOSO.sara),
      signIn(sandbox.info, CONTOSO.morgan),
      signIn(sandbox.info, CONTOSO.riley),
    ]);
  });
  afterAll(async () => sandbox?.close());

  const awaiting = async (user: SignedInUser) =>
    ((await user.client.api(`${REQUESTS}/filterByCurrentUser(on='approver')`).filter("status eq 'PendingApproval'").expand(['principal', 'group']).get()) as { value: Row[] }).value;
  const stageOf = async (user: SignedInUser, approvalId: string) => ((await user.client.api(`${APPROVALS}/${approvalId}`).get()) as { stages: Row[] }).stages[0]!;
  const instances = async (user: SignedInUser, groupId: string) =>
    ((await user.client.api(`${PIM}/assignmentScheduleInstances`).filter(`groupId eq '${groupId}'`).get()) as { value: Row[] }).value.map((i) => i.principalId);

  it("the approval rule lists a user and a group as primary approvers (singleUser, groupMembers)", async () => {
    const filter = `scopeId eq '${CONTOSO.servers}' and scopeType eq 'Group' and roleDefinitionId eq 'member'`;
    const response = await riley.client.api('/policies/roleManagementPolicyAssignments').filter(filter).expand('policy($expand=rules)').get();
    const rule = (response.value[0].policy.rules as Row[]).find((r) => r.id === 'Approval_EndUser_Assignment') as { setting: { approvalStages: Row[] } };
    expect(rule.setting.approvalStages[0]).toMatchObject({
      approvalStageTimeOutInDays: 1,
      primaryApprovers: [
        { '@odata.type': '#microsoft.graph.singleUser', userId: CONTOSO.sara.oid, description: 'Sara Lindqvist (Security)' },
        { '@odata.type': '#microsoft.graph.groupMembers', groupId: CONTOSO.serverApprovers, description: 'PIM-Approvers-Servers' },
      ],
    });
  });

  it('both approvers see the request; a member of the approver group decides, the other then gets 409; a non-approver gets 403', async () => {
    const created = await riley.client.api(REQUESTS).post({ ...activation(CONTOSO.riley.oid, CONTOSO.servers, { duration: 'PT2H' }), ticketInfo: { ticketNumber: 'INC-4711', ticketSystem: 'ServiceNow' } });
    expect(created.status).toBe('PendingApproval');
    for (const approver of [sara, morgan]) {
      const mine = (await awaiting(approver)).find((r) => r.id === created.id);
      expect(mine).toMatchObject({ justification: 'Password reset for ticket work', ticketInfo: { ticketNumber: 'INC-4711' }, principal: { displayName: 'Riley Park' }, group: { displayName: 'PIM-Helpdesk-Servers' } });
      expect(await stageOf(approver, created.approvalId)).toMatchObject({ assignedToMe: true, status: 'InProgress' });
    }
    expect(await awaiting(jamie)).toEqual([]);
    expectGraphError(await graphError(jamie.client.api(`${APPROVALS}/${created.approvalId}`).get()), 403, 'Forbidden');
    const stage = await stageOf(morgan, created.approvalId);
    expectGraphError(await graphError(jamie.client.api(`${APPROVALS}/${created.approvalId}/stages/${stage.id}`).patch({ reviewResult: 'Approve', justification: 'me too' })), 403, 'Forbidden');

    await morgan.client.api(`${APPROVALS}/${created.approvalId}/stages/${stage.id}`).patch({ reviewResult: 'Approve', justification: 'INC-4711 checked' });
    expect(await stageOf(sara, created.approvalId)).toMatchObject({ assignedToMe: false, reviewResult: 'Approved', reviewedBy: { id: CONTOSO.morgan.oid, displayName: 'Morgan Blake (Team Lead)' }, justification: 'INC-4711 checked' });
    expectGraphError(await graphError(sara.client.api(`${APPROVALS}/${created.approvalId}/stages/${stage.id}`).patch({ reviewResult: 'Deny', justification: 'late' })), 409, 'Conflict');
    expect((await awaiting(sara)).map((r) => r.id)).not.toContain(created.id);
    sandbox.context.clock.advance(1000);
    expect((await riley.client.api(`${REQUESTS}/${created.id}`).get()).status).toBe('Provisioned');
  });

  it('a requester never sees their own request as approvable and cannot approve it (403)', async () => {
    await sandbox.admin('POST', '/pim/eligibilities', { groupId: CONTOSO.servers, principalId: CONTOSO.morgan.oid });
    const own = await morgan.client.api(REQUESTS).post(activation(CONTOSO.morgan.oid, CONTOSO.servers));
    expect((await awaiting(morgan)).map((r) => r.id)).not.toContain(own.id);
    const stage = await stageOf(morgan, own.approvalId);
    expect(stage.assignedToMe).toBe(false);
    expectGraphError(await graphError(morgan.client.api(`${APPROVALS}/${own.approvalId}/stages/${stage.id}`).patch({ reviewResult: 'Approve', justification: 'self' })), 403, 'Forbidden');
    expect((await awaiting(sara)).map((r) => r.id)).toContain(own.id);
    await morgan.client.api(`${REQUESTS}/${own.id}/cancel`).post(undefined);
  });

  it("a group's assignment instances are readable by its members and Global Readers only; others see just their own", async () => {
    await sandbox.admin('POST', '/pim/eligibilities', { groupId: CONTOSO.workstations, principalId: CONTOSO.riley.oid });
    const riley1 = await riley.client.api(REQUESTS).post(activation(CONTOSO.riley.oid, CONTOSO.workstations));
    expect(riley1.status).toBe('Provisioned');
    // Jamie is eligible for workstations but neither a member nor a reader: only their own rows (none).
    expect(await instances(jamie, CONTOSO.workstations)).toEqual([]);
    // Riley's activation of servers (approved above) shows to Riley, to Global Reader Riley for others, not to Alex.
    expect(await instances(alex, CONTOSO.servers)).toEqual([]);
    const jamie1 = await jamie.client.api(REQUESTS).post(activation(CONTOSO.jamie.oid, CONTOSO.workstations));
    expect(jamie1.status).toBe('Provisioned');
    // Now a member, Jamie reads every instance of the group.
    expect((await instances(jamie, CONTOSO.workstations)).sort()).toEqual([CONTOSO.jamie.oid, CONTOSO.riley.oid].sort());
    expect(await instances(riley, CONTOSO.servers)).toContain(CONTOSO.riley.oid);
    const history = (await riley.client.api(REQUESTS).filter(`groupId eq '${CONTOSO.workstations}'`).get()).value as Row[];
    expect(history.map((r) => r.principalId)).toEqual([CONTOSO.riley.oid, CONTOSO.jamie.oid]);
  });
  it('a request nobody decides lapses after approvalStageTimeOutInDays (sandbox clock): Denied, stage closed unreviewed, 409 on review', async () => {
    const created = await alex.client.api(REQUESTS).post(activation(CONTOSO.alex.oid, CONTOSO.servers));
    const stage = await stageOf(morgan, created.approvalId);
    const advanced = await sandbox.admin<{ epochMs: number }>('POST', '/clock/advance', { ms: DAY_MS - 1000 });
    expect(advanced.status).toBe(200);
    expect((await sandbox.admin<{ requests: Row[] }>('GET', `/pim/requests?status=PendingApproval&principalId=${CONTOSO.alex.oid}`)).body.requests.map((r) => r.id)).toEqual([created.id]);
    await sandbox.admin('POST', '/clock/advance', { seconds: 1 });
    // A day later every access token has expired by the sandbox clock: sign in again.
    [alex, morgan] = await Promise.all([signIn(sandbox.info, CONTOSO.alex), signIn(sandbox.info, CONTOSO.morgan)]);
    const lapsed = await alex.client.api(`${REQUESTS}/${created.id}`).get();
    expect(lapsed).toMatchObject({ status: 'Denied', completedDateTime: new Date(Date.parse(created.createdDateTime) + DAY_MS).toISOString() });
    expect(await stageOf(alex, created.approvalId)).toMatchObject({ status: 'Completed', reviewResult: 'NotReviewed', reviewedBy: null, assignedToMe: false });
    expect((await awaiting(morgan)).map((r) => r.id)).not.toContain(created.id);
    expectGraphError(await graphError(morgan.client.api(`${APPROVALS}/${created.approvalId}/stages/${stage.id}`).patch({ reviewResult: 'Approve', justification: 'too late' })), 409, 'Conflict');
    // A lapsed request no longer blocks a new one.
    const again = await alex.client.api(REQUESTS).post(activation(CONTOSO.alex.oid, CONTOSO.servers));
    expect(again.status).toBe('PendingApproval');
    await alex.client.api(`${REQUESTS}/${again.id}/cancel`).post(undefined);
  });

});
