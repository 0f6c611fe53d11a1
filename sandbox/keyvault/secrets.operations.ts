import type { SecretRecord, SecretVersion } from '../state/model.js';
import { newSecretVersionId } from '../state/ids.js';
import { paginate } from './paging.js';
import { parseSetParameters, parseUpdateParameters, readJsonObject } from './request-body.js';
import { deletedSecretBundle, latestVersion, secretBundle, secretItem } from './secret-bundles.js';
import { isLive, isRecovering, liveRecord, recordOf, type VaultRequest, type VaultResponse } from './vault-request.js';
import { vaultErrors } from './vault-errors.js';
import { certificateErrors } from './certificates/certificate-errors.js';
import { managedSecretValue } from './certificates/certificate-records.js';

const DAY_SECONDS = 24 * 3600;

/** The version a path names: the given one, or the latest when the segment is empty. */
function versionOf(request: VaultRequest, record: SecretRecord): SecretVersion {
  if (!request.version) return latestVersion(record);
  const wanted = request.version.toLowerCase();
  const found = record.versions.find((v) => v.version === wanted);
  if (!found) throw vaultErrors.secretNotFound(`${request.name}/${request.version}`);
  return found;
}

/** `PUT /secrets/{name}`: a new version (the first one creates the secret). */
export async function setSecret(request: VaultRequest): Promise<VaultResponse> {
  const params = parseSetParameters(await readJsonObject(request.ctx));
  const { vault, context } = request;
  const existing = recordOf(vault, request.name);
  if (existing?.versions.some((v) => v.managed)) throw certificateErrors.managedSecret(existing.name);
  if (existing?.deleted) {
    throw existing.deleted.pollsLeft > 0 ? vaultErrors.beingDeleted(existing.name) : vaultErrors.deletedButRecoverable(existing.name);
  }
  if (existing && isRecovering(existing)) throw vaultErrors.beingRecovered(existing.name);
  const now = request.nowSeconds;
  const version: SecretVersion = {
    version: newSecretVersionId(),
    value: params.value,
    ...(params.contentType !== undefined ? { contentType: params.contentType } : {}),
    ...(params.tags ? { tags: params.tags } : {}),
    enabled: params.attributes.enabled ?? true,
    ...(params.attributes.nbf !== undefined ? { nbf: params.attributes.nbf } : {}),
    ...(params.attributes.exp !== undefined ? { exp: params.attributes.exp } : {}),
    created: now,
    updated: now,
  };
  const record: SecretRecord = existing ?? { name: request.name, versions: [] };
  record.versions.push(version);
  vault.secrets[request.name.toLowerCase()] = record;
  context.store.changed();
  return { status: 200, body: secretBundle(request.origin, vault, record, version, true) };
}

/**
 * `GET /secrets/{name}/{version?}`. A disabled version is refused (recording); nbf/exp are
 * informational for secrets: Microsoft documents that get works outside the nbf/exp window, and
 * field reports (Azure/AzureKeyVault#19, 2024) confirm a 200 for expired secrets.
 */
export function getSecret(request: VaultRequest): VaultResponse {
  const record = recordOf(request.vault, request.name);
  if (record && !record.deleted && isRecovering(record)) {
    // A recovered secret shows only after the configured number of polls (real traffic shows two 404s).
    record.recoveringPollsLeft = (record.recoveringPollsLeft ?? 1) - 1;
    if (record.recoveringPollsLeft <= 0) delete record.recoveringPollsLeft;
    request.context.store.changed();
    throw vaultErrors.secretNotFound(request.name);
  }
  if (!isLive(record)) throw vaultErrors.secretNotFound(request.name);
  const version = versionOf(request, record);
  if (!version.enabled) throw vaultErrors.secretDisabled();
  const converted = checkOutContentType(request, version);
  const body = secretBundle(request.origin, request.vault, record, version, true);
  if (version.managed) {
    const contentType = converted ?? version.contentType ?? 'application/x-pkcs12';
    body.value = managedSecretValue(request.context, request.vault, record.name, { ...version, contentType });
    body.contentType = contentType;
  }
  return { status: 200, body };
}

/** API versions that know `outContentType` (older ones ignore the parameter). */
const OUT_CONTENT_TYPE_VERSIONS = new Set(['2025-07-01', '2026-04-01']);
const OUT_CONTENT_TYPE_NAMES: Record<string, string> = { 'application/x-pkcs12': 'PFX', 'application/x-pem-file': 'PEM' };

