import type { ApprovalRequestDto, RequestWaitDto } from '../../../shared/domain/approvals.js';
import { AppError, toAppError } from '../errors.js';
import type { Clock, TimerHandle } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Notifier } from '../ports/notifier.js';
import { TypedEmitter } from '../events/typed-emitter.js';
import { parseApprovalRule, type ApprovalRule } from './approval-rule.js';
import { durationToMinutes } from './iso-duration.js';
import { ReviewRefusedError, type ApprovalGraph, type GraphScheduleRequest } from './pim-graph.api.js';
import { reminderFor } from './approval-reminder.js';

/** Where the approval journal entries go (AuditJournal). */
export interface ApprovalJournal {
  append(entry: { action: 'approve' | 'deny'; outcome: 'ok' | 'failed'; account?: string; groupId?: string; justification?: string; requestId?: string; detail?: string }): Promise<void>;
}

/** Dependencies of ApprovalService. */
export interface ApprovalServiceDeps {
  clock: Clock;
  graphFor(accountId: string): ApprovalGraph;
  tenantOf(accountId: string): string;
  /** Signed-in accounts (id and UPN, for the journal). */
  accounts(): Promise<{ accountId: string; username: string }[]>;
  /** Configured vaults a group unlocks. */
  vaultsOf(groupId: string): string[];
  journal?: ApprovalJournal;
  notifier?: Notifier;
  logger?: Logger;
  /** How often the inbox is re-read while running (default 60 s). */
  pollIntervalMs?: number;
}

/** A decision on a request waiting for the signed-in user. */
export interface ApprovalDecision {
  accountId: string;
  requestId: string;
  decision: 'Approve' | 'Deny';
  justification: string;
}

/** The HTTP status behind a mapped Graph error, if any. */
function statusOf(error: unknown): number | undefined {
  const cause = error instanceof AppError ? error.cause : error;
  return (cause as { statusCode?: number } | undefined)?.statusCode;
}

const RULE_CACHE_MS = 10 * 60_000;

/** What makes two inbox reads the same for listeners: the requests and the stage each waits on. */
function inboxKey(items: readonly ApprovalRequestDto[]): string {
  return items.map((i) => `${i.accountId}|${i.requestId}|${i.stageId}`).join('\n');
}
const DAY_MS = 24 * 3600_000;

/**
 * The approver's inbox and the requester's view of a wait, through Graph: requests awaiting the
 * signed-in user's approval across every signed-in account (filterByCurrentUser(on='approver') and
 * each request's approval stage), approve/deny with a required justification (PATCH of the stage),
 * plain-language refusals (decided by someone else, lapsed, not an approver), journaled decisions,
 * and a poll that emits the count for the tray badge and notifies once per new request.
 */
export class ApprovalService {
  private readonly events: TypedEmitter<{ inbox: { items: ApprovalRequestDto[] } }>;
  private readonly rules = new Map<string, { rule: ApprovalRule; at: number }>();
  private readonly seen = new Set<string>();
  private timer: TimerHandle | undefined;
  private running = false;
  private last: ApprovalRequestDto[] = [];
  private published = false;

  constructor(private readonly deps: ApprovalServiceDeps) {
    this.events = new TypedEmitter(deps.logger);
  }

  /** Subscribes to inbox changes (after every poll or decision); returns the unsubscribe function. */
  on(event: 'inbox', listener: (payload: { items: ApprovalRequestDto[] }) => void): () => void {
    return this.events.on(event, listener);
  }

  /** The last inbox read (for the tray badge). */
  get pendingCount(): number {
    return this.last.length;
  }

