import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../helpers/fakes/secret-store.fake.js';
import { AuthService } from '../../main/services/auth/auth.service.js';
import { AppError } from '../../main/services/errors.js';
import { ApprovalService, type ApprovalJournal } from '../../main/services/pim/approval.service.js';
import { PimGraphApi } from '../../main/services/pim/pim-graph.api.js';
import { TeamAwareness } from '../../main/services/pim/team-awareness.js';
import type { AppNotification } from '../../main/services/ports/notifier.js';
import { SystemClock } from '../../main/adapters/system-clock.js';
import { buildDemoSettings, vaultGrantsFromSeed } from '../../main/services/settings/demo-settings.js';
import type { Settings } from '../../main/services/settings/settings.schema.js';
import { browseSignIn } from '../helpers/msal.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const SERVERS = '480ca4e5-1d02-4348-9047-4c462899391c';
const READERS = '9d4e1a57-2b6c-4f0e-8a31-6c2f5b7e9d10';
const DAY_MS = 24 * 3600_000;

/**
 * The team side of PIM through the real Graph client (msal-node tokens from the real AuthService)
 * against the sandbox: the approver's inbox, approve/deny with justification and the refusals in
 * plain words, the requester's view (approvers by name, decision, lapse, reminder), who else holds a
 * group. The sandbox clock is advanced through its admin API for the lapse; nothing sleeps.
 */
