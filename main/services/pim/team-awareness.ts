import type { GroupHistoryDto, GroupHolderDto, GroupTeamDto } from '../../../shared/domain/approvals.js';
import { AppError } from '../errors.js';
import type { Logger } from '../ports/logger.js';
import type { ApprovalGraph } from './pim-graph.api.js';

const HISTORY_LIMIT = 20;

/**
 * Who else holds a PIM group now, and its recent activations, so two engineers do not reset the same
 * password at once. Graph answers only what the caller may read (group owners and members, Global
 * Reader and the like: rbac-pim-groups-apis-read-assignmentschedules.md); anything else is said
 * nowhere — a refusal or an empty answer both show nothing, never a guess.
 */
export class TeamAwareness {
  constructor(
    private readonly deps: {
      graphFor(accountId: string): Pick<ApprovalGraph, 'me' | 'groupInstances' | 'groupRequests'>;
      now(): number;
      logger?: Logger;
    },
  ) {}

  /** Other holders of `groupId` (the signed-in user excluded) and its history, as far as readable. */
  async group(accountId: string, groupId: string): Promise<GroupTeamDto> {
    const graph = this.deps.graphFor(accountId);
    const me = (await graph.me()).id;
    const [instances, requests] = await Promise.all([this.readable(graph.groupInstances(groupId)), this.readable(graph.groupRequests(groupId))]);
    const now = this.deps.now();
    const holders: GroupHolderDto[] = instances
      .filter((i) => i.principalId !== me && i.accessId === 'member')
      .filter((i) => !i.endDateTime || Date.parse(i.endDateTime) > now)
      .map((i) => ({
        principalId: i.principalId,
        displayName: i.principal?.displayName ?? i.principalId,
        startsAt: i.startDateTime ? Date.parse(i.startDateTime) : null,
        endsAt: i.endDateTime ? Date.parse(i.endDateTime) : null,
        assignmentType: i.assignmentType === 'Assigned' ? ('Assigned' as const) : ('Activated' as const),
      }))
      .sort((a, b) => (a.endsAt ?? Infinity) - (b.endsAt ?? Infinity));
    const history: GroupHistoryDto[] = requests
      .filter((r) => r.action === 'selfActivate' || r.action === 'selfDeactivate')
      .map((r) => ({
        requestId: r.id,
        principalId: r.principalId,
        displayName: r.principal?.displayName ?? r.principalId,
        action: r.action,
        status: r.status,
        at: r.createdDateTime ? Date.parse(r.createdDateTime) : 0,
        ...(r.justification ? { justification: r.justification } : {}),
        ...(r.ticketInfo?.ticketNumber ? { ticketNumber: r.ticketInfo.ticketNumber } : {}),
      }))
      .sort((a, b) => b.at - a.at)
      .slice(0, HISTORY_LIMIT);
    return { accountId, groupId, holders, history };
  }

  /** A refused read (403) is "nothing to say"; other failures are real errors. */
  private async readable<T>(read: Promise<T[]>): Promise<T[]> {
    try {
      return await read;
    } catch (error) {
      if (error instanceof AppError && error.code === 'pim-not-eligible') {
        this.deps.logger?.info('team view not readable for this user', { code: error.code });
        return [];
      }
      throw error;
    }
  }
}