  /**
   * Requests waiting for the user's decision, oldest first. An account whose Graph read fails is
   * skipped (logged) when others answered; alone, its error is thrown.
   */
  async inbox(accountIds?: string[]): Promise<ApprovalRequestDto[]> {
    const ids = accountIds ?? (await this.deps.accounts()).map((a) => a.accountId);
    const results = await Promise.allSettled(ids.map((id) => this.inboxOf(id)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed && results.every((r) => r.status === 'rejected')) throw toAppError(failed.reason);
    if (failed) this.deps.logger?.warn('an approval inbox could not be read', { error: toAppError(failed.reason).code });
    const items = results.flatMap((r) => (r.status === 'fulfilled' ? r.value : [])).sort((a, b) => a.requestedAt - b.requestedAt);
    if (!accountIds) this.publish(items);
    return items;
  }

  /** Approves or denies; refusals become plain-language AppErrors and the inbox is re-read. */
  async decide(input: ApprovalDecision): Promise<void> {
    const justification = input.justification.trim();
    if (!justification) throw new AppError('approval-justification-required', `Say why you ${input.decision === 'Approve' ? 'approve' : 'deny'} this request: the requester and the audit log see your justification.`);
    const graph = this.deps.graphFor(input.accountId);
    const account = (await this.deps.accounts()).find((a) => a.accountId === input.accountId)?.username;
    const request = await graph.request(input.requestId).catch((error: unknown) => {
      // Graph shows a request only to its requester, its approvers and readers of the group.
      if (statusOf(error) === 404 || statusOf(error) === 403) throw new AppError('approval-not-approver', 'Microsoft Graph does not show you this request: you are not (or no longer) one of its approvers. The list has been refreshed.');
      throw error;
    });
    const journal = (outcome: 'ok' | 'failed', detail?: string) =>
      void this.deps.journal?.append({ action: input.decision === 'Approve' ? 'approve' : 'deny', outcome, ...(account ? { account } : {}), groupId: request.groupId, justification, requestId: input.requestId, ...(detail ? { detail } : {}) });
    try {
      const me = await graph.me();
      if (request.principalId === me.id) throw new AppError('approval-not-approver', 'This is your own request: someone else has to approve it.');
      if (!request.approvalId) throw new AppError('approval-not-approver', 'This request does not need an approval.');
      const approval = await graph.approval(request.approvalId);
      const stage = approval.stages?.find((s) => s.assignedToMe && s.status === 'InProgress');
      if (!stage) throw await this.whyNot(graph, request);
      try {
        await graph.reviewStage(request.approvalId, stage.id, input.decision, justification);
      } catch (error) {
        if (error instanceof ReviewRefusedError) throw await this.whyNot(graph, request, error.status);
        throw error;
      }
      journal('ok');
    } catch (error) {
      const appError = toAppError(error);
      journal('failed', appError.code);
      throw appError;
    } finally {
      await this.inbox().catch(() => undefined);
    }
  }

  /** The requester's view of a request: approvers by name, waiting since, lapse, decision, a reminder. */
  async requestInfo(accountId: string, requestId: string, groupName?: string): Promise<RequestWaitDto> {
    const graph = this.deps.graphFor(accountId);
    const request = await graph.requestDetails(requestId);
    const rule = await this.rule(accountId, request.groupId);
    const name = groupName ?? request.group?.displayName ?? request.groupId;
    const waitingSince = request.createdDateTime ? Date.parse(request.createdDateTime) : this.deps.clock.now();
    const lapsesAt = request.status === 'PendingApproval' ? waitingSince + rule.timeoutDays * DAY_MS : null;
    const info: RequestWaitDto = {
      accountId,
      requestId,
      groupId: request.groupId,
      groupName: name,
      approvers: rule.approvers,
      waitingSince,
      lapsesAt,
      outcome: 'other',
      reminder: reminderFor({ groupName: name, requestId, waitingSince, lapsesAt, justification: request.justification ?? '', ticketNumber: request.ticketInfo?.ticketNumber ?? undefined }),
    };
    if (request.status === 'PendingApproval' || request.status === 'PendingAdminDecision') info.outcome = 'waiting';
    else if (request.status === 'Canceled') info.outcome = 'canceled';
    else if (['Granted', 'PendingProvisioning', 'PendingScheduleCreation', 'ScheduleCreated', 'Provisioned'].includes(request.status)) info.outcome = 'approved';
    if (request.approvalId && info.outcome !== 'waiting') {
      const stage = (await graph.approval(request.approvalId).catch(() => undefined))?.stages?.[0];
      if (stage?.reviewedBy?.displayName) info.decidedBy = stage.reviewedBy.displayName;
      if (stage?.reviewedDateTime) info.decidedAt = Date.parse(stage.reviewedDateTime);
      if (stage?.justification) info.decisionJustification = stage.justification;
      // A lapse is Graph's "automatically denied": Denied with nobody's review on the stage.
      if (request.status === 'Denied') info.outcome = stage && stage.reviewResult === 'NotReviewed' && !stage.reviewedBy ? 'expired' : 'denied';
    } else if (request.status === 'Denied') info.outcome = 'denied';
    return info;
  }

  /** Starts polling the inbox (tray badge, notifications). */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.poll();
  }

  /** Stops polling. */
  dispose(): void {
    this.running = false;
    this.timer?.cancel();
    this.timer = undefined;
    this.events.clear();
  }

  private async poll(): Promise<void> {
    if (!this.running) return;
    try {
      await this.inbox();
    } catch (error) {
      this.deps.logger?.warn('reading the approval inbox failed', { error: toAppError(error).code });
    }
    if (this.running) this.timer = this.deps.clock.setTimer(this.deps.pollIntervalMs ?? 60_000, () => void this.poll());
  }