/**
 * `outContentType` converts certificate-backed secrets only, and only PFX to PEM (or PFX as it is);
 * anything else is refused as the service refuses it for a plain secret (recordings
 * `getsecret_accepts_all_new_api_version_options` and `…_does_not_throw_for_a_secret_with_contenttype_pfx`).
 * Returns the content type to serve a managed secret in, when a conversion was asked for.
 */
function checkOutContentType(request: VaultRequest, version: SecretVersion): string | undefined {
  const wanted = request.ctx.url.searchParams.get('outContentType');
  if (wanted === null || !OUT_CONTENT_TYPE_VERSIONS.has(request.apiVersion)) return undefined;
  const target = OUT_CONTENT_TYPE_NAMES[wanted.toLowerCase()] ?? 'Unsupported';
  const source = version.managed ? (OUT_CONTENT_TYPE_NAMES[version.contentType ?? ''] ?? 'Unsupported') : 'Unsupported';
  if (source === 'PFX' && target !== 'Unsupported') return wanted.toLowerCase();
  if (source === 'PEM' && target === 'PEM') return wanted.toLowerCase();
  throw vaultErrors.badParameter(`The '${source}' to '${target}' transformation is not supported. Only PFX to PEM transformation is supported.`);
}

/** `GET /secrets/{name}/versions`: every version's metadata (ids with version), paged; none for a missing secret. */
export function listSecretVersions(request: VaultRequest): VaultResponse {
  const record = recordOf(request.vault, request.name);
  const versions = isLive(record) ? record.versions : [];
  return { status: 200, body: paginate(versions, request.ctx.url, request.origin, request.apiVersion, (v) => secretItem(request.origin, request.vault, record!, v, true)) };
}

/** `GET /secrets`: each live secret's current version, ids without version, no values, paged by name. */
export function listSecrets(request: VaultRequest): VaultResponse {
  const records = Object.entries(request.vault.secrets)
    .filter(([, record]) => isLive(record))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const toItem = ([, record]: (typeof records)[number]) => secretItem(request.origin, request.vault, record, latestVersion(record), false);
  return { status: 200, body: paginate(records, request.ctx.url, request.origin, request.apiVersion, toItem) };
}

/** `PATCH /secrets/{name}/{version?}`: attributes, content type and tags; the answer has no value (spec example). */
export async function updateSecret(request: VaultRequest): Promise<VaultResponse> {
  const params = parseUpdateParameters(await readJsonObject(request.ctx));
  const record = liveRecord(request);
  const version = versionOf(request, record);
  if (version.managed) throw certificateErrors.managedSecret(record.name);
  if (params.contentType !== undefined) version.contentType = params.contentType;
  if (params.tags) version.tags = params.tags;
  if (params.attributes.enabled !== undefined) version.enabled = params.attributes.enabled;
  if (params.attributes.nbf !== undefined) version.nbf = params.attributes.nbf;
  if (params.attributes.exp !== undefined) version.exp = params.attributes.exp;
  version.updated = request.nowSeconds;
  request.context.store.changed();
  return { status: 200, body: secretBundle(request.origin, request.vault, record, version, false) };
}

/**
 * `DELETE /secrets/{name}`: soft delete. The purge date is the deletion date plus the vault's
 * retention (recording: scheduledPurgeDate − deletedDate = recoverableDays × 86400). The deleted
 * secret becomes visible only after `softDeletePropagationPolls` polls of GET /deletedsecrets/{name}.
 */
export function deleteSecret(request: VaultRequest): VaultResponse {
  const record = recordOf(request.vault, request.name);
  if (record && !record.deleted && isRecovering(record)) throw vaultErrors.beingRecovered(record.name);
  const live = liveRecord(request);
  if (live.versions.some((v) => v.managed)) throw certificateErrors.managedSecret(live.name);
  const now = request.nowSeconds;
  live.deleted = {
    deletedDate: now,
    scheduledPurgeDate: now + request.vault.softDeleteRetentionDays * DAY_SECONDS,
    pollsLeft: request.context.store.data.settings.softDeletePropagationPolls,
  };
  request.context.store.changed();
  return { status: 200, body: deletedSecretBundle(request.origin, request.vault, live) };
}
