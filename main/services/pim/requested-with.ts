import type { RequestedWithDto } from '../../../shared/domain/types.js';
import type { GraphScheduleRequest } from './pim-graph.api.js';

/** What a running activation was asked for with: the justification and ticket of its request. */
export type RequestedWith = RequestedWithDto;

/** Request states in which the activation was (or is being) granted. */
const GRANTED = new Set(['Granted', 'PendingProvisioning', 'PendingScheduleCreation', 'ScheduleCreated', 'Provisioned']);

/**
 * The caller's latest granted member activation request for a group, as Extend's starting point:
 * Azure does not extend a running activation, so the next request usually says the same thing.
 * Graph's `assignmentScheduleRequests/filterByCurrentUser(on='principal')` carries `justification`
 * and `ticketInfo` (privilegedaccessgroupassignmentschedulerequest resource).
 */
export function requestedWith(requests: readonly GraphScheduleRequest[], groupId: string): RequestedWith | undefined {
  const group = groupId.toLowerCase();
  const latest = requests
    .filter((r) => r.groupId.toLowerCase() === group && r.accessId === 'member' && (r.action === 'selfActivate' || r.action === 'selfExtend') && GRANTED.has(r.status))
    .sort((a, b) => Date.parse(b.createdDateTime ?? '') - Date.parse(a.createdDateTime ?? ''))[0];
  if (!latest) return undefined;
  const ticketNumber = latest.ticketInfo?.ticketNumber ?? undefined;
  return { ...(latest.justification ? { justification: latest.justification } : {}), ...(ticketNumber ? { ticketNumber } : {}) };
}
