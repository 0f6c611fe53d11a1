import type {
  AccountDto,
  ActivationEventDto,
  ActiveActivationDto,
  CatalogDiffDto,
  CatalogItemDto,
  CatalogSnapshotDto,
  EligibleGroupDto,
  JournalEntryDto,
  PendingRequestDto,
  SearchHitDto,
  SecretVersionDto,
  UiSettingsDto,
  VaultStatusDto,
} from '../../shared/domain/types.js';
import type { FollowedRequest } from '../core/activation-history.js';
import type { SignedInAccount } from '../services/auth/auth.service.js';
import type { JournalRecord } from '../services/journal/audit-journal.js';
import type { ActivationEvent, ActiveActivation, EligibleGroup } from '../services/pim/pim.types.js';
import type { Settings, TenantSettings } from '../services/settings/settings.schema.js';
import type { CatalogSnapshotDiff, CatalogSnapshotState } from '../services/vault/catalog-snapshot.js';
import type { CatalogItem, SearchHit, SecretVersionInfo, VaultStatus } from '../services/vault/vault.types.js';

/**
 * Service types → the shared DTOs that cross the IPC boundary. Every mapper names each field it
 * copies (no spreading of service objects), so a field added to a service type never reaches the
 * renderer by accident, and the declared return types make the compiler catch drift on either side.
 */

