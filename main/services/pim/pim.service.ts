import { InMemoryPropagationMemory, type PropagationMemory } from './propagation-memory.js';
import { AppError, PimPolicyError, toAppError } from '../errors.js';
import type { Clock, TimerHandle } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Notifier } from '../ports/notifier.js';
import type { TokenProvider } from '../ports/token-provider.js';
import type { AccessSession } from '../session/access-session.js';
import { TypedEmitter } from '../events/typed-emitter.js';
import type { VaultSettings } from '../settings/settings.schema.js';
import { validateActivation, MINIMUM_ACTIVATION_MINUTES } from './activation-validator.js';
import { minutesToDuration } from './iso-duration.js';
import { minutesInWords } from '../../../shared/domain/minutes-in-words.js';
import type { PendingRecord, PendingRequestStore } from './pending-requests.store.js';
import type { PimGraph } from './pim-graph.api.js';
import { parsePolicyRules } from './policy-parser.js';
import type { ActivationEvent, ActivationPhase, ActivationRequest, ActiveActivation, EligibleGroup, PimPolicy } from './pim.types.js';
import { ActivationFlow } from './activation-flow.js';
import { requestedWith, type RequestedWith } from './requested-with.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { VaultProber } from './readiness-waiter.js';

/** Dependencies of PimService. */
export interface PimServiceDeps {
  clock: Clock;
  tokens: Pick<TokenProvider, 'getAccessToken'>;
  /** Graph access for a signed-in account (its tenant's Graph endpoint). */
  graphFor(accountId: string): PimGraph;
  /** The tenant of a signed-in account. */
  tenantOf(accountId: string): string;
  vaults: VaultSettings[];
  prober: VaultProber;
  session: Pick<AccessSession, 'unlock' | 'updateEndTime' | 'lock' | 'grants' | 'isUnlocked'>;
  pending: PendingRequestStore;
  journal?: AuditLog;
  notifier?: Notifier;
  logger?: Logger;
  /** Give up waiting for Key Vault after this long (default 10 minutes). */
  readinessTimeoutMs?: number;
  /** Re-sync activation end times from Graph this often while anything is unlocked (default 60 s). */
  syncIntervalMs?: number;
  /** Observed propagation per vault (default: remembered for this run). */
  propagation?: PropagationMemory;
}

const POLICY_CACHE_MS = 10 * 60_000;

/**
 * The PIM activation engine: eligible groups with their policies, activation (local validation,
 * submit, follow through approval and provisioning, wait until Key Vault really answers, unlock),
 * cancel, deactivate, extend, resume after restart, and periodic re-sync of end times so the access
 * session locks when an activation ends or is removed early. Emits `activation` events for the UI.
 */
export class PimService {
  private readonly events: TypedEmitter<{ activation: ActivationEvent }>;
  private readonly flows = new Map<string, ActivationFlow>();
  private readonly policies = new Map<string, { policy: PimPolicy; at: number }>();
  private readonly principals = new Map<string, string>();
  private syncTimer: TimerHandle | undefined;
  private disposed = false;
  private readonly propagation: PropagationMemory;

  constructor(private readonly deps: PimServiceDeps) {
    this.events = new TypedEmitter(deps.logger);
    this.propagation = deps.propagation ?? new InMemoryPropagationMemory();
  }

  /** Subscribes to activation state changes; returns the unsubscribe function. */
  on(event: 'activation', listener: (e: ActivationEvent) => void): () => void {
    return this.events.on(event, listener);
  }

  /** Groups the account may activate, with policy and the configured vaults each unlocks. */
  async eligibleGroups(accountId: string): Promise<EligibleGroup[]> {
    const graph = this.deps.graphFor(accountId);
    const eligibilities = (await graph.myEligibilities()).filter((e) => e.accessId === 'member');
    const groups = await Promise.all(
      eligibilities.map(async (e): Promise<EligibleGroup> => ({
        accountId,
        tenantId: this.deps.tenantOf(accountId),
        groupId: e.groupId,
        displayName: e.group?.displayName ?? e.groupId,
        description: e.group?.description ?? '',
        policy: await this.policy(accountId, e.groupId),
        vaults: this.vaultsOf(e.groupId),
        eligibleUntil: e.endDateTime ? Date.parse(e.endDateTime) : null,
      })),
    );
    return groups.sort((a, b) => a.displayName.localeCompare(b.displayName));
  }

