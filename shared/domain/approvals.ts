/**
 * The team side of just-in-time access, as the UI receives it: requests waiting for the signed-in
 * user's approval, what a requester knows while waiting, and who else holds a group. Names, ids,
 * times and the people's own words only — never a token or a secret value.
 */

/** A person as Graph names them. */
export interface PersonDto {
  id: string;
  displayName: string;
  userPrincipalName?: string;
}

/** A request waiting for the signed-in user's decision (`approvals:list`). */
export interface ApprovalRequestDto {
  accountId: string;
  tenantId: string;
  requestId: string;
  approvalId: string;
  stageId: string;
  requester: PersonDto;
  groupId: string;
  groupName: string;
  /** Configured vaults the group unlocks. */
  vaults: string[];
  durationMinutes: number | null;
  justification: string;
  ticketNumber?: string;
  ticketSystem?: string;
  requestedAt: number;
  /** When the request is automatically denied if nobody decides (approvalStageTimeOutInDays). */
  lapsesAt: number;
}

/** One of a policy's primary approvers. */
export interface ApproverDto {
  kind: 'user' | 'group';
  id: string;
  displayName: string;
}

/** What the requester knows about one of their requests (`approvals:requestInfo`). */
export interface RequestWaitDto {
  accountId: string;
  requestId: string;
  groupId: string;
  groupName: string;
  approvers: ApproverDto[];
  waitingSince: number;
  lapsesAt: number | null;
  outcome: 'waiting' | 'approved' | 'denied' | 'expired' | 'canceled' | 'other';
  decidedBy?: string;
  decidedAt?: number;
  decisionJustification?: string;
  /** A ready-made reminder the user copies or sends themselves (nothing is sent for them). */
  reminder: { subject: string; body: string; mailto: string };
}

/** Someone holding a group now (`team:group`). */
export interface GroupHolderDto {
  principalId: string;
  displayName: string;
  startsAt: number | null;
  /** null: standing membership. */
  endsAt: number | null;
  assignmentType: 'Activated' | 'Assigned';
}

/** One line of a group's activation history. */
export interface GroupHistoryDto {
  requestId: string;
  principalId: string;
  displayName: string;
  action: string;
  status: string;
  at: number;
  justification?: string;
  ticketNumber?: string;
}

/** Who else is in a group and its recent history, as far as the user may read it. */
export interface GroupTeamDto {
  accountId: string;
  groupId: string;
  /** Other people holding the group now (the signed-in user excluded). Empty when unreadable. */
  holders: GroupHolderDto[];
  history: GroupHistoryDto[];
}
