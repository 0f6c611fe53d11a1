import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroupPolicy } from '../../sandbox/state/model.js';
import { claimsFromAcrsMessage } from '../../sandbox/pim/pim-errors.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { decodeJwtPayload } from '../helpers/msal.js';
import { activation, CONTOSO, expectGraphError, graphClient, graphError, MFA_CLAIMS, PIM, signIn, signInWithClaims, type SignedInUser } from './graph-test-kit.js';

type Row = Record<string, unknown>;
const REQUESTS = `${PIM}/assignmentScheduleRequests`;
const MINUTE = 60_000;

describe('PIM for Groups: self-activation and its validation (through @microsoft/microsoft-graph-client)', () => {
  let sandbox: TestSandbox;
  let alex: SignedInUser;
  let jamie: SignedInUser;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ settings: { propagationDelaySeconds: 5, minimumActivationSeconds: 300 } });
    [alex, jamie] = await Promise.all([signIn(sandbox.info, CONTOSO.alex), signIn(sandbox.info, CONTOSO.jamie)]);
  });
  afterAll(async () => sandbox?.close());

  /** Changes a seeded policy for one test and restores it afterwards. */
  async function withPolicy(groupId: string, change: Partial<GroupPolicy>, body: () => Promise<void>): Promise<void> {
    const policy = sandbox.context.store.data.tenants[0]!.policies.find((p) => p.groupId === groupId && p.accessId === 'member')!;
    const saved = { ...policy };
    Object.assign(policy, change);
    try {
      await body();
    } finally {
      for (const key of Object.keys(policy) as (keyof GroupPolicy)[]) delete policy[key];
      Object.assign(policy, saved);
    }
  }

  async function policyFailure(user: SignedInUser, body: unknown): Promise<string> {
    const error = await graphError(user.client.api(REQUESTS).post(body));
    expectGraphError(error, 400, 'RoleAssignmentRequestPolicyValidationFailed');
    return error.message;
  }

  it('activates without approval: 201 Provisioned with the full request, a schedule and an instance', async () => {
    const before = sandbox.context.clock.now();
    const created = await alex.client.api(REQUESTS).post(activation(CONTOSO.alex.oid, CONTOSO.workstations, { duration: 'PT1H' }));
    expect(created['@odata.context']).toBe(`${sandbox.info.graph}/v1.0/$metadata#identityGovernance/privilegedAccess/group/assignmentScheduleRequests/$entity`);
    expect(created).toMatchObject({
      status: 'Provisioned',
      action: 'selfActivate',
      accessId: 'member',
      principalId: CONTOSO.alex.oid,
      groupId: CONTOSO.workstations,
      approvalId: null,
      isValidationOnly: false,
      customData: null,
      justification: 'Password reset for ticket work',
      createdBy: { user: { id: CONTOSO.alex.oid } },
      ticketInfo: { ticketNumber: null, ticketSystem: null },
      scheduleInfo: { expiration: { type: 'afterDuration', duration: 'PT1H', endDateTime: null } },
    });
    expect(created.targetScheduleId).toBe(`${CONTOSO.workstations}_member_${created.id}`);
    expect(Date.parse(created.createdDateTime)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(created.scheduleInfo.startDateTime)).toBeGreaterThanOrEqual(before);
    expect(created.completedDateTime).toBe(created.createdDateTime);

    const instances = await alex.client.api(`${PIM}/assignmentScheduleInstances/filterByCurrentUser(on='principal')`).get();
    const instance = (instances.value as Row[]).find((i) => i.groupId === CONTOSO.workstations)!;
    expect(instance).toMatchObject({ assignmentType: 'Activated', memberType: 'Direct', accessId: 'member', assignmentScheduleId: created.targetScheduleId });
    expect(Date.parse(instance.endDateTime as string) - Date.parse(instance.startDateTime as string)).toBe(3600_000);

    const schedules = await alex.client.api(`${PIM}/assignmentSchedules`).filter(`groupId eq '${CONTOSO.workstations}' and principalId eq '${CONTOSO.alex.oid}'`).get();
    expect((schedules.value as Row[]).map((s) => s.id)).toEqual([created.targetScheduleId]);
    expect((schedules.value as Row[])[0]).toMatchObject({ status: 'Provisioned', assignmentType: 'Activated', scheduleInfo: { expiration: { type: 'afterDateTime' } } });

    const fetched = await alex.client.api(`${REQUESTS}/${created.id}`).expand(['group', 'principal', 'targetSchedule']).get();
    expect(fetched).toMatchObject({ id: created.id, status: 'Provisioned', group: { displayName: 'PIM-Helpdesk-Workstations' }, targetSchedule: { id: created.targetScheduleId } });
    const mine = await alex.client.api(`${REQUESTS}/filterByCurrentUser(on='principal')`).filter(`groupId eq '${CONTOSO.workstations}'`).get();
    expect((mine.value as Row[]).map((r) => r.id)).toContain(created.id);

    expectGraphError(await graphError(alex.client.api(REQUESTS).post(activation(CONTOSO.alex.oid, CONTOSO.workstations))), 400, 'RoleAssignmentExists', 'The Role assignment already exists.');
  });

  it('the membership reaches newly issued tokens only after the propagation delay', async () => {
    await jamie.client.api(REQUESTS).post(activation(CONTOSO.jamie.oid, CONTOSO.network, { ticketNumber: 'INC0001', duration: 'PT2H' }));
    const vaultToken = async () => (await jamie.app.acquireTokenSilent({ account: (await jamie.app.getAllAccounts())[0]!, scopes: ['https://vault.azure.net/.default'], forceRefresh: true })).accessToken;
    expect(decodeJwtPayload<{ groups?: string[] }>(await vaultToken()).groups ?? []).not.toContain(CONTOSO.network);
    sandbox.context.clock.advance(5_000);
    expect(decodeJwtPayload<{ groups?: string[] }>(await vaultToken()).groups).toContain(CONTOSO.network);
  });

  it('ExpirationRule: longer than the policy maximum, or no expiration at all', async () => {
    expect(await policyFailure(jamie, activation(CONTOSO.jamie.oid, CONTOSO.workstations, { duration: 'PT2H' }))).toBe('The following policy rules failed: ["ExpirationRule"]');
    const noExpiration = { ...activation(CONTOSO.jamie.oid, CONTOSO.workstations), scheduleInfo: { expiration: { type: 'noExpiration' } } };
    expect(await policyFailure(jamie, noExpiration)).toBe('The following policy rules failed: ["ExpirationRule"]');
    const noSchedule = { ...activation(CONTOSO.jamie.oid, CONTOSO.workstations), scheduleInfo: undefined };
    expect(await policyFailure(jamie, noSchedule)).toBe('The following policy rules failed: ["ExpirationRule"]');
  });

  it('JustificationRule, TicketingRule, and several rules at once', async () => {
    expect(await policyFailure(jamie, activation(CONTOSO.jamie.oid, CONTOSO.workstations, { justification: null }))).toBe('The following policy rules failed: ["JustificationRule"]');
    expect(await policyFailure(jamie, activation(CONTOSO.jamie.oid, CONTOSO.workstations, { justification: '   ' }))).toBe('The following policy rules failed: ["JustificationRule"]');
    expect(await policyFailure(alex, activation(CONTOSO.alex.oid, CONTOSO.network))).toBe('The following policy rules failed: ["TicketingRule"]');
    expect(await policyFailure(alex, activation(CONTOSO.alex.oid, CONTOSO.network, { justification: null, duration: 'PT5H' }))).toBe(
      'The following policy rules failed: ["ExpirationRule","JustificationRule","TicketingRule"]',
    );
  });

  it('EligibilityRule for a group the caller is not eligible for', async () => {
    expect(await policyFailure(alex, activation(CONTOSO.alex.oid, CONTOSO.securityTeam))).toBe('The following policy rules failed: ["EligibilityRule"]');
  });

  it('ActiveDurationTooShort below the 5-minute minimum, with the real "Miniumum" typo', async () => {
    const error = await graphError(alex.client.api(REQUESTS).post(activation(CONTOSO.alex.oid, CONTOSO.servers, { duration: 'PT4M' })));
    expectGraphError(error, 400, 'ActiveDurationTooShort', 'The Active duration is too short. Miniumum Required is 5 minutes.');
  });

  it('MfaRule when the policy requires MFA and the token was issued without it; an MFA token succeeds', async () => {
    await withPolicy(CONTOSO.workstations, { requireMfa: true }, async () => {
      expect(await policyFailure(jamie, activation(CONTOSO.jamie.oid, CONTOSO.workstations))).toBe('The following policy rules failed: ["MfaRule"]');
      const stepUp = await signInWithClaims(sandbox.info, CONTOSO.jamie, MFA_CLAIMS);
      expect(decodeJwtPayload<{ amr: string[] }>(stepUp.accessToken).amr).toContain('mfa');
      const created = await stepUp.client.api(REQUESTS).post(activation(CONTOSO.jamie.oid, CONTOSO.workstations));
      expect(created.status).toBe('Provisioned');
    });
  });

  it('RoleAssignmentRequestAcrsValidationFailed carries the claims challenge; a token with the context succeeds', async () => {
    await withPolicy(CONTOSO.servers, { authenticationContext: 'c1', requireApproval: false }, async () => {
      const error = await graphError(alex.client.api(REQUESTS).post(activation(CONTOSO.alex.oid, CONTOSO.servers)));
      expectGraphError(error, 400, 'RoleAssignmentRequestAcrsValidationFailed', '&claims=%7B%22access_token%22%3A%7B%22acrs%22%3A%7B%22essential%22%3Atrue%2C%20%22value%22%3A%22c1%22%7D%7D%7D');
      const claims = claimsFromAcrsMessage(error.message)!;
      expect(JSON.parse(claims)).toEqual({ access_token: { acrs: { essential: true, value: 'c1' } } });
      const stepUp = await signInWithClaims(sandbox.info, CONTOSO.alex, claims);
      expect(decodeJwtPayload<{ acrs: string[] }>(stepUp.accessToken).acrs).toEqual(['c1']);
      const created = await stepUp.client.api(REQUESTS).post(activation(CONTOSO.alex.oid, CONTOSO.servers));
      expect(created.status).toBe('Provisioned');
      await sandbox.admin('POST', `/pim/assignments/${created.id}/revoke`);
    });
  });

  it('malformed bodies are 400 BadRequest; acting for someone else is 403', async () => {
    const token = await alex.token();
    const raw = await fetch(`${sandbox.info.graph}/v1.0${REQUESTS}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"accessId":' });
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'BadRequest',
      message: 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
    });
    const { groupId: _groupId, ...noGroup } = activation(CONTOSO.alex.oid, CONTOSO.workstations);
    expectGraphError(await graphError(alex.client.api(REQUESTS).post(noGroup)), 400, 'BadRequest', "The property 'groupId' is required.");
    expectGraphError(await graphError(alex.client.api(REQUESTS).post({ ...activation(CONTOSO.alex.oid, CONTOSO.workstations), action: 'activateNow' })), 400, 'BadRequest', "Requested value 'activateNow' was not found.");
    expectGraphError(await graphError(alex.client.api(REQUESTS).post(activation(CONTOSO.alex.oid, CONTOSO.workstations, { duration: 'two hours' }))), 400, 'BadRequest');
    expectGraphError(await graphError(alex.client.api(REQUESTS).post({ ...activation(CONTOSO.alex.oid, CONTOSO.workstations), accessId: 'admin' })), 400, 'BadRequest');
    expectGraphError(await graphError(alex.client.api(REQUESTS).post(activation(CONTOSO.jamie.oid, CONTOSO.workstations))), 403, 'Forbidden');
  });

  it('isValidationOnly validates without creating anything', async () => {
    const checked = await alex.client.api(REQUESTS).post({ ...activation(CONTOSO.alex.oid, CONTOSO.network, { ticketNumber: 'INC42' }), isValidationOnly: true });
    expect(checked).toMatchObject({ isValidationOnly: true, status: 'Provisioned' });
    expectGraphError(await graphError(alex.client.api(`${REQUESTS}/${checked.id}`).get()), 404, 'NotFound');
    const instances = await alex.client.api(`${PIM}/assignmentScheduleInstances/filterByCurrentUser(on='principal')`).filter(`groupId eq '${CONTOSO.network}'`).get();
    expect(instances.value).toEqual([]);
  });

  it('selfDeactivate: too short within 5 minutes, then Revoked and the instance is gone; again → RoleAssignmentDoesNotExist', async () => {
    const created = await alex.client.api(REQUESTS).post(activation(CONTOSO.alex.oid, CONTOSO.network, { ticketNumber: 'INC7', duration: 'PT2H' }));
    const deactivate = { accessId: 'member', principalId: CONTOSO.alex.oid, groupId: CONTOSO.network, action: 'selfDeactivate' };
    expectGraphError(await graphError(alex.client.api(REQUESTS).post(deactivate)), 400, 'ActiveDurationTooShort', 'The Active duration is too short. Miniumum Required is 5 minutes.');

    sandbox.context.clock.advance(5 * MINUTE);
    const revoked = await alex.client.api(REQUESTS).post(deactivate);
    expect(revoked).toMatchObject({ action: 'selfDeactivate', status: 'Revoked', targetScheduleId: created.targetScheduleId });
    const instances = await alex.client.api(`${PIM}/assignmentScheduleInstances`).filter(`principalId eq '${CONTOSO.alex.oid}' and groupId eq '${CONTOSO.network}'`).get();
    expect(instances.value).toEqual([]);
    expectGraphError(await graphError(alex.client.api(REQUESTS).post(deactivate)), 400, 'RoleAssignmentDoesNotExist');
  });

  it('a future start reads Granted until the schedule starts, then Provisioned', async () => {
    const start = new Date(sandbox.context.clock.now() + 10 * MINUTE).toISOString();
    const created = await alex.client.api(REQUESTS).post(activation(CONTOSO.alex.oid, CONTOSO.network, { ticketNumber: 'INC8', startDateTime: start }));
    expect(created).toMatchObject({ status: 'Granted', scheduleInfo: { startDateTime: start } });
    const none = await alex.client.api(`${PIM}/assignmentScheduleInstances/filterByCurrentUser(on='principal')`).filter(`groupId eq '${CONTOSO.network}'`).get();
    expect(none.value).toEqual([]);
    expectGraphError(await graphError(alex.client.api(REQUESTS).post(activation(CONTOSO.alex.oid, CONTOSO.network, { ticketNumber: 'INC9' }))), 400, 'RoleAssignmentExists');
    sandbox.context.clock.advance(10 * MINUTE);
    const fresh = graphClient(sandbox.info, () => alex.token(true));
    expect((await fresh.api(`${REQUESTS}/${created.id}`).get()).status).toBe('Provisioned');
    const some = await fresh.api(`${PIM}/assignmentScheduleInstances/filterByCurrentUser(on='principal')`).filter(`groupId eq '${CONTOSO.network}'`).get();
    expect(some.value).toHaveLength(1);
    await sandbox.admin('POST', `/pim/assignments/${created.targetScheduleId}/revoke`);
  });

  it('admin revoke ends an activation now: the request reads Revoked and the instance is gone', async () => {
    const fresh = graphClient(sandbox.info, () => jamie.token(true));
    const before = await fresh.api(`${PIM}/assignmentScheduleInstances/filterByCurrentUser(on='principal')`).filter(`groupId eq '${CONTOSO.network}'`).get();
    expect(before.value).toHaveLength(1);
    const mine = await fresh.api(`${REQUESTS}/filterByCurrentUser(on='principal')`).filter(`groupId eq '${CONTOSO.network}' and status eq 'Provisioned'`).get();
    const request = (mine.value as Row[])[0]!;
    const revoked = await sandbox.admin<{ assignment: Row }>('POST', `/pim/assignments/${request.targetScheduleId}/revoke`);
    expect(revoked.status).toBe(200);
    expect((await fresh.api(`${REQUESTS}/${request.id}`).get()).status).toBe('Revoked');
    const after = await fresh.api(`${PIM}/assignmentScheduleInstances/filterByCurrentUser(on='principal')`).filter(`groupId eq '${CONTOSO.network}'`).get();
    expect(after.value).toEqual([]);
    expect((await sandbox.admin('POST', `/pim/assignments/${request.targetScheduleId}/revoke`)).status).toBe(409);
  });

  it('an activation expires on the clock: its instance and schedule disappear, the request stays Provisioned', async () => {
    const fresh = graphClient(sandbox.info, () => jamie.token(true));
    const created = await fresh.api(REQUESTS).post(activation(CONTOSO.jamie.oid, CONTOSO.network, { ticketNumber: 'INC10', duration: 'PT1H' }));
    sandbox.context.clock.advance(59 * MINUTE);
    const stillThere = await graphClient(sandbox.info, () => jamie.token(true)).api(`${PIM}/assignmentScheduleInstances`).filter(`principalId eq '${CONTOSO.jamie.oid}' and groupId eq '${CONTOSO.network}'`).get();
    expect(stillThere.value).toHaveLength(1);
    sandbox.context.clock.advance(1 * MINUTE);
    const later = graphClient(sandbox.info, () => jamie.token(true));
    expect((await later.api(`${PIM}/assignmentScheduleInstances`).filter(`principalId eq '${CONTOSO.jamie.oid}' and groupId eq '${CONTOSO.network}'`).get()).value).toEqual([]);
    expect((await later.api(`${PIM}/assignmentSchedules`).filter(`principalId eq '${CONTOSO.jamie.oid}' and groupId eq '${CONTOSO.network}'`).get()).value).toEqual([]);
    expect((await later.api(`${REQUESTS}/${created.id}`).get()).status).toBe('Provisioned');
  });

  it('admin expire sets the end time to now', async () => {
    const fresh = graphClient(sandbox.info, () => jamie.token(true));
    const created = await fresh.api(REQUESTS).post(activation(CONTOSO.jamie.oid, CONTOSO.network, { ticketNumber: 'INC11', duration: 'PT3H' }));
    const expired = await sandbox.admin<{ assignment: Row }>('POST', `/pim/assignments/${created.id}/expire`);
    expect(expired.status).toBe(200);
    const end = Date.parse((expired.body.assignment.scheduleInfo as { expiration: { endDateTime: string } }).expiration.endDateTime);
    expect(Math.abs(end - sandbox.context.clock.now())).toBeLessThan(5_000);
    const instances = await fresh.api(`${PIM}/assignmentScheduleInstances`).filter(`principalId eq '${CONTOSO.jamie.oid}' and groupId eq '${CONTOSO.network}'`).get();
    expect(instances.value).toEqual([]);
    expect((await fresh.api(`${REQUESTS}/${created.id}`).get()).status).toBe('Provisioned');
  });
});
