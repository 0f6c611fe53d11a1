import type { PendingRequestStore } from '../services/pim/pending-requests.store.js';
import { TERMINAL_PHASES, type ActivationEvent } from '../services/pim/pim.types.js';

/** A request main is still following, with the events seen for it in this run. */
export interface FollowedRequest {
  requestId: string;
  accountId: string;
  groupId: string;
  submittedAt: number;
  history: ActivationEvent[];
}

const MAX_EVENTS_PER_REQUEST = 50;
const MAX_REQUESTS = 200;

/**
 * Remembers the activation events of requests that have not ended, so a window opened later can list
 * them (`pim:pending`) with their timeline. Two sources: the pending-request store (what PimService
 * persisted — survives a restart, no history then) and the events of this run (which also cover
 * activations PimService follows without a record, e.g. an activation found in force at sign-in
 * while its vaults wait for Key Vault). A terminal phase drops the request. Ids and names only.
 */
export class ActivationHistory {
  private readonly open = new Map<string, { accountId: string; groupId: string; firstAt: number; events: ActivationEvent[] }>();
  /** Requests that ended in this run: PimService removes their record a moment later, asynchronously. */
  private readonly ended = new Set<string>();

  constructor(private readonly store: PendingRequestStore) {}

  /** Feed every PimService 'activation' event here. */
  record(event: ActivationEvent): void {
    if (TERMINAL_PHASES.has(event.phase)) {
      this.open.delete(event.requestId);
      if (this.ended.size >= MAX_REQUESTS) this.ended.delete(this.ended.values().next().value!);
      this.ended.add(event.requestId);
      return;
    }
    this.ended.delete(event.requestId);
    let entry = this.open.get(event.requestId);
    if (!entry) {
      if (this.open.size >= MAX_REQUESTS) this.open.delete(this.open.keys().next().value!);
      entry = { accountId: event.accountId, groupId: event.groupId, firstAt: event.at, events: [] };
      this.open.set(event.requestId, entry);
    }
    entry.events.push({ ...event });
    if (entry.events.length > MAX_EVENTS_PER_REQUEST) entry.events.splice(0, entry.events.length - MAX_EVENTS_PER_REQUEST);
  }

  /** Requests still followed, oldest first; only `accountId`'s when given. */
  async pending(accountId?: string): Promise<FollowedRequest[]> {
    const records = await this.store.load();
    const byId = new Map<string, FollowedRequest>();
    for (const record of records) {
      if (this.ended.has(record.requestId)) continue;
      byId.set(record.requestId, {
        requestId: record.requestId,
        accountId: record.accountId,
        groupId: record.groupId,
        submittedAt: record.submittedAt,
        history: [...(this.open.get(record.requestId)?.events ?? [])],
      });
    }
    for (const [requestId, entry] of this.open) {
      if (!byId.has(requestId)) byId.set(requestId, { requestId, accountId: entry.accountId, groupId: entry.groupId, submittedAt: entry.firstAt, history: [...entry.events] });
    }
    return [...byId.values()].filter((r) => accountId === undefined || r.accountId === accountId).sort((a, b) => a.submittedAt - b.submittedAt);
  }
}
