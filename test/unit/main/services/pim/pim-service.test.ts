import { beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../../main/services/errors.js';
import { MemoryPendingRequestStore } from '../../../../../main/services/pim/pending-requests.store.js';
import { PimService } from '../../../../../main/services/pim/pim.service.js';
import type { ActivationEvent } from '../../../../../main/services/pim/pim.types.js';
import type { VaultProber } from '../../../../../main/services/pim/readiness-waiter.js';
import { AccessSession } from '../../../../../main/services/session/access-session.js';
import { ManualClock } from '../../../../helpers/manual-clock.js';
import { FakePimGraph } from './fake-pim-graph.js';

/** Key Vault starts answering `propagationMs` after the first probe, like a real groups-claim delay. */
class DelayedProber implements VaultProber {
  probes = 0;
  private firstAt: number | undefined;
  constructor(private readonly clock: ManualClock, private readonly propagationMs: number) {}
  async probe(): Promise<'ok' | AppError> {
    this.probes++;
    this.firstAt ??= this.clock.now();
    return this.clock.now() - this.firstAt >= this.propagationMs ? 'ok' : new AppError('vault-forbidden-rbac', 'not yet');
  }
}

describe('PimService activation flow', () => {
  let clock: ManualClock;
  let graph: FakePimGraph;
  let session: AccessSession;
  let pending: MemoryPendingRequestStore;
  let events: ActivationEvent[];

  const make = (prober: VaultProber) => {
    const service = new PimService({
      clock,
      tokens: { getAccessToken: async () => ({ token: 't', expiresOnTimestamp: 0 }) },
      graphFor: () => graph,
      tenantOf: () => 'tenant-1',
      vaults: [{ name: 'kv-servers', url: 'https://kv-servers.vault.azure.net', tenantId: '00000000-0000-0000-0000-000000000001', pimGroupId: 'group-1', permissionModel: 'rbac' }],
      prober,
      session,
      pending,
    });
    service.on('activation', (e) => events.push(e));
    return service;
  };
  const request = { accountId: 'acct', groupId: 'group-1', justification: 'INC-42 reset', durationMinutes: 60 };
  const phases = () => events.map((e) => e.phase);

  beforeEach(() => {
    clock = new ManualClock();
    graph = new FakePimGraph(() => clock.now());
    session = new AccessSession({ clock, warnBeforeExpiryMs: 5 * 60_000, idleLockMs: 0 });
    pending = new MemoryPendingRequestStore();
    events = [];
  });

  it('follows approval and provisioning, waits for Key Vault, then unlocks until the activation end', async () => {
    const prober = new DelayedProber(clock, 4000);
    const service = make(prober);
    graph.script = ['PendingApproval', 'PendingApproval', 'Granted', 'PendingProvisioning', 'Provisioned'];
    const { requestId } = await service.activate(request);
    expect(await pending.load()).toHaveLength(1);
    graph.activate(60);
    await clock.advance(60_000);
    expect(phases()).toEqual(['Submitted', 'PendingApproval', 'Granted', 'PendingProvisioning', 'Provisioned', 'Propagating', 'Ready']);
    expect(session.isUnlocked('kv-servers')).toBe(true);
    const grant = session.grants()[0]!;
    expect(grant.groupId).toBe('group-1');
    expect(grant.endsAt).toBe(Date.parse(graph.instances[0]!.endDateTime!));
    expect(await pending.load()).toEqual([]);
    expect(requestId).toBe('req-1');
    expect(graph.submitted[0]).toMatchObject({ action: 'selfActivate', durationIso: 'PT1H', principalId: 'user-oid' });
    service.dispose();
  });

  it('keeps readiness overhead under 2 s and few probes for a 5 s propagation delay', async () => {
    const prober = new DelayedProber(clock, 5000);
    const service = make(prober);
    graph.script = ['Provisioned'];
    graph.activate(60);
    await service.activate(request);
    const propagatingAt = () => events.find((e) => e.phase === 'Propagating')!.at;
    await clock.advance(20_000);
    const ready = events.find((e) => e.phase === 'Ready')!;
    expect(ready.at - propagatingAt() - 5000).toBeLessThanOrEqual(2000);
    expect(prober.probes).toBeLessThanOrEqual(10);
    service.dispose();
  });

  it('survives transient Graph failures and honours the backoff without losing the request', async () => {
    const service = make(new DelayedProber(clock, 0));
    graph.script = ['PendingApproval', new AppError('network', 'offline'), new AppError('pim-failed', 'throttled'), 'Provisioned'];
    graph.activate(30);
    await service.activate(request);
    await clock.advance(120_000);
    expect(phases()).toContain('Ready');
    expect(events.some((e) => e.errorCode === 'network')).toBe(true);
    service.dispose();
  });

  it('reports a denial and forgets the request', async () => {
    const service = make(new DelayedProber(clock, 0));
    graph.script = ['PendingApproval', 'Denied'];
    await service.activate(request);
    await clock.advance(60_000);
    expect(phases().at(-1)).toBe('Denied');
    // Once, with the reason: the timeline showed a bare "Denied" and then "Denied — <reason>".
    expect(phases().filter((p) => p === 'Denied')).toHaveLength(1);
    expect(events.at(-1)!.errorCode).toBe('pim-denied');
    expect(session.isUnlocked('kv-servers')).toBe(false);
    expect(await pending.load()).toEqual([]);
    service.dispose();
  });

  it('never unlocks when Graph does not say when the activation ends', async () => {
    const service = make(new DelayedProber(clock, 0));
    graph.script = ['Provisioned'];
    await service.activate(request);
    await clock.advance(10_000);
    expect(phases().at(-1)).toBe('Failed');
    expect(session.isUnlocked('kv-servers')).toBe(false);
    service.dispose();
  });

  it('refuses locally, before any Graph call, a request that breaks the policy', async () => {
    const service = make(new DelayedProber(clock, 0));
    await expect(service.activate({ ...request, justification: ' ', durationMinutes: 600 })).rejects.toMatchObject({ code: 'pim-policy' });
    expect(graph.submitted).toEqual([]);
  });

  it('resumes following a persisted request after a restart', async () => {
    graph.script = ['PendingProvisioning', 'Provisioned'];
    graph.activate(45);
    await pending.save([{ requestId: 'req-9', accountId: 'acct', tenantId: 'tenant-1', groupId: 'group-1', submittedAt: clock.now() }]);
    const service = make(new DelayedProber(clock, 0));
    await service.resume(['acct']);
    await clock.advance(10_000);
    expect(events.filter((e) => e.requestId === 'req-9').map((e) => e.phase)).toContain('Ready');
    expect(session.isUnlocked('kv-servers')).toBe(true);
    service.dispose();
  });

  it('locks at once when a re-sync shows the activation was removed early', async () => {
    const service = make(new DelayedProber(clock, 0));
    graph.script = ['Provisioned'];
    graph.activate(60);
    await service.activate(request);
    await clock.advance(5000);
    expect(session.isUnlocked('kv-servers')).toBe(true);
    graph.instances = [];
    await service.sync('acct');
    expect(session.isUnlocked('kv-servers')).toBe(false);
    service.dispose();
  });

  it('refuses to deactivate in the first 5 minutes, saying when it will be possible', async () => {
    const service = make(new DelayedProber(clock, 0));
    graph.activate(60);
    await expect(service.deactivate('acct', 'group-1')).rejects.toMatchObject({ code: 'pim-too-short' });
    await clock.advance(5 * 60_000);
    await service.deactivate('acct', 'group-1');
    expect(graph.submitted.at(-1)).toMatchObject({ action: 'selfDeactivate', groupId: 'group-1' });
    service.dispose();
  });
});
