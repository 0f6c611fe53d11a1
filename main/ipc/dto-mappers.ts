import type {
  AccountDto,
  ActivationEventDto,
  ActiveActivationDto,
  CatalogDiffDto,
  CatalogSnapshotDto,
  JournalEntryDto,
  PendingRequestDto,
  SearchHitDto,
  UiSettingsDto,
  VaultStatusDto,
} from '../../shared/domain/types.js';
import type { FollowedRequest } from '../core/activation-history.js';
import type { SignedInAccount } from '../services/auth/auth.service.js';
import type { JournalRecord } from '../services/journal/audit-journal.js';
import type { ActivationEvent, ActiveActivation } from '../services/pim/pim.types.js';
import type { Settings, TenantSettings } from '../services/settings/settings.schema.js';
import type { CatalogSnapshotDiff, CatalogSnapshotState } from '../services/vault/catalog-snapshot.js';
import type { SearchHit, VaultStatus } from '../services/vault/vault.types.js';

/**
 * Service types → the shared DTOs that cross the IPC boundary, only where a service type differs
 * from its DTO (it narrows: settings to UI settings, journal records without their hashes, an
 * account with its tenant's name). Where the service's type IS the DTO (catalog items, secret
 * versions, eligible groups) the service builds it field by field from the SDK or Graph answer and
 * it crosses as it is: copying a type onto itself only cost time. Every mapper here names each
 * field it copies (no spreading of service objects).
 */

/** Copies the listed optional fields that are set. */
function optional<T extends object, K extends keyof T>(source: T, keys: readonly K[]): { [P in K]?: T[P] } {
  const out: { [P in K]?: T[P] } = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

/**
 * The whole catalog snapshot. A `CatalogItem` IS the shared `CatalogItemDto` (the catalog builds
 * each item field by field, see `SecretCatalog.toItem`), so items cross as they are: copying each
 * one onto its own type cost a pass over 10,000 items per warm start for nothing. IPC clones them.
 */
export function toCatalogSnapshotDto(snapshot: CatalogSnapshotState): CatalogSnapshotDto {
  return { type: 'reset', revision: snapshot.revision, items: snapshot.items };
}

export function toCatalogDiffDto(diff: CatalogSnapshotDiff): CatalogDiffDto {
  return { type: 'diff', revision: diff.revision, base: diff.base, upserts: diff.upserts, removed: [...diff.removed] };
}

/** A search hit; `nameMatches` (highlight ranges) only when there are any. */
export function toSearchHitDto(hit: SearchHit): SearchHitDto {
  return { item: hit.item, ...(hit.nameMatches.length > 0 ? { nameMatches: hit.nameMatches.map(([start, end]): [number, number] => [start, end]) } : {}) };
}

export function toVaultStatusDto(status: VaultStatus): VaultStatusDto {
  return {
    name: status.name,
    access: status.access,
    listing: status.listing,
    itemCount: status.itemCount,
    ...optional(status, ['displayName', 'customer', 'pimGroupId', 'listedAt', 'namesAsOf', 'endsAt']),
    ...(status.error ? { error: { code: status.error.code, message: status.error.message } } : {}),
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
