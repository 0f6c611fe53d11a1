import type { ManagedIdentitySeed, RoleName, SandboxSettings } from '../seed/schema.js';

/**
 * The sandbox's whole mutable state, as plain JSON-serialisable data. Persisted in the state
 * directory so a restarted sandbox (fault tests restart it mid-activation) carries on where it was.
 * Times are epoch milliseconds from the sandbox clock unless a field says otherwise.
 */
export interface SandboxData {
  version: 1;
  clientId: string;
  settings: SandboxSettings;
  tenants: TenantState[];
  /** Refresh tokens by SHA-256 of the token string (the string itself is never stored). */
  refreshTokens: Record<string, RefreshTokenGrant>;
}

export interface TenantState {
  id: string;
  displayName: string;
  domain: string;
  users: UserState[];
  groups: GroupState[];
  eligibilities: EligibilitySchedule[];
  policies: GroupPolicy[];
  requests: AssignmentScheduleRequest[];
  assignments: AssignmentSchedule[];
  approvals: Approval[];
  vaults: VaultState[];
  /** Managed identities (the IMDS / App Service endpoints); absent in state written before they existed. */
  managedIdentities?: ManagedIdentitySeed[];
}

export interface UserState {
  oid: string;
  username: string;
  password: string;
  displayName: string;
  role: 'admin' | 'helpdesk' | 'auditor';
  /** Directory-scoped Entra roles (only 'Global Reader' matters to the sandbox). */
  directoryRoles?: 'Global Reader'[];
  guestOf?: { tenantId: string; oid: string };
}

export interface GroupState {
  id: string;
  displayName: string;
  description: string;
  /** Standing members (permanent assignments). */
  members: string[];
  createdDateTime: string;
}

export type AccessId = 'member' | 'owner';

export interface EligibilitySchedule {
  id: string;
  groupId: string;
  principalId: string;
  accessId: AccessId;
  createdDateTime: string;
  startDateTime: string;
  /** null: permanently eligible. */
  endDateTime: string | null;
}

export interface GroupPolicy {
  /** Graph's roleManagementPolicy id ("Group_{groupId}_{guid}"). */
  id: string;
  groupId: string;
  accessId: AccessId;
  maximumDuration: string;
  requireJustification: boolean;
  requireTicket: boolean;
  requireMfa: boolean;
  requireApproval: boolean;
  authenticationContext?: string;
  /** Primary approvers: user oids and group ids (singleUser / groupMembers in the approval rule). */
  approvers: string[];
  lastModifiedDateTime: string;
}

/** Graph's documented status set for schedule requests. */
export type RequestStatus =
  | 'Canceled'
  | 'Denied'
  | 'Failed'
  | 'Granted'
  | 'PendingAdminDecision'
  | 'PendingApproval'
  | 'PendingProvisioning'
  | 'PendingScheduleCreation'
  | 'Provisioned'
  | 'Revoked'
  | 'ScheduleCreated';

export type ScheduleRequestAction =
  | 'adminAssign'
  | 'adminUpdate'
  | 'adminRemove'
  | 'selfActivate'
  | 'selfDeactivate'
  | 'adminExtend'
  | 'adminRenew'
  | 'selfExtend'
  | 'selfRenew'
  | 'unknownFutureValue';

export interface AssignmentScheduleRequest {
  id: string;
  action: ScheduleRequestAction;
  groupId: string;
  principalId: string;
  accessId: AccessId;
  status: RequestStatus;
  createdDateTime: string;
  completedDateTime: string | null;
  approvalId: string | null;
  justification: string | null;
  ticketInfo: { ticketNumber: string | null; ticketSystem: string | null };
  scheduleInfo: {
    startDateTime: string | null;
    expiration: { type: 'afterDuration' | 'afterDateTime' | 'noExpiration' | 'notSpecified'; duration: string | null; endDateTime: string | null };
  };
  targetScheduleId: string | null;
  createdByUserId: string;
  customData: string | null;
  isValidationOnly: boolean;
  /** Sandbox-internal: when a Granted request moves on to provisioning (ms). */
  provisionAt?: number;
}

/** An assignment schedule; while active it also yields the schedule instance. */
export interface AssignmentSchedule {
  id: string;
  groupId: string;
  principalId: string;
  accessId: AccessId;
  assignmentType: 'Activated' | 'Assigned';
  memberType: 'Direct';
  createdDateTime: string;
  startDateTime: string;
  /** null: no expiration (standing). */
  endDateTime: string | null;
  requestId: string;
  /** Epoch ms from which newly issued tokens include this membership (propagation delay). */
  visibleToTokensAt: number;
  /** Set when revoked/deactivated early: the instance ends at this ISO time. */
  endedDateTime?: string;
}

export interface Approval {
  id: string;
  requestId: string;
  stages: ApprovalStage[];
}

export interface ApprovalStage {
  id: string;
  assignedToMe?: boolean;
  displayName: string | null;
  justification: string | null;
  reviewResult: 'NotReviewed' | 'Approved' | 'Denied';
  status: 'InProgress' | 'Completed' | 'NotStarted' | 'Escalating';
  reviewedDateTime: string | null;
  reviewedBy: { id: string; displayName: string } | null;
  /** Primary approvers: user oids and group ids (any member of a listed group may decide). */
  approvers: string[];
}

export interface VaultState {
  name: string;
  tenantId: string;
  port?: number;
  location: string;
  permissionModel: 'rbac' | 'accessPolicy';
  roleAssignments: { id: string; principalId: string; role: RoleName }[];
  /** Permission lists per collection, lower-case as ARM stores them (`all` grants everything in it). */
  accessPolicies: { objectId: string; secrets: string[]; certificates?: string[]; keys?: string[] }[];
  firewallEnabled: boolean;
  softDeleteRetentionDays: number;
  purgeProtection: boolean;
  /** Keyed by lower-case name: Key Vault names are case-insensitive. */
  secrets: Record<string, SecretRecord>;
}

export interface SecretRecord {
  /** Name as first written (case preserved). */
  name: string;
  /** Oldest first; the last is the current version. */
  versions: SecretVersion[];
  deleted?: { deletedDate: number; scheduledPurgeDate: number; pollsLeft: number };
  /** Sandbox-internal: 404 polls left before a recover completes. */
  recoveringPollsLeft?: number;
}

export interface SecretVersion {
  /** 32 lower-case hex characters. */
  version: string;
  value: string;
  contentType?: string;
  tags?: Record<string, string>;
  enabled: boolean;
  /** Unix seconds, like the wire format. */
  nbf?: number;
  exp?: number;
  created: number;
  updated: number;
}

export interface RefreshTokenGrant {
  tenantId: string;
  oid: string;
  clientId: string;
  /** Space-separated scopes originally granted. */
  scope: string;
  issuedAt: number;
  expiresAt: number;
  /** Set once used (rotation) or revoked by the admin API. */
  revoked: boolean;
}