/** Copies the listed optional fields that are set. */
function optional<T extends object, K extends keyof T>(source: T, keys: readonly K[]): { [P in K]?: T[P] } {
  const out: { [P in K]?: T[P] } = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

export function toCatalogItemDto(item: CatalogItem): CatalogItemDto {
  // Field by field with plain assignments (no spread temporaries): a warm start maps 10,000 of these.
  const dto: CatalogItemDto = { key: item.key, vault: item.vault, name: item.name, locked: item.locked, favourite: item.favourite, staleness: [...item.staleness] };
  if (item.vaultDisplayName !== undefined) dto.vaultDisplayName = item.vaultDisplayName;
  if (item.customer !== undefined) dto.customer = item.customer;
  if (item.namesAsOf !== undefined) dto.namesAsOf = item.namesAsOf;
  if (item.enabled !== undefined) dto.enabled = item.enabled;
  if (item.contentType !== undefined) dto.contentType = item.contentType;
  if (item.createdOn !== undefined) dto.createdOn = item.createdOn;
  if (item.updatedOn !== undefined) dto.updatedOn = item.updatedOn;
  if (item.notBefore !== undefined) dto.notBefore = item.notBefore;
  if (item.expiresOn !== undefined) dto.expiresOn = item.expiresOn;
  if (item.tags) dto.tags = { ...item.tags };
  if (item.fields) dto.fields = optional(item.fields, ['username', 'url', 'host', 'notes', 'connect', 'totp']);
  return dto;
}

/** The whole catalog snapshot: each item through `toCatalogItemDto`, so fields added there travel with it. */
export function toCatalogSnapshotDto(snapshot: CatalogSnapshotState): CatalogSnapshotDto {
  return { type: 'reset', revision: snapshot.revision, items: snapshot.items.map(toCatalogItemDto) };
}

export function toCatalogDiffDto(diff: CatalogSnapshotDiff): CatalogDiffDto {
  return { type: 'diff', revision: diff.revision, base: diff.base, upserts: diff.upserts.map(toCatalogItemDto), removed: [...diff.removed] };
}

/** A search hit; `nameMatches` (highlight ranges) only when there are any. */
export function toSearchHitDto(hit: SearchHit): SearchHitDto {
  return { item: toCatalogItemDto(hit.item), ...(hit.nameMatches.length > 0 ? { nameMatches: hit.nameMatches.map(([start, end]): [number, number] => [start, end]) } : {}) };
}

export function toVaultStatusDto(status: VaultStatus): VaultStatusDto {
  return {
    name: status.name,
    access: status.access,
    listing: status.listing,
    itemCount: status.itemCount,
    ...optional(status, ['displayName', 'customer', 'pimGroupId', 'listedAt', 'cachedAt', 'namesAsOf', 'endsAt']),
    ...(status.error ? { error: { code: status.error.code, message: status.error.message } } : {}),
  };
}

export function toSecretVersionDto(version: SecretVersionInfo): SecretVersionDto {
  return {
    version: version.version,
    ...optional(version, ['enabled', 'contentType', 'createdOn', 'updatedOn', 'notBefore', 'expiresOn']),
    ...(version.tags ? { tags: { ...version.tags } } : {}),
  };
}

export function toAccountDto(account: SignedInAccount, tenants: readonly TenantSettings[]): AccountDto {
  const tenantName = tenants.find((t) => t.tenantId === account.tenantId)?.displayName;
  return {
    accountId: account.accountId,
    tenantId: account.tenantId,
    username: account.username,
    ...(tenantName ? { tenantName } : {}),
    ...(account.name ? { name: account.name } : {}),
  };
}

export function toEligibleGroupDto(group: EligibleGroup): EligibleGroupDto {
  const { policy } = group;
  return {
    accountId: group.accountId,
    tenantId: group.tenantId,
    groupId: group.groupId,
    displayName: group.displayName,
    description: group.description,
    policy: {
      maxDurationMinutes: policy.maxDurationMinutes,
      requireJustification: policy.requireJustification,
      requireTicket: policy.requireTicket,
      requireMfa: policy.requireMfa,
      requireApproval: policy.requireApproval,
      ...(policy.authenticationContext ? { authenticationContext: policy.authenticationContext } : {}),
    },
    vaults: [...group.vaults],
    eligibleUntil: group.eligibleUntil,
  };
}

export function toActiveActivationDto(activation: ActiveActivation): ActiveActivationDto {
  return {
    accountId: activation.accountId,
    tenantId: activation.tenantId,
    groupId: activation.groupId,
    ...(activation.groupName !== undefined ? { groupName: activation.groupName } : {}),
    instanceId: activation.instanceId,
    startsAt: activation.startsAt,
    endsAt: activation.endsAt,
    assignmentType: activation.assignmentType,
  };
}

export function toActivationEventDto(event: ActivationEvent): ActivationEventDto {
  return {
    requestId: event.requestId,
    accountId: event.accountId,
    groupId: event.groupId,
    phase: event.phase,
    at: event.at,
    ...optional(event, ['endsAt', 'detail', 'errorCode']),
  };
}

export function toPendingRequestDto(request: FollowedRequest): PendingRequestDto {
  return {
    requestId: request.requestId,
    accountId: request.accountId,
    groupId: request.groupId,
    submittedAt: request.submittedAt,
    history: request.history.map(toActivationEventDto),
  };
}

/** Journal lines without the chain hashes (the UI shows history, `verify` checks the chain). */
export function toJournalEntryDto(record: JournalRecord): JournalEntryDto {
  return {
    time: record.time,
    action: record.action,
    outcome: record.outcome,
    ...optional(record, ['account', 'vault', 'secretName', 'groupId', 'justification', 'ticket', 'requestId', 'detail']),
  };
}

export function toUiSettingsDto(settings: Settings): UiSettingsDto {
  return {
    revealSeconds: settings.timeouts.revealSeconds,
    clipboardSeconds: settings.timeouts.clipboardSeconds,
    idleLockMinutes: settings.timeouts.idleLockMinutes,
    warnBeforeExpiryMinutes: settings.timeouts.warnBeforeExpiryMinutes,
    shortcut: settings.shortcut,
    startAtLogin: settings.startAtLogin,
    theme: settings.theme,
    expiryNotices: settings.expiryNotices.enabled,
    expiryThresholdsDays: [...settings.expiryNotices.thresholdsDays].sort((a, b) => b - a),
  };
}
