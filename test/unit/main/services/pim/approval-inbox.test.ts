import { describe, expect, it } from 'vitest';
import { ApprovalService } from '../../../../../main/services/pim/approval.service.js';
import type { ApprovalGraph, GraphScheduleRequest } from '../../../../../main/services/pim/pim-graph.api.js';
import { FakeNotifier } from '../../../../helpers/fakes/notifier.fake.js';
import { ManualClock } from '../../../../helpers/manual-clock.js';

const GROUP = '480ca4e5-1d02-4348-9047-4c462899391c';

/** Graph as the approver's inbox reads it: pending requests, each with an approval stage assigned to me. */
function inboxGraph(pending: GraphScheduleRequest[]): ApprovalGraph & { reads: number } {
  const graph = {
    reads: 0,
    me: async () => ({ id: 'me-oid' }),
    approverRequests: async () => {
      graph.reads += 1;
      return pending.map((r) => ({ ...r }));
    },
    approval: async (id: string) => ({ id, stages: [{ id: `${id}-stage`, assignedToMe: true, status: 'InProgress' }] }),
    policyRules: async () => [],
  };
  return graph as unknown as ApprovalGraph & { reads: number };
}

function request(id: string): GraphScheduleRequest {
  return { id, status: 'PendingApproval', action: 'selfActivate', groupId: GROUP, principalId: 'alex-oid', accessId: 'member', approvalId: `approval-${id}`, justification: `why ${id}`, createdDateTime: '2025-01-06T08:00:00Z', principal: { id: 'alex-oid', displayName: 'Alex Moreno' } };
}

function service(pending: GraphScheduleRequest[]) {
  const graph = inboxGraph(pending);
  const notifier = new FakeNotifier();
  const approvals = new ApprovalService({
    clock: new ManualClock(),
    graphFor: () => graph,
    tenantOf: () => 'tenant',
    accounts: async () => [{ accountId: 'acc', username: 'morgan@contoso-it.example' }],
    vaultsOf: () => ['kv-contoso-servers'],
    notifier,
  });
  const events: number[] = [];
  approvals.on('inbox', ({ items }) => events.push(items.length));
  return { approvals, graph, notifier, events };
}

describe('ApprovalService inbox events', () => {
  it('tells listeners once per change, not on every read: a window that re-reads when told must not loop', async () => {
    const pending = [request('r1')];
    const { approvals, events } = service(pending);
    await approvals.inbox();
    await approvals.inbox();
    await approvals.inbox();
    expect(events).toEqual([1]);

    pending.push(request('r2'));
    await approvals.inbox();
    await approvals.inbox();
    expect(events).toEqual([1, 2]);

    pending.splice(0, 2);
    await approvals.inbox();
    expect(events).toEqual([1, 2, 0]);
    expect(approvals.pendingCount).toBe(0);
  });

  it('the first read is always told (the tray starts from a known count), even when nothing waits', async () => {
    const { approvals, events } = service([]);
    await approvals.inbox();
    await approvals.inbox();
    expect(events).toEqual([0]);
  });

  it('a listener that re-reads the inbox on every event settles after one extra read', async () => {
    const { approvals, graph } = service([request('r1')]);
    const rereads: Promise<unknown>[] = [];
    approvals.on('inbox', () => {
      if (rereads.length < 50) rereads.push(approvals.inbox());
    });
    await approvals.inbox();
    for (let settled = 0; settled < rereads.length; settled += 1) await rereads[settled];
    expect(rereads).toHaveLength(1);
    expect(graph.reads).toBe(2);
  });

  it('notifies once per new request, however often the inbox is read', async () => {
    const pending = [request('r1')];
    const { approvals, notifier } = service(pending);
    await approvals.inbox();
    await approvals.inbox();
    pending.push(request('r2'));
    await approvals.inbox();
    expect(notifier.ofKind('approval-needed').map((n) => n.title)).toEqual(['Alex Moreno asks for ' + GROUP, 'Alex Moreno asks for ' + GROUP]);
  });
});
