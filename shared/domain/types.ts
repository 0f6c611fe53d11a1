/**
 * Domain shapes that cross the IPC boundary (main → renderer). Plain data only: no secret values
 * except `RevealedSecret.value`, handed out once per reveal. Times are epoch milliseconds.
 * Main's service types are structurally checked against these where the handlers are registered.
 */

/** Stable error codes the UI explains in plain words (mirrors main/services/errors.ts). */
export type ErrorCode =
  | 'vault-locked'
  | 'not-signed-in'
  | 'keychain-unavailable'
  | 'interaction-required'
  | 'pim-policy'
  | 'pim-not-eligible'
  | 'pim-already-active'
  | 'pim-too-short'
  | 'pim-mfa-required'
  | 'pim-denied'
  | 'pim-failed'
  | 'pim-timeout'
  | 'vault-forbidden-rbac'
  | 'vault-forbidden-policy'
  | 'vault-forbidden-firewall'
  | 'vault-secret-disabled'
  | 'vault-not-found'
  | 'vault-throttled'
  | 'network'
  | 'settings-invalid'
  | 'cancelled'
  | 'unknown'
  /** IPC-edge codes. */
  | 'bad-request'
  | 'forbidden-sender'
  | 'unknown-channel';

/** Every IPC call answers with one of these; errors are values, never thrown across the bridge. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; message: string };

/** Staleness signals for one secret, computed in main from its metadata and the Clock. */
export type StalenessFlag =
  /** No expiry date set: nothing forces a rotation. */
  | 'no-expiry'
  /** Expires within the configured number of days. */
  | 'expiring-soon'
  /** Expiry date is in the past. */
  | 'expired'
  /** Not updated (rotated) within the configured number of days. */
  | 'not-updated';

/** One secret's metadata in the catalog (never its value). */
export interface CatalogItemDto {
  key: string;
  vault: string;
  vaultDisplayName?: string;
  customer?: string;
  name: string;
  locked: boolean;
  favourite: boolean;
  enabled?: boolean;
  contentType?: string;
  tags?: Record<string, string>;
  createdOn?: number;
  updatedOn?: number;
  notBefore?: number;
  expiresOn?: number;
  staleness: StalenessFlag[];
}

/** A search hit: the item plus match ranges for highlighting. */
export interface SearchHitDto {
  item: CatalogItemDto;
  /** [start, end] index pairs into `item.name` (inclusive), for highlighting. */
  nameMatches?: [number, number][];
}

/** One page of search hits plus the total number of matches (`vault:searchPage`). */
export interface SearchPageDto {
  hits: SearchHitDto[];
  /** How many items match the query in all (the list's length). */
  total: number;
}

export interface VaultStatusDto {
  name: string;
  displayName?: string;
  customer?: string;
  pimGroupId?: string;
  access: 'standing' | 'unlocked' | 'locked';
  listing: 'idle' | 'listing' | 'listed' | 'failed';
  itemCount: number;
  listedAt?: number;
  /** When the grant that unlocked it ends (null: standing). */
  endsAt?: number | null;
  error?: { code: ErrorCode; message: string };
}

export interface SecretVersionDto {
  version: string;
  enabled?: boolean;
  contentType?: string;
  tags?: Record<string, string>;
  createdOn?: number;
  updatedOn?: number;
  notBefore?: number;
  expiresOn?: number;
}

export interface AccountDto {
  accountId: string;
  tenantId: string;
  tenantName?: string;
  username: string;
  name?: string;
}

export interface PimPolicyDto {
  maxDurationMinutes: number;
  requireJustification: boolean;
  requireTicket: boolean;
  requireMfa: boolean;
  requireApproval: boolean;
  authenticationContext?: string;
}

export interface EligibleGroupDto {
  accountId: string;
  tenantId: string;
  groupId: string;
  displayName: string;
  description: string;
  policy: PimPolicyDto;
  vaults: string[];
  eligibleUntil: number | null;
}

export interface ActiveActivationDto {
  accountId: string;
  tenantId: string;
  groupId: string;
  instanceId: string;
  startsAt: number;
  endsAt: number | null;
  assignmentType: 'Activated' | 'Assigned';
}

export type ActivationPhase =
  | 'Submitted'
  | 'PendingApproval'
  | 'Granted'
  | 'PendingProvisioning'
  | 'Provisioned'
  | 'Propagating'
  | 'Ready'
  | 'Denied'
  | 'Failed'
  | 'Canceled'
  | 'Revoked'
  | 'Expired'
  | 'TimedOut';

export interface ActivationEventDto {
  requestId: string;
  accountId: string;
  groupId: string;
  phase: ActivationPhase;
  at: number;
  endsAt?: number;
  detail?: string;
  errorCode?: string;
}

/** A request main is still following (`pim:pending`). */
export interface PendingRequestDto {
  requestId: string;
  accountId: string;
  groupId: string;
  submittedAt: number;
  /** The copy/reveal asked for on Ready (names only). */
  thenOpen?: { vault: string; name: string; action: 'copy' | 'reveal' };
  /** The events seen so far, oldest first (may be empty after a restart). */
  history: ActivationEventDto[];
}

/** Why vaults were locked. Shown to the user and written to the audit journal. */
export type LockReason = 'expired' | 'revoked' | 'deactivated' | 'os-lock' | 'suspend' | 'idle' | 'quit' | 'manual' | 'clock-jump' | 'signed-out';

/** Why the clipboard policy stopped tracking (and possibly cleared) the secret it copied. */
export type ClipboardClearReason = 'timeout' | 'lock' | 'replaced' | 'quit' | 'changed-externally';

export interface JournalEntryDto {
  time: string;
  action: string;
  outcome: string;
  account?: string;
  vault?: string;
  secretName?: string;
  groupId?: string;
  justification?: string;
  ticket?: string;
  requestId?: string;
  detail?: string;
}

/** What the UI needs at start and after changes. */
export interface AppStateDto {
  mode: 'demo' | 'configured';
  /** Human name of the demo/sandbox tenant, shown in the banner. */
  demoTenantName?: string;
  keychain: 'available' | 'unavailable-memory-only';
  accounts: AccountDto[];
  tenants: { tenantId: string; displayName: string }[];
  vaults: VaultStatusDto[];
  settings: UiSettingsDto;
  /** Settings the admin policy enforces (the UI shows them read-only). */
  policyEnforced: string[];
  /**
   * Optional plain-language reason per enforced setting (key as in `policyEnforced`), e.g.
   * "At most 30 seconds, set by your organisation." The UI shows it beside the read-only field.
   */
  policyReasons?: Record<string, string>;
  justificationTemplates: string[];
  platform: 'win32' | 'darwin' | 'linux' | 'browser-preview';
}

export interface UiSettingsDto {
  revealSeconds: number;
  clipboardSeconds: number;
  idleLockMinutes: number;
  warnBeforeExpiryMinutes: number;
  shortcut: string;
  startAtLogin: boolean;
  theme: 'system' | 'light' | 'dark';
}

export interface DeviceCodeDto {
  userCode: string;
  verificationUri: string;
  message: string;
  expiresAt: number;
}
