import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { activation, CONTOSO, expectGraphError, graphError, PIM, signIn, type SignedInUser } from './graph-test-kit.js';

type Row = Record<string, unknown>;
const REQUESTS = `${PIM}/assignmentScheduleRequests`;
const APPROVALS = `${PIM}/assignmentApprovals`;

describe('PIM for Groups: approvals, cancel and the admin API (through @microsoft/microsoft-graph-client)', () => {
  let sandbox: TestSandbox;
  let alex: SignedInUser;
  let jamie: SignedInUser;
  let sara: SignedInUser;
  let pat: SignedInUser;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    [alex, jamie, sara, pat] = await Promise.all([signIn(sandbox.info, CONTOSO.alex), signIn(sandbox.info, CONTOSO.jamie), signIn(sandbox.info, CONTOSO.sara), signIn(sandbox.info, CONTOSO.pat)]);
  });
  afterAll(async () => sandbox?.close());

  const status = async (user: SignedInUser, id: string) => ((await user.client.api(`${REQUESTS}/${id}`).get()) as Row).status;
  const instancesOf = async (user: SignedInUser, groupId: string) =>
    ((await user.client.api(`${PIM}/assignmentScheduleInstances/filterByCurrentUser(on='principal')`).filter(`groupId eq '${groupId}'`).get()) as { value: Row[] }).value;

  it('approval by the approver through Graph: PendingApproval → Granted → PendingProvisioning → Provisioned', async () => {
    const created = await alex.client.api(REQUESTS).post(activation(CONTOSO.alex.oid, CONTOSO.servers, { duration: 'PT2H' }));
    expect(created).toMatchObject({ status: 'PendingApproval', approvalId: created.id, completedDateTime: null });
    expect(await instancesOf(alex, CONTOSO.servers)).toEqual([]);
    expectGraphError(await graphError(alex.client.api(REQUESTS).post(activation(CONTOSO.alex.oid, CONTOSO.servers))), 400, 'PendingRoleAssignmentRequest');

    // What an approver's client does (as pimctl): its pending requests, then the approval and its stage.
    const pending = await sara.client.api(`${REQUESTS}/filterByCurrentUser(on='approver')`).filter("status eq 'PendingApproval'").expand(['group', 'principal']).get();
    const mine = (pending.value as Row[]).find((r) => r.id === created.id)!;
    expect(mine).toMatchObject({ principal: { displayName: 'Alex Moreno' }, group: { displayName: 'PIM-Helpdesk-Servers' } });
    const approval = await sara.client.api(`${APPROVALS}/${created.approvalId}`).get();
    expect(approval['@odata.context']).toBe(`${sandbox.info.graph}/v1.0/$metadata#identityGovernance/privilegedAccess/group/assignmentApprovals/$entity`);
    expect(approval.id).toBe(created.id);
    expect(approval.stages).toHaveLength(1);
    const stage = approval.stages[0] as Row;
    expect(stage).toMatchObject({ reviewResult: 'NotReviewed', status: 'InProgress', assignedToMe: true, reviewedBy: null, reviewedDateTime: null });
    expect((await alex.client.api(`${APPROVALS}/${created.id}`).get()).stages[0].assignedToMe).toBe(false);

    expectGraphError(await graphError(pat.client.api(`${APPROVALS}/${created.id}`).get()), 403, 'Forbidden');
    expectGraphError(await graphError(alex.client.api(`${APPROVALS}/${created.id}/stages/${stage.id}`).patch({ reviewResult: 'Approve', justification: 'self' })), 403, 'Forbidden');

    await sara.client.api(`${APPROVALS}/${created.id}/stages/${stage.id}`).patch({ reviewResult: 'Approve', justification: 'Change CHG-1 approved' });
    expect(await status(alex, created.id)).toBe('Granted');
    const reviewed = await sara.client.api(`${APPROVALS}/${created.id}/stages/${stage.id}`).get();
    expect(reviewed).toMatchObject({ reviewResult: 'Approved', status: 'Completed', justification: 'Change CHG-1 approved', reviewedBy: { id: CONTOSO.sara.oid, displayName: 'Sara Lindqvist (Security)' } });
    expectGraphError(await graphError(sara.client.api(`${APPROVALS}/${created.id}/stages/${stage.id}`).patch({ reviewResult: 'Deny' })), 409, 'Conflict');

    sandbox.context.clock.advance(600);
    expect(await status(alex, created.id)).toBe('PendingProvisioning');
    expect(await instancesOf(alex, CONTOSO.servers)).toEqual([]);
    sandbox.context.clock.advance(500);
    const provisioned = await alex.client.api(`${REQUESTS}/${created.id}`).get();
    expect(provisioned.status).toBe('Provisioned');
    expect(provisioned.completedDateTime).not.toBeNull();
    const [instance] = await instancesOf(alex, CONTOSO.servers);
    expect(Date.parse(instance!.endDateTime as string) - Date.parse(instance!.startDateTime as string)).toBe(2 * 3600_000);
  });

  it('admin API: add an eligibility, approve a pending request, then remove the eligibility', async () => {
    const added = await sandbox.admin<{ eligibility: Row }>('POST', '/pim/eligibilities', { groupId: CONTOSO.servers, principalId: CONTOSO.jamie.oid });
    expect(added.status).toBe(201);
    expect(added.body.eligibility).toMatchObject({ groupId: CONTOSO.servers, principalId: CONTOSO.jamie.oid, accessId: 'member', status: 'Provisioned' });
    expect((await sandbox.admin('POST', '/pim/eligibilities', { groupId: CONTOSO.servers, principalId: CONTOSO.jamie.oid })).status).toBe(409);
    const eligible = await jamie.client.api(`${PIM}/eligibilitySchedules/filterByCurrentUser(on='principal')`).filter(`groupId eq '${CONTOSO.servers}'`).get();
    expect(eligible.value).toHaveLength(1);

    const created = await jamie.client.api(REQUESTS).post(activation(CONTOSO.jamie.oid, CONTOSO.servers));
    const listed = await sandbox.admin<{ requests: Row[] }>('GET', `/pim/requests?status=PendingApproval&principalId=${CONTOSO.jamie.oid}`);
    expect(listed.body.requests.map((r) => r.id)).toEqual([created.id]);
    const approved = await sandbox.admin<{ request: Row }>('POST', `/pim/requests/${created.id}/approve`, { justification: 'ok' });
    expect(approved.status).toBe(200);
    expect(approved.body.request.status).toBe('Granted');
    expect((await sandbox.admin('POST', `/pim/requests/${created.id}/approve`)).status).toBe(409);
    sandbox.context.clock.advance(1000);
    expect(await status(jamie, created.id)).toBe('Provisioned');
    expect(await instancesOf(jamie, CONTOSO.servers)).toHaveLength(1);

    const removed = await sandbox.admin<{ removed: number }>('DELETE', '/pim/eligibilities', { groupId: CONTOSO.servers, principalId: CONTOSO.jamie.oid });
    expect(removed.body.removed).toBe(1);
    expect((await sandbox.admin('DELETE', `/pim/eligibilities/${String(added.body.eligibility.id)}`)).status).toBe(404);
    expect((await jamie.client.api(`${PIM}/eligibilitySchedules/filterByCurrentUser(on='principal')`).filter(`groupId eq '${CONTOSO.servers}'`).get()).value).toEqual([]);
  });

  it('deny through the /steps/ spelling of the docs, then cancel: Canceled, and only while pending', async () => {
    await sandbox.admin('POST', '/pim/eligibilities', { groupId: CONTOSO.servers, principalId: CONTOSO.pat.oid });
    const first = await pat.client.api(REQUESTS).post(activation(CONTOSO.pat.oid, CONTOSO.servers));
    const approval = await sara.client.api(`${APPROVALS}/${first.id}`).get();
    await sara.client.api(`${APPROVALS}/${first.id}/steps/${approval.stages[0].id}`).patch({ reviewResult: 'Deny', justification: 'No change ticket' });
    expect(await status(pat, first.id)).toBe('Denied');
    expect(await instancesOf(pat, CONTOSO.servers)).toEqual([]);
    expectGraphError(await graphError(pat.client.api(`${REQUESTS}/${first.id}/cancel`).post(undefined)), 400, 'RequestCannotBeCancelled', 'Request is not in cancellable state.');

    const second = await pat.client.api(REQUESTS).post(activation(CONTOSO.pat.oid, CONTOSO.servers));
    expect(second.status).toBe('PendingApproval');
    expectGraphError(await graphError(alex.client.api(`${REQUESTS}/${second.id}/cancel`).post(undefined)), 404, 'NotFound');
    const token = await pat.token();
    const cancel = await fetch(`${sandbox.info.graph}/v1.0${REQUESTS}/${second.id}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(cancel.status).toBe(204);
    expect(await status(pat, second.id)).toBe('Canceled');
    expect((await sara.client.api(`${APPROVALS}/${second.id}`).get()).stages[0].assignedToMe).toBe(false);
    expect((await sandbox.admin('POST', `/pim/requests/${second.id}/approve`)).status).toBe(409);
    expectGraphError(await graphError(pat.client.api(`${REQUESTS}/${second.id}/cancel`).post(undefined)), 400, 'RequestCannotBeCancelled');

    const third = await pat.client.api(REQUESTS).post(activation(CONTOSO.pat.oid, CONTOSO.servers));
    expect((await sandbox.admin<{ request: Row }>('POST', `/pim/requests/${third.id}/deny`, { justification: 'not today' })).body.request.status).toBe('Denied');
  });

  it("approvals filterByCurrentUser(on='approver') lists what waits on the caller", async () => {
    await sandbox.admin('DELETE', '/pim/eligibilities', { groupId: CONTOSO.servers, principalId: CONTOSO.pat.oid });
    await sandbox.admin('POST', '/pim/eligibilities', { groupId: CONTOSO.servers, principalId: CONTOSO.pat.oid });
    const created = await pat.client.api(REQUESTS).post(activation(CONTOSO.pat.oid, CONTOSO.servers));
    const forSara = await sara.client.api(`${APPROVALS}/filterByCurrentUser(on='approver')`).get();
    expect(forSara['@odata.context']).toBe(`${sandbox.info.graph}/v1.0/$metadata#Collection(approval)`);
    expect((forSara.value as Row[]).map((a) => a.id)).toContain(created.id);
    const forAlex = await alex.client.api(`${APPROVALS}/filterByCurrentUser(on='approver')`).get();
    expect(forAlex.value).toEqual([]);
    expectGraphError(await graphError(sara.client.api(`${APPROVALS}/filterByCurrentUser(on='reviewer')`).get()), 400, 'BadRequest');
  });
});