  /**
   * Records the inbox and tells listeners (tray, windows) only when it changed. The access window
   * re-reads the list when told, and that read lands here again: an event on every read made the
   * panel and Graph spin in a loop, and rows vanished under the approver's cursor mid-decision.
   */
  private publish(items: ApprovalRequestDto[]): void {
    const changed = inboxKey(items) !== inboxKey(this.last) || this.published === false;
    this.last = items;
    this.published = true;
    for (const item of items) {
      if (this.seen.has(item.requestId)) continue;
      this.seen.add(item.requestId);
      this.deps.notifier?.notify({
        kind: 'approval-needed',
        title: `${item.requester.displayName} asks for ${item.groupName}`,
        body: `${item.justification}${item.ticketNumber ? ` (ticket ${item.ticketNumber})` : ''}. Open JIT Vault to approve or deny.`,
        action: { id: 'open', label: 'Review', groupId: item.groupId },
        approval: { requestId: item.requestId },
      });
    }
    if (changed) this.events.emit('inbox', { items });
  }

  private async inboxOf(accountId: string): Promise<ApprovalRequestDto[]> {
    const graph = this.deps.graphFor(accountId);
    const me = await graph.me();
    const requests = (await graph.approverRequests()).filter((r) => r.status === 'PendingApproval' && r.principalId !== me.id && r.approvalId);
    const items = await Promise.all(requests.map((r) => this.item(accountId, graph, r)));
    return items.filter((i): i is ApprovalRequestDto => i !== undefined);
  }

  private async item(accountId: string, graph: ApprovalGraph, r: GraphScheduleRequest): Promise<ApprovalRequestDto | undefined> {
    const approval = await graph.approval(r.approvalId!);
    const stage = approval.stages?.find((s) => s.assignedToMe && s.status === 'InProgress');
    if (!stage) return undefined;
    const rule = await this.rule(accountId, r.groupId);
    const requestedAt = r.createdDateTime ? Date.parse(r.createdDateTime) : this.deps.clock.now();
    const duration = r.scheduleInfo?.expiration?.duration;
    return {
      accountId,
      tenantId: this.deps.tenantOf(accountId),
      requestId: r.id,
      approvalId: r.approvalId!,
      stageId: stage.id,
      requester: { id: r.principalId, displayName: r.principal?.displayName ?? r.principalId, ...(r.principal?.userPrincipalName ? { userPrincipalName: r.principal.userPrincipalName } : {}) },
      groupId: r.groupId,
      groupName: r.group?.displayName ?? r.groupId,
      vaults: this.deps.vaultsOf(r.groupId),
      durationMinutes: duration ? (durationToMinutes(duration) ?? null) : null,
      justification: r.justification ?? '',
      ...(r.ticketInfo?.ticketNumber ? { ticketNumber: r.ticketInfo.ticketNumber } : {}),
      ...(r.ticketInfo?.ticketSystem ? { ticketSystem: r.ticketInfo.ticketSystem } : {}),
      requestedAt,
      lapsesAt: requestedAt + rule.timeoutDays * DAY_MS,
    };
  }

  /** Explains a refused or impossible review from the request's state now. */
  private async whyNot(graph: ApprovalGraph, before: GraphScheduleRequest, status?: number): Promise<AppError> {
    const request = await graph.request(before.id).catch(() => before);
    const stage = request.approvalId ? (await graph.approval(request.approvalId).catch(() => undefined))?.stages?.[0] : undefined;
    if (stage?.reviewedBy?.displayName && stage.reviewResult !== 'NotReviewed') {
      const verb = stage.reviewResult === 'Denied' ? 'denied' : 'approved';
      return new AppError('approval-decided', `${stage.reviewedBy.displayName} already ${verb} this request. Nothing else to do.`);
    }
    if (request.status === 'Denied') return new AppError('approval-expired', 'This request expired: nobody decided it in time, so Azure closed it. The requester can ask again.');
    if (request.status === 'Canceled') return new AppError('approval-decided', 'The requester canceled this request.');
    if (status === 409 || request.status !== 'PendingApproval') return new AppError('approval-decided', 'This request was already decided. The list has been refreshed.');
    return new AppError('approval-not-approver', 'Microsoft Graph says you are not (or no longer) an approver for this request. The list has been refreshed.');
  }

  private async rule(accountId: string, groupId: string): Promise<ApprovalRule> {
    const key = `${accountId}|${groupId}`;
    const cached = this.rules.get(key);
    if (cached && this.deps.clock.now() - cached.at < RULE_CACHE_MS) return cached.rule;
    const rule = parseApprovalRule(await this.deps.graphFor(accountId).policyRules(groupId));
    this.rules.set(key, { rule, at: this.deps.clock.now() });
    return rule;
  }
}
