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
  /** Approvals: someone else decided first, the request lapsed, the user no longer approves it, or no justification. */
  | 'approval-decided'
  | 'approval-expired'
  | 'approval-not-approver'
  | 'approval-justification-required'
  | 'vault-forbidden-rbac'
  | 'vault-forbidden-policy'
  | 'vault-forbidden-firewall'
  | 'vault-secret-disabled'
  | 'vault-not-found'
  | 'vault-throttled'
  | 'item-unsupported'
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
/** A secret's (or version's) attributes from a listing: never its value. Times are epoch milliseconds. */
export interface SecretMetadataDto {
  enabled?: boolean;
  contentType?: string;
  tags?: Record<string, string>;
  createdOn?: number;
  updatedOn?: number;
  notBefore?: number;
  expiresOn?: number;
}

/** One secret in the catalog (metadata only). */
export interface CatalogItemDto extends SecretMetadataDto {
  /** Stable key: `${vault}/${lower-case name}` (Key Vault names are case-insensitive). */
  key: string;
  vault: string;
  vaultDisplayName?: string;
  /** Customer label of the vault (MSPs). */
  customer?: string;
  name: string;
  /**
   * True when the item's value is behind the session lock (a PIM vault without an active grant):
   * the action offered is "Request access". A locked item listed through standing Key Vault
   * Reader carries its metadata (tags, dates); one kept from an earlier listing carries its name
   * only, with `namesAsOf`.
   */
  locked: boolean;
  /** Name-only item kept from an earlier listing (listing refused or not possible now): when that listing completed (epoch ms). */
  namesAsOf?: number;
  /** Username, URL, host, notes, connect and TOTP read from the tags by the organisation's convention (absent: none). */
  fields?: ItemFieldsDto;
  /** How many versions the secret has, once they were listed (`vault:versions`); kept until the secret changes. */
  versions?: number;
  favourite: boolean;
  /** Empty for locked items (their dates were dropped). */
  staleness: StalenessFlag[];
}

/** What a password manager shows with an item, read from its tags. Never a value. */
export interface ItemFieldsDto {
  username?: string;
  /** An http(s) URL only: anything else in the tag is ignored (it would be opened by the OS). */
  url?: string;
  host?: string;
  notes?: string;
  /** How "Connect" reaches `host`: a Remote Desktop or SSH URI handed to the OS (never with the password). */
  connect?: 'rdp' | 'ssh';
  /** The value is an `otpauth://` URI: show a TOTP code instead of the value. */
  totp?: boolean;
}

/** A search hit: the item plus match ranges for highlighting. */
export interface SearchHitDto {
  item: CatalogItemDto;
  /** [start, end] index pairs into `item.name` (inclusive), for highlighting. */
  nameMatches?: [number, number][];
}

/**
 * The catalog's metadata as the renderer's own search sees it: every item main would search, as the
 * same DTO `vault:search` returns (names, tags, dates — never a value). `revision` numbers what main
 * has published; `vault:snapshot` (invoke) answers with the whole set, the `vault:snapshot` event
 * carries the changes after it.
 */
export interface CatalogSnapshotDto {
  type: 'reset';
  revision: number;
  items: CatalogItemDto[];
}

/** Changes from revision `base` to `revision`: items added or changed (whole DTOs) and keys gone. */
export interface CatalogDiffDto {
  type: 'diff';
  revision: number;
  base: number;
  upserts: CatalogItemDto[];
  removed: string[];
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
  /**
   * The items shown are not this session's own listing — from the encrypted catalog cache until the
   * refresh replaces them, or names kept from an earlier listing (listing refused) — listed at this time.
   */
  namesAsOf?: number;
  /** When the grant that unlocked it ends (null: standing). */
  endsAt?: number | null;
  error?: { code: ErrorCode; message: string };
}

export interface SecretVersionDto extends SecretMetadataDto {
  version: string;
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
  /** Graph's name for the group (a standing membership is in no eligible list to take it from). */
  groupName?: string;
  instanceId: string;
  startsAt: number;
  endsAt: number | null;
  assignmentType: 'Activated' | 'Assigned';
}

/**
 * What the request that started a running activation said (`pim:requestedWith`): Extend pre-fills
 * its form with it. Read only when Extend opens, so listing activations costs one Graph call.
 */
