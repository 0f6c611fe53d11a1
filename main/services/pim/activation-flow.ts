import { AppError, toAppError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { Notifier } from '../ports/notifier.js';
import type { AccessSession } from '../session/access-session.js';
import type { PendingRecord } from './pending-requests.store.js';
import type { GraphScheduleRequest, PimGraph } from './pim-graph.api.js';
import type { ActivationEvent, ActivationPhase, ActiveActivation } from './pim.types.js';
import type { PropagationMemory } from './propagation-memory.js';
import { waitUntilReady, type VaultProber } from './readiness-waiter.js';
import { followRequest } from './request-follower.js';
import { durationToMinutes } from './iso-duration.js';
import type { AuditLog } from '../ports/audit-log.js';

/** End time from a provisioned request's schedule (start + duration, or its end date), if stated. */
function endFromRequest(request: GraphScheduleRequest): number | undefined {
  const expiration = request.scheduleInfo?.expiration;
  if (expiration?.endDateTime) return Date.parse(expiration.endDateTime);
  const start = request.scheduleInfo?.startDateTime ? Date.parse(request.scheduleInfo.startDateTime) : undefined;
  const minutes = expiration?.duration ? durationToMinutes(expiration.duration) : undefined;
  return start !== undefined && minutes !== undefined ? start + minutes * 60_000 : undefined;
}

/** Everything one flow needs. */
export interface ActivationFlowDeps {
  record: PendingRecord;
  graph: PimGraph;
  clock: Clock;
  prober: VaultProber;
  session: Pick<AccessSession, 'unlock'>;
  vaults: string[];
  readinessTimeoutMs: number;
  /** Observed propagation per vault, shared by every activation of this run. */
  propagation?: PropagationMemory;
  emit(event: ActivationEvent): void;
  journal?: AuditLog;
  notifier?: Notifier;
}

const ENDED_TEXT: Partial<Record<ActivationPhase, string>> = {
  Denied: 'The approver denied the request.',
  Canceled: 'The request was canceled.',
  Failed: 'Azure could not complete the activation.',
  Revoked: 'The activation was revoked.',
};

/** Phases the follower ends on: run() reports them with the reason, so onPhase does not. */
const ENDED_PHASES: ReadonlySet<ActivationPhase> = new Set(['Denied', 'Canceled', 'Failed', 'Revoked']);

/**
 * One activation's life after submission: follow the request (approval, provisioning), read the
 * activation's end time, wait until Key Vault really answers, then unlock the group's vaults and
 * report Ready. `run` resolves true when the request reached an end (drop it from the pending list),
 * false when following stopped without an end (sign-in needed, app closing) so it resumes later.
 */
export class ActivationFlow {
  private readonly controller = new AbortController();
  readonly record: PendingRecord;

  constructor(private readonly deps: ActivationFlowDeps) {
    this.record = deps.record;
  }

  /** Stops following (the request itself is untouched). */
  stop(reason: string): void {
    this.controller.abort(new AppError('cancelled', reason));
  }

  async run(initial?: GraphScheduleRequest, alreadyActive?: ActiveActivation): Promise<boolean> {
    const { record, clock } = this.deps;
    try {
      let endsAt = alreadyActive?.endsAt;
      if (!alreadyActive) {
        const outcome = await followRequest({
          api: this.deps.graph,
          clock,
          requestId: record.requestId,
          signal: this.controller.signal,
          ...(initial ? { initial } : {}),
          onPhase: (phase) => this.onPhase(phase),
          onTransientError: (error, retryInMs) => this.event('Submitted', { detail: `${error.message} Retrying in ${Math.ceil(retryInMs / 1000)} s.`, errorCode: error.code }),
        });
        if (outcome.kind === 'ended') {
          const denial = outcome.phase === 'Denied' ? await this.denial(outcome.request) : undefined;
          const phase = denial?.lapsed ? 'Expired' : outcome.phase;
          const detail = denial?.detail ?? ENDED_TEXT[outcome.phase] ?? outcome.phase;
          this.event(phase, { detail, errorCode: outcome.phase === 'Denied' ? 'pim-denied' : 'pim-failed' });
          void this.deps.journal?.append({ action: 'activate', outcome: outcome.phase === 'Denied' ? 'denied' : outcome.phase === 'Canceled' ? 'cancelled' : 'failed', account: record.accountId, groupId: record.groupId, requestId: record.requestId, detail: phase });
          if (outcome.phase === 'Denied') this.deps.notifier?.notify({ kind: 'denied', title: denial?.lapsed ? 'Access request expired' : 'Access request denied', body: detail });
          return true;
        }
        endsAt = (await this.endTime()) ?? endFromRequest(outcome.request);
        // Never unlock without knowing when to lock again: an unknown end is not "standing access".
        if (endsAt === undefined) throw new AppError('pim-failed', "Azure activated the group but did not say when the activation ends, so JIT Vault will not unlock it. Refresh in a moment; if it persists, check the activation in the Azure portal.");
      }
      if (endsAt !== null && endsAt !== undefined && endsAt <= clock.now()) {
        this.event('Expired', { detail: 'The activation ended before it could be used.' });
        return true;
      }
      this.event('Propagating', { ...(endsAt ? { endsAt } : {}), detail: 'Access granted — waiting until Key Vault accepts it (usually under 2 minutes).' });
      const result = await waitUntilReady({
        prober: this.deps.prober,
        clock,
        vaults: this.deps.vaults,
        accountId: record.accountId,
        timeoutMs: this.deps.readinessTimeoutMs,
        signal: this.controller.signal,
        ...(this.deps.propagation ? { memory: this.deps.propagation } : {}),
      });
      for (const vault of this.deps.vaults) {
        this.deps.session.unlock({ vault, accountId: record.accountId, groupId: record.groupId, activationId: record.requestId, endsAt: endsAt ?? null });
      }
      this.event('Ready', { ...(endsAt ? { endsAt } : {}), detail: `Ready after ${result.probes} check${result.probes === 1 ? '' : 's'}.` });
      void this.deps.journal?.append({ action: 'ready', outcome: 'ok', account: record.accountId, groupId: record.groupId, requestId: record.requestId });
      this.deps.notifier?.notify({ kind: 'ready', title: 'Access ready', body: `You can now use ${this.deps.vaults.join(', ') || 'the group'}.` });
      return true;
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code === 'cancelled') return false;
      const final = appError.code !== 'interaction-required' && appError.code !== 'not-signed-in';
      this.event(appError.code === 'pim-timeout' ? 'TimedOut' : 'Failed', { detail: appError.message, errorCode: appError.code });
      void this.deps.journal?.append({ action: 'error', outcome: 'failed', account: record.accountId, groupId: record.groupId, requestId: record.requestId, detail: appError.code });
      return final;
    }
  }

  private onPhase(phase: ActivationPhase): void {
    // An end (denied, lapsed, canceled, failed) is told once by run(), with its reason.
    if (ENDED_PHASES.has(phase)) return;
    this.event(phase);
    if (phase === 'PendingApproval') {
      void this.deps.journal?.append({ action: 'approve-wait', outcome: 'ok', account: this.record.accountId, groupId: this.record.groupId, requestId: this.record.requestId });
      this.deps.notifier?.notify({ kind: 'approval-needed', title: 'Waiting for approval', body: 'Your access request was sent to the approvers. JIT Vault tells you when it is granted.' });
    } else if (phase === 'Granted') {
      this.deps.notifier?.notify({ kind: 'approval-granted', title: 'Access request approved', body: 'Azure is now activating it.' });
    }
  }

  /**
   * Why a request ended Denied, from its approval stage: the approver's name and justification, or
   * a lapse (Graph's "automatically denied" after approvalStageTimeOutInDays: nobody reviewed it).
   */
  private async denial(request: GraphScheduleRequest): Promise<{ lapsed: boolean; detail: string } | undefined> {
    if (!request.approvalId) return undefined;
    const stage = (await this.deps.graph.approval(request.approvalId).catch(() => undefined))?.stages?.[0];
    if (!stage) return undefined;
    if (stage.reviewResult === 'NotReviewed' && !stage.reviewedBy) return { lapsed: true, detail: 'Nobody approved the request in time, so Azure closed it. Request again or remind an approver.' };
    const who = stage.reviewedBy?.displayName ?? 'The approver';
    return { lapsed: false, detail: stage.justification ? `${who} denied the request: "${stage.justification}"` : `${who} denied the request.` };
  }

  /** The end of the instance this request created (Graph's, authoritative), or null if standing. */
  private async endTime(): Promise<number | null | undefined> {
    const instances = await this.deps.graph.myActiveInstances();
    const instance = instances.find((i) => i.groupId === this.record.groupId && i.accessId === 'member');
    if (!instance) return undefined;
    return instance.endDateTime ? Date.parse(instance.endDateTime) : null;
  }

  private event(phase: ActivationPhase, extra: Partial<Pick<ActivationEvent, 'detail' | 'errorCode' | 'endsAt'>> = {}): void {
    this.deps.emit({ requestId: this.record.requestId, accountId: this.record.accountId, groupId: this.record.groupId, phase, at: this.deps.clock.now(), ...extra });
  }
}