  /**
   * The account's memberships in force, with end times: one Graph call. Every refresh of the access
   * window and every grant-liveness check before a value read asks this; what Extend pre-fills is
   * read separately (requestedWith), only when Extend opens.
   */
  async activeActivations(accountId: string): Promise<ActiveActivation[]> {
    const instances = await this.deps.graphFor(accountId).myActiveInstances();
    const now = this.deps.clock.now();
    return instances
      .filter((i) => i.accessId === 'member')
      .map((i) => ({
        accountId,
        tenantId: this.deps.tenantOf(accountId),
        groupId: i.groupId,
        ...(i.group?.displayName ? { groupName: i.group.displayName } : {}),
        instanceId: i.id,
        startsAt: i.startDateTime ? Date.parse(i.startDateTime) : now,
        endsAt: i.endDateTime ? Date.parse(i.endDateTime) : null,
        assignmentType: i.assignmentType === 'Assigned' ? ('Assigned' as const) : ('Activated' as const),
      }))
      .filter((a) => a.endsAt === null || a.endsAt > now);
  }

  /** What the caller's running activation of `groupId` was requested with (Extend's starting point); empty when unknown. */
  async requestedWith(accountId: string, groupId: string): Promise<RequestedWith> {
    return requestedWith(await this.deps.graphFor(accountId).myRequests(), groupId) ?? {};
  }

  /** The group's policy (cached for 10 minutes). */
  async policy(accountId: string, groupId: string): Promise<PimPolicy> {
    const cached = this.policies.get(groupId);
    if (cached && this.deps.clock.now() - cached.at < POLICY_CACHE_MS) return cached.policy;
    const policy = parsePolicyRules((await this.deps.graphFor(accountId).policyRules(groupId)) as never[]);
    this.policies.set(groupId, { policy, at: this.deps.clock.now() });
    return policy;
  }

  /**
   * Validates against the policy, submits a self-activation and follows it in the background through
   * approval, provisioning and readiness. Resolves with the request id once Graph accepted it.
   */
  async activate(request: ActivationRequest): Promise<{ requestId: string }> {
    const policy = await this.policy(request.accountId, request.groupId);
    const problems = validateActivation(request, policy);
    if (problems.length) throw new PimPolicyError(problems);
    const graph = this.deps.graphFor(request.accountId);
    const principalId = await this.principalId(request.accountId);
    const submitted = await graph.submit(
      {
        action: 'selfActivate',
        groupId: request.groupId,
        principalId,
        justification: request.justification.trim(),
        durationIso: minutesToDuration(request.durationMinutes),
        ...(request.ticketNumber?.trim() ? { ticket: { ticketNumber: request.ticketNumber.trim(), ...(request.ticketSystem ? { ticketSystem: request.ticketSystem } : {}) } } : {}),
      },
    );
    const record: PendingRecord = {
      requestId: submitted.id,
      accountId: request.accountId,
      tenantId: this.deps.tenantOf(request.accountId),
      groupId: request.groupId,
      submittedAt: this.deps.clock.now(),
    };
    await this.persist((records) => [...records.filter((r) => r.requestId !== record.requestId), record]);
    void this.deps.journal?.append({ action: 'activate', outcome: 'ok', account: request.accountId, groupId: request.groupId, justification: request.justification, ...(request.ticketNumber ? { ticket: request.ticketNumber } : {}), requestId: submitted.id });
    this.emit({ requestId: submitted.id, accountId: request.accountId, groupId: request.groupId, phase: 'Submitted', at: this.deps.clock.now() });
    this.startFlow(record, submitted);
    return { requestId: submitted.id };
  }

  /** Cancels a pending request (only possible before it is provisioned). */
  async cancel(accountId: string, requestId: string): Promise<void> {
    await this.deps.graphFor(accountId).cancel(requestId);
    this.flows.get(requestId)?.stop('canceled by the user');
    void this.deps.journal?.append({ action: 'cancel', outcome: 'ok', account: accountId, requestId });
  }

  /** Ends an activation early; Azure refuses in its first 5 minutes, so say so before asking. */
  async deactivate(accountId: string, groupId: string): Promise<void> {
    const active = (await this.activeActivations(accountId)).find((a) => a.groupId === groupId && a.assignmentType === 'Activated');
    if (!active) throw new AppError('pim-not-eligible', 'This group is not activated for you, so there is nothing to deactivate.');
    const earliest = active.startsAt + MINIMUM_ACTIVATION_MINUTES * 60_000;
    const now = this.deps.clock.now();
    if (now < earliest) {
      throw new AppError('pim-too-short', `Azure does not allow deactivating in the first ${MINIMUM_ACTIVATION_MINUTES} minutes. You can deactivate in ${minutesInWords(Math.ceil((earliest - now) / 60_000), 'short')}; use "Lock now" to lock JIT Vault meanwhile.`);
    }
    await this.deps.graphFor(accountId).submit({ action: 'selfDeactivate', groupId, principalId: await this.principalId(accountId) });
    await this.deps.session.lock(this.vaultsOf(groupId), 'deactivated');
    void this.deps.journal?.append({ action: 'deactivate', outcome: 'ok', account: accountId, groupId });
  }

