import type { SecretRecord, SecretVersion, VaultState } from '../state/model.js';

/** `SecretAttributes` on the wire: unix seconds, plus the vault's recovery settings. */
export interface WireAttributes {
  enabled: boolean;
  nbf?: number;
  exp?: number;
  created: number;
  updated: number;
  recoveryLevel: string;
  recoverableDays: number;
}

/**
 * The recovery level a vault's soft-delete settings give (spec `DeletionRecoveryLevel`): retention
 * of 90 days is "Recoverable", fewer is "CustomizedRecoverable"; "+Purgeable" unless purge protection.
 */
export function recoveryLevel(vault: VaultState): string {
  const base = vault.softDeleteRetentionDays >= 90 ? 'Recoverable' : 'CustomizedRecoverable';
  return vault.purgeProtection ? base : `${base}+Purgeable`;
}

/** A version's attributes as Key Vault returns them. */
export function wireAttributes(vault: VaultState, version: SecretVersion): WireAttributes {
  return {
    enabled: version.enabled,
    ...(version.nbf !== undefined ? { nbf: version.nbf } : {}),
    ...(version.exp !== undefined ? { exp: version.exp } : {}),
    created: version.created,
    updated: version.updated,
    recoveryLevel: recoveryLevel(vault),
    recoverableDays: vault.softDeleteRetentionDays,
  };
}

/** `https://{vault}/secrets/{name}[/{version}]` on the vault's exact origin. */
export function secretId(origin: string, record: SecretRecord, version?: SecretVersion): string {
  return `${origin}/secrets/${record.name}${version ? `/${version.version}` : ''}`;
}

/** The current (last written) version of a secret. */
export function latestVersion(record: SecretRecord): SecretVersion {
  return record.versions[record.versions.length - 1]!;
}

function optionalFields(version: SecretVersion): { contentType?: string; tags?: Record<string, string> } {
  return {
    ...(version.contentType !== undefined ? { contentType: version.contentType } : {}),
    ...(version.tags && Object.keys(version.tags).length > 0 ? { tags: { ...version.tags } } : {}),
  };
}

/** `SecretBundle`: with the value for set/get, without it for update/recover/restore (spec examples). */
export function secretBundle(origin: string, vault: VaultState, record: SecretRecord, version: SecretVersion, includeValue: boolean): Record<string, unknown> {
  return {
    ...(includeValue ? { value: version.value } : {}),
    id: secretId(origin, record, version),
    ...optionalFields(version),
    attributes: wireAttributes(vault, version),
    // A certificate's addressable secret names its key and says it is managed (spec SecretBundle).
    ...(version.managed ? { kid: `${origin}/keys/${record.name}/${version.version}`, managed: true } : {}),
  };
}

/** `SecretItem`: list entries never carry values; `/secrets` ids have no version, `/versions` ids do. */
export function secretItem(origin: string, vault: VaultState, record: SecretRecord, version: SecretVersion, withVersion: boolean): Record<string, unknown> {
  return {
    id: secretId(origin, record, withVersion ? version : undefined),
    ...optionalFields(version),
    attributes: wireAttributes(vault, version),
    ...(version.managed ? { managed: true } : {}),
  };
}

/** `DeletedSecretBundle` / `DeletedSecretItem` (recording: no value; the id names the latest version). */
export function deletedSecretBundle(origin: string, vault: VaultState, record: SecretRecord, withVersion = true): Record<string, unknown> {
  const version = latestVersion(record);
  return {
    recoveryId: `${origin}/deletedsecrets/${record.name}`,
    deletedDate: record.deleted?.deletedDate,
    scheduledPurgeDate: record.deleted?.scheduledPurgeDate,
    ...secretItem(origin, vault, record, version, withVersion),
  };
}
