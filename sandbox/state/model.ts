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
  /** Key of backup blobs (base64url, 32 bytes): persisted so backups restore after a restart. */
  backupKey?: string;
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
  /** Keyed by lower-case name; absent in state written before certificates existed. */
  certificates?: Record<string, CertificateRecord>;
  /** Certificate contacts (`PUT /certificates/contacts`); absent when none are set. */
  certificateContacts?: CertificateContact[];
  /** Certificate issuers by lower-case name. */
  certificateIssuers?: Record<string, CertificateIssuerRecord>;
}

/** Key Vault's certificate policy in its wire shape (snake_case), without `id` and `attributes`. */
export interface CertificatePolicyWire {
  key_props: { exportable: boolean; kty: string; key_size?: number; crv?: string; reuse_key: boolean };
  secret_props: { contentType: string };
  x509_props: {
    subject: string;
    sans?: { dns_names?: string[]; emails?: string[]; uris?: string[]; ipAddresses?: string[]; upns?: string[] };
    ekus: string[];
    key_usage: string[];
    validity_months: number;
    basic_constraints: { ca: boolean };
  };
  lifetime_actions: { trigger: { lifetime_percentage?: number; days_before_expiry?: number }; action: { action_type: string } }[];
  issuer: { name: string; cty?: string; cert_transparency?: boolean };
}

export interface CertificateRecord {
  /** Name as first written (case preserved). */
  name: string;
  policy: CertificatePolicyWire;
  policyEnabled: boolean;
  policyCreated: number;
  policyUpdated: number;
  /** Oldest first; the last is the current version (it may still be pending: no `cer`). */
  versions: CertificateVersion[];
  pending?: PendingCertificateOperation;
  deleted?: { deletedDate: number; scheduledPurgeDate: number; pollsLeft: number };
  recoveringPollsLeft?: number;
}

export interface CertificateVersion {
  /** 32 lower-case hex characters; the key and secret versions share it. */
  version: string;
  /** DER, base64; absent while the version is pending. */
  cer?: string;
  /** Issuer certificates (DER, base64), leaf excluded, nearest first. */
  chain?: string[];
  /** PKCS#8 PEM of the key pair. */
  keyPem?: string;
  /** Secret content type this version was issued with. */
  contentType: string;
  /** Seeded versions are materialised on first use (RSA key generation is slow), from this recipe. */
  seed?: { issuer: 'Self' | 'ca'; subject: string; dnsNames: string[] };
  tags?: Record<string, string>;
  enabled: boolean;
  nbf?: number;
  exp?: number;
  created: number;
  updated: number;
}

export interface PendingCertificateOperation {
  requestId: string;
  /** The version this operation will complete. */
  version: string;
  issuerName: string;
  /** PKCS#10, base64 DER. */
  csr: string;
  keyPem: string;
  status: 'inProgress' | 'completed' | 'cancelled' | 'failed';
  cancellationRequested: boolean;
  /** Sandbox time (ms) at which an issuer other than Unknown completes it. */
  completeAtMs?: number;
  error?: { code: string; message: string };
}

export interface CertificateContact {
  email?: string;
  name?: string;
  phone?: string;
}

export interface CertificateIssuerRecord {
  name: string;
  provider: string;
  accountId?: string;
  organizationId?: string;
  adminDetails?: { first_name?: string; last_name?: string; email?: string; phone?: string }[];
  enabled: boolean;
  created: number;
  updated: number;
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
  /** Set on a certificate's addressable secret: its value comes from the certificate version. */
  managed?: boolean;
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