  /**
   * Extends an activation near its end. Graph's selfExtend applies only to expiring assignments, and
   * for an activation it answers RoleAssignmentExists; then the error says plainly to request again
   * when this one ends (the UI pre-fills the form).
   */
  async extend(request: ActivationRequest): Promise<{ requestId: string }> {
    try {
      return await this.activate(request);
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code !== 'pim-already-active') throw appError;
      throw new AppError('pim-already-active', 'Azure does not extend an activation while it is running. When it ends, request access again — JIT Vault keeps your justification and ticket filled in.', { cause: error });
    }
  }

  /**
   * After start or sign-in: resumes following persisted requests and unlocks groups already active
   * (after a readiness probe), then keeps end times in sync.
   */
  async resume(accountIds: string[]): Promise<void> {
    const records = await this.deps.pending.load();
    for (const record of records) if (accountIds.includes(record.accountId) && !this.flows.has(record.requestId)) this.startFlow(record);
    await Promise.all(accountIds.map((id) => this.sync(id).catch((error) => this.deps.logger?.warn('pim sync failed', { code: toAppError(error).code }))));
    this.scheduleSync(accountIds);
  }

  /** Re-reads end times from Graph: extends/shortens grants, locks vaults whose activation is gone. */
  async sync(accountId: string): Promise<void> {
    const active = await this.activeActivations(accountId);
    const byGroup = new Map(active.map((a) => [a.groupId, a]));
    for (const grant of this.deps.session.grants()) {
      if (grant.accountId !== accountId || !grant.groupId) continue;
      const activation = byGroup.get(grant.groupId);
      if (!activation) await this.deps.session.lock([grant.vault], 'revoked');
      else if (activation.endsAt !== grant.endsAt) this.deps.session.updateEndTime(grant.vault, activation.endsAt);
    }
    for (const activation of active) {
      const locked = this.vaultsOf(activation.groupId).filter((v) => !this.deps.session.isUnlocked(v));
      const following = [...this.flows.values()].some((f) => f.record.groupId === activation.groupId && f.record.accountId === accountId);
      if (locked.length && !following) this.startFlow({ requestId: activation.instanceId, accountId, tenantId: this.deps.tenantOf(accountId), groupId: activation.groupId, submittedAt: this.deps.clock.now() }, undefined, activation);
    }
  }

  /** Stops following and syncing (quit). Persisted requests resume on the next start. */
  dispose(): void {
    this.disposed = true;
    this.syncTimer?.cancel();
    for (const flow of this.flows.values()) flow.stop('the app is closing');
    this.events.clear();
  }

  /** Configured vaults a group grants. */
  vaultsOf(groupId: string): string[] {
    return this.deps.vaults.filter((v) => v.pimGroupId === groupId).map((v) => v.name);
  }

  private startFlow(record: PendingRecord, initial?: Parameters<ActivationFlow['run']>[0], active?: ActiveActivation): void {
    const flow = new ActivationFlow({
      record,
      graph: this.deps.graphFor(record.accountId),
      clock: this.deps.clock,
      prober: this.deps.prober,
      session: this.deps.session,
      vaults: this.vaultsOf(record.groupId),
      readinessTimeoutMs: this.deps.readinessTimeoutMs ?? 10 * 60_000,
      propagation: this.propagation,
      emit: (event) => this.emit(event),
      ...(this.deps.journal ? { journal: this.deps.journal } : {}),
      ...(this.deps.notifier ? { notifier: this.deps.notifier } : {}),
    });
    this.flows.set(record.requestId, flow);
    void flow
      .run(initial, active)
      .then(async (ended) => {
        if (ended) await this.persist((records) => records.filter((r) => r.requestId !== record.requestId));
      })
      .finally(() => this.flows.delete(record.requestId));
  }

  private scheduleSync(accountIds: string[]): void {
    this.syncTimer?.cancel();
    if (this.disposed) return;
    this.syncTimer = this.deps.clock.setTimer(this.deps.syncIntervalMs ?? 60_000, () => {
      const withGrants = accountIds.filter((id) => this.deps.session.grants().some((g) => g.accountId === id && g.groupId));
      void Promise.all(withGrants.map((id) => this.sync(id).catch(() => undefined))).finally(() => this.scheduleSync(accountIds));
    });
  }

  private async principalId(accountId: string): Promise<string> {
    let id = this.principals.get(accountId);
    if (!id) {
      id = (await this.deps.graphFor(accountId).me()).id;
      this.principals.set(accountId, id);
    }
    return id;
  }

  private async persist(change: (records: PendingRecord[]) => PendingRecord[]): Promise<void> {
    try {
      await this.deps.pending.save(change(await this.deps.pending.load()));
    } catch (error) {
      // Losing the pending list only costs the automatic resume after a restart; Graph still has the request.
      this.deps.logger?.warn('could not persist pending requests', { error: (error as Error).name });
    }
  }

  private emit(event: ActivationEvent): void {
    this.events.emit('activation', event);
  }
}

export type { ActivationPhase };