export interface RequestedWithDto {
  justification?: string;
  ticketNumber?: string;
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
  /** The events seen so far, oldest first (may be empty after a restart). */
  history: ActivationEventDto[];
}

/** Why vaults were locked. Shown to the user and written to the audit journal. */
export type LockReason = 'expired' | 'revoked' | 'deactivated' | 'os-lock' | 'suspend' | 'idle' | 'quit' | 'manual' | 'clock-jump' | 'signed-out';

/** Why the clipboard policy stopped tracking (and possibly cleared) the secret it copied. */
export type ClipboardClearReason = 'timeout' | 'lock' | 'replaced' | 'quit' | 'changed-externally';

/** What the user (or the app on their behalf) did. */
/**
 * `export`: a certificate's private key (PFX) or its chain read from Key Vault and saved to a file;
 * `certificate`: an officer action on a certificate (renew, create, merge, policy, contacts, delete, recover) — `detail` says which.
 */
export type AuditAction = 'sign-in' | 'sign-out' | 'activate' | 'approve-wait' | 'ready' | 'reveal' | 'copy' | 'lock' | 'deactivate' | 'cancel' | 'extend' | 'approve' | 'deny' | 'error' | 'export' | 'certificate';

/** How it ended. */
export type AuditOutcome = 'ok' | 'failed' | 'denied' | 'cancelled';

/**
 * One audit event. Names, ids and the user's own words only — NEVER a secret value or a token.
 * `justification` and `ticket` are user text and allowed; `detail` is a short plain-language note
 * (an error code, a lock reason).
 *
 * Account format (one for every service): `account` is JIT Vault's account id,
 * `{homeAccountId}|{tenantId}` (main/services/auth/account-id.ts) — the key every service already
 * holds, unique per sign-in (a guest has the same homeAccountId in every tenant it is invited to)
 * and stable when a UPN is renamed or reused. Never the UPN, never a display name. `tenantId` is
 * added where the service knows the tenant apart from the account (vault and sign-in entries).
 */
export interface AuditEntry {
  action: AuditAction;
  outcome: AuditOutcome;
  /** JIT Vault account id `{homeAccountId}|{tenantId}` (see above). */
  account?: string;
  tenantId?: string;
  vault?: string;
  secretName?: string;
  groupId?: string;
  justification?: string;
  ticket?: string;
  /** PIM request id. */
  requestId?: string;
  detail?: string;
  /** The front door that did it, when not the app itself: `cli` for the `jit-vault` command line. */
  source?: 'cli';
}

/** A journal line as the history view gets it: the entry and its time, without the chain hashes. */
export type JournalEntryDto = Omit<AuditEntry, 'tenantId'> & { time: string };

/** What the UI needs at start and after changes. */
export interface AppStateDto {
  mode: 'demo' | 'configured';
  /** Human name of the demo/sandbox tenant, shown in the banner. */
  demoTenantName?: string;
  keychain: 'available' | 'unavailable-memory-only';
  /** Why memory-only, when known (e.g. "…lacks its keychain component for win32-arm64…"). */
  keychainReason?: string;
  /** What this desktop cannot do, in words (no tray icon on plain GNOME, no capture protection on Linux, …). */
  desktopNotices?: string[];
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
  /**
   * Templates for particular groups, keyed by lower-case group id: offered first for that group, and
   * its first one pre-fills the justification (a shared template never does).
   */
  groupJustificationTemplates?: Record<string, string[]>;
  platform: 'win32' | 'darwin' | 'linux' | 'browser-preview';
  /** The encrypted catalog cache for a warm start: 'on', or off because no OS keychain is usable. */
  catalogCache?: 'on' | 'no-keychain' | 'error';
  /** Set when the audit journal failed its start-up check (cut short, rewritten, edited): what happened, in plain words. */
  journalProblem?: string;
}

export interface UiSettingsDto {
  revealSeconds: number;
  clipboardSeconds: number;
  idleLockMinutes: number;
  warnBeforeExpiryMinutes: number;
  shortcut: string;
  startAtLogin: boolean;
  theme: 'system' | 'light' | 'dark';
  /** Notify when secrets and certificates cross a threshold before expiry. */
  expiryNotices: boolean;
  /** Days before expiry at which to notify (e.g. 30, 7, 1), largest first. */
  expiryThresholdsDays: number[];
}

export interface DeviceCodeDto {
  userCode: string;
  verificationUri: string;
  message: string;
  expiresAt: number;
}
