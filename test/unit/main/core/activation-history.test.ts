import { describe, expect, it } from 'vitest';
import { ActivationHistory } from '../../../../main/core/activation-history.js';
import { MemoryPendingRequestStore } from '../../../../main/services/pim/pending-requests.store.js';
import type { ActivationEvent } from '../../../../main/services/pim/pim.types.js';

const event = (requestId: string, phase: ActivationEvent['phase'], at: number, accountId = 'acc'): ActivationEvent => ({ requestId, accountId, groupId: 'g', phase, at });

describe('ActivationHistory', () => {
  it('lists persisted requests with this run’s events, and followed activations without a record', async () => {
    const store = new MemoryPendingRequestStore();
    await store.save([{ requestId: 'r1', accountId: 'acc', tenantId: 't', groupId: 'g', submittedAt: 10 }]);
    const history = new ActivationHistory(store);
    history.record(event('r1', 'Submitted', 10));
    history.record(event('r1', 'PendingApproval', 11));
    history.record(event('instance-7', 'Propagating', 5, 'other'));
    const pending = await history.pending();
    expect(pending).toEqual([
      { requestId: 'instance-7', accountId: 'other', groupId: 'g', submittedAt: 5, history: [event('instance-7', 'Propagating', 5, 'other')] },
      { requestId: 'r1', accountId: 'acc', groupId: 'g', submittedAt: 10, history: [event('r1', 'Submitted', 10), event('r1', 'PendingApproval', 11)] },
    ]);
    expect((await history.pending('other')).map((r) => r.requestId)).toEqual(['instance-7']);
  });

  it('a terminal phase ends the request at once, even before its record is removed', async () => {
    const store = new MemoryPendingRequestStore();
    await store.save([{ requestId: 'r1', accountId: 'acc', tenantId: 't', groupId: 'g', submittedAt: 10 }]);
    const history = new ActivationHistory(store);
    history.record(event('r1', 'Submitted', 10));
    history.record(event('r1', 'Ready', 20));
    expect(await history.pending()).toEqual([]);
  });

  it('a restart lists persisted requests with an empty history', async () => {
    const store = new MemoryPendingRequestStore();
    await store.save([{ requestId: 'r9', accountId: 'acc', tenantId: 't', groupId: 'g', submittedAt: 1 }]);
    expect(await new ActivationHistory(store).pending()).toEqual([{ requestId: 'r9', accountId: 'acc', groupId: 'g', submittedAt: 1, history: [] }]);
  });
});