describe('ApprovalService and TeamAwareness against the sandbox', () => {
  let sandbox: TestSandbox;
  let settings: Settings;
  const clock = new SystemClock();
  const people: Record<string, { auth: AuthService; accountId: string }> = {};
  const journal: Parameters<ApprovalJournal['append']>[0][] = [];
  const notifications: AppNotification[] = [];

  const graphFor = (who: string) => () => new PimGraphApi({ accountId: people[who]!.accountId, baseUrl: settings.tenants[0]!.graphBaseUrl!, endpoints: { allowLoopback: true } }, people[who]!.auth);
  const approvals = (who: string) =>
    new ApprovalService({
      clock,
      graphFor: graphFor(who),
      tenantOf: () => sandbox.info.tenantId,
      accounts: async () => [{ accountId: people[who]!.accountId, username: `${who}@contoso-it.example` }],
      vaultsOf: (groupId) => settings.vaults.filter((v) => v.pimGroupId === groupId).map((v) => v.name),
      journal: { append: async (e) => void journal.push(e) },
      notifier: { notify: (n) => void notifications.push(n) },
    });
  const request = (who: string, justification: string, ticketNumber?: string) =>
    graphFor(who)().submit({ action: 'selfActivate', groupId: SERVERS, principalId: sandbox.info.users.find((u) => u.username.startsWith(who))!.oid, justification, durationIso: 'PT2H', ...(ticketNumber ? { ticket: { ticketNumber } } : {}) });
  const refusal = async (run: Promise<unknown>) => {
    const error = await run.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  };

  beforeAll(async () => {
    sandbox = await startTestSandbox({ settings: { propagationDelaySeconds: 1 } });
    settings = buildDemoSettings(sandbox.info, vaultGrantsFromSeed(sandbox.context.store.data));
    for (const who of ['alex', 'morgan', 'sara', 'riley', 'jamie']) {
      const auth = await AuthService.create({ endpoints: { allowLoopback: true }, tenants: settings.tenants, secretStore: new MemorySecretStore(), clock });
      const user = sandbox.info.users.find((u) => u.username.startsWith(`${who}.`) && u.tenantId === sandbox.info.tenantId)!;
      const account = await auth.signInInteractive(sandbox.info.tenantId, { openBrowser: async (url) => void (await browseSignIn(url, user)) });
      people[who] = { auth, accountId: account.accountId };
    }
  });
  afterAll(async () => sandbox?.close());

  it('an approver sees the request with its details, must justify, approves; the other approver is told who decided first', async () => {
    const created = await request('alex', 'Reset DC01 admin password', 'INC-1001');
    const morgan = approvals('morgan');
    const inbox = await morgan.inbox();
    expect(inbox).toHaveLength(1);
    const item = inbox[0]!;
    expect(item).toMatchObject({
      requestId: created.id,
      requester: { displayName: 'Alex Moreno' },
      groupName: 'PIM-Helpdesk-Servers',
      durationMinutes: 120,
      justification: 'Reset DC01 admin password',
      ticketNumber: 'INC-1001',
    });
    expect(item.vaults.length).toBeGreaterThan(0);
    expect(item.lapsesAt - item.requestedAt).toBe(DAY_MS);
    expect(morgan.pendingCount).toBe(1);
    expect(notifications.map((n) => n.title)).toEqual(['Alex Moreno asks for PIM-Helpdesk-Servers']);
    await morgan.inbox();
    expect(notifications).toHaveLength(1); // once per new request, not per poll

    expect((await refusal(morgan.decide({ accountId: people.morgan!.accountId, requestId: created.id, decision: 'Approve', justification: '   ' }))).code).toBe('approval-justification-required');
    expect(await approvals('alex').inbox()).toEqual([]); // never your own request

    const waiting = await approvals('alex').requestInfo(people.alex!.accountId, created.id);
    expect(waiting).toMatchObject({ outcome: 'waiting', groupName: 'PIM-Helpdesk-Servers', lapsesAt: Date.parse(created.createdDateTime!) + DAY_MS });
    expect(waiting.approvers).toEqual([
      { kind: 'user', id: sandbox.info.users.find((u) => u.username.startsWith('sara.'))!.oid, displayName: 'Sara Lindqvist (Security)' },
      { kind: 'group', id: 'c4a81f2e-6b37-4d95-a0e8-3f27b9d15c60', displayName: 'PIM-Approvers-Servers' },
    ]);
    expect(waiting.reminder.body).toContain('INC-1001');
    expect(waiting.reminder.mailto).toMatch(/^mailto:\?subject=Approval%20needed%3A%20PIM-Helpdesk-Servers&body=/);

    await morgan.decide({ accountId: people.morgan!.accountId, requestId: created.id, decision: 'Approve', justification: 'INC-1001 checked' });
    expect(morgan.pendingCount).toBe(0);
    expect(journal.at(-1)).toMatchObject({ action: 'approve', outcome: 'ok', requestId: created.id, justification: 'INC-1001 checked', groupId: SERVERS });

    const late = await refusal(approvals('sara').decide({ accountId: people.sara!.accountId, requestId: created.id, decision: 'Deny', justification: 'no' }));
    expect(late.code).toBe('approval-decided');
    expect(late.message).toBe('Morgan Blake (Team Lead) already approved this request. Nothing else to do.');
    expect(journal.at(-1)).toMatchObject({ action: 'deny', outcome: 'failed', detail: 'approval-decided' });
    expect((await approvals('alex').requestInfo(people.alex!.accountId, created.id))).toMatchObject({ outcome: 'approved', decidedBy: 'Morgan Blake (Team Lead)', decisionJustification: 'INC-1001 checked' });
  });

  it('a denial carries the approver’s reason to the requester; a non-approver is refused in plain words', async () => {
    const created = await request('riley', 'Check the backup job');
    const jamie = await refusal(approvals('jamie').decide({ accountId: people.jamie!.accountId, requestId: created.id, decision: 'Approve', justification: 'sure' }));
    expect(jamie.code).toBe('approval-not-approver');
    await approvals('sara').decide({ accountId: people.sara!.accountId, requestId: created.id, decision: 'Deny', justification: 'Backups are the storage team’s job' });
    expect(await approvals('riley').requestInfo(people.riley!.accountId, created.id)).toMatchObject({ outcome: 'denied', decidedBy: 'Sara Lindqvist (Security)', decisionJustification: 'Backups are the storage team’s job' });
  });

  it('a second helpdesk user sees the first one holding the group until its end; a user without read rights sees nobody', async () => {
    sandbox.context.clock.advance(1500);
    const riley = await new TeamAwareness({ graphFor: graphFor('riley'), now: () => sandbox.context.clock.now() }).group(people.riley!.accountId, SERVERS);
    expect(riley.holders).toHaveLength(1);
    expect(riley.holders[0]).toMatchObject({ displayName: 'Alex Moreno', assignmentType: 'Activated' });
    expect(riley.holders[0]!.endsAt! - riley.holders[0]!.startsAt!).toBe(2 * 3600_000);
    expect(riley.history.map((h) => [h.displayName, h.status])).toEqual([
      ['Riley Park', 'Denied'],
      ['Alex Moreno', 'Provisioned'],
    ]);
    const jamie = await new TeamAwareness({ graphFor: graphFor('jamie'), now: () => sandbox.context.clock.now() }).group(people.jamie!.accountId, SERVERS);
    expect(jamie).toMatchObject({ holders: [], history: [] });
  });

  it('a request nobody decides lapses by the sandbox clock: expired for both sides, approving it is refused as expired', async () => {
    const created = await request('riley', 'Patch night');
    expect((await approvals('morgan').inbox()).map((i) => i.requestId)).toEqual([created.id]);
    await sandbox.admin('POST', '/clock/advance', { ms: DAY_MS });
    // Every cached access token is now expired by the sandbox clock: the Graph client's one retry
    // with a freshly issued token (refresh tokens live 90 days) carries on without a new sign-in.
    const morgan = approvals('morgan');
    expect(await morgan.inbox()).toEqual([]);
    const expired = await refusal(morgan.decide({ accountId: people.morgan!.accountId, requestId: created.id, decision: 'Approve', justification: 'sorry, late' }));
    expect(expired.code).toBe('approval-expired');
    expect(await approvals('riley').requestInfo(people.riley!.accountId, created.id)).toMatchObject({ outcome: 'expired', lapsesAt: null });
  });

  it('a standing membership comes with its group name (Active access names it: it is in no eligible list)', async () => {
    const readers = (await graphFor('alex')().myActiveInstances()).find((i) => i.groupId === READERS);
    expect(readers).toMatchObject({ assignmentType: 'Assigned', group: { id: READERS, displayName: 'KV-Helpdesk-Readers' } });
  });
});
