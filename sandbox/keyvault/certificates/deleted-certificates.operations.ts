import type { CertificateRecord, VaultState } from '../../state/model.js';
import { paginate } from '../paging.js';
import type { VaultRequest, VaultResponse } from '../vault-request.js';
import { vaultErrors } from '../vault-errors.js';
import { certificateBundle, deletedCertificateBundle, deletedCertificateItem } from './certificate-bundles.js';
import { certificateErrors } from './certificate-errors.js';
import { certificateRecordOf, certificatesOf, currentVersion, liveCertificate } from './certificate-records.js';

const DAY_SECONDS = 24 * 3600;

/** The certificate's managed secret follows it into and out of the deleted state. */
function managedSecretOf(vault: VaultState, record: CertificateRecord) {
  const secret = vault.secrets[record.name.toLowerCase()];
  return secret?.versions.some((v) => v.managed) ? secret : undefined;
}

/** `DELETE /certificates/{name}`: soft delete of every version, its policy and its secret; 200 with the deleted bundle. */
export function deleteCertificate(request: VaultRequest): VaultResponse {
  const record = liveCertificate(request);
  const now = request.nowSeconds;
  record.deleted = {
    deletedDate: now,
    scheduledPurgeDate: now + request.vault.softDeleteRetentionDays * DAY_SECONDS,
    pollsLeft: request.context.store.data.settings.softDeletePropagationPolls,
  };
  delete record.pending;
  const secret = managedSecretOf(request.vault, record);
  if (secret) secret.deleted = { ...record.deleted };
  request.context.store.changed();
  return { status: 200, body: deletedCertificateBundle(request.context, request.origin, request.vault, record, currentVersion(record)) };
}

/** `GET /deletedcertificates/{name}`: 404 "Deleted Certificate not found" while the deletion propagates (recording). */
export function getDeletedCertificate(request: VaultRequest): VaultResponse {
  const record = certificateRecordOf(request.vault, request.name);
  if (!record?.deleted) throw certificateErrors.deletedNotFound(request.name);
  if (record.deleted.pollsLeft > 0) {
    record.deleted.pollsLeft -= 1;
    request.context.store.changed();
    throw certificateErrors.deletedNotFound(request.name);
  }
  return { status: 200, body: deletedCertificateBundle(request.context, request.origin, request.vault, record, currentVersion(record)) };
}

/** `GET /deletedcertificates`: completed deletions, paged by name. */
export function listDeletedCertificates(request: VaultRequest): VaultResponse {
  const rows = Object.entries(certificatesOf(request.vault))
    .filter(([, record]) => record.deleted && record.deleted.pollsLeft === 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const toItem = ([, record]: (typeof rows)[number]) => deletedCertificateItem(request.context, request.origin, request.vault, record, currentVersion(record));
  return { status: 200, body: paginate(rows, request.ctx.url, request.origin, request.apiVersion, toItem) };
}

/** `POST /deletedcertificates/{name}/recover`: everything comes back; GETs answer 404 for the propagation polls. */
export function recoverDeletedCertificate(request: VaultRequest): VaultResponse {
  const record = certificateRecordOf(request.vault, request.name);
  if (!record?.deleted) throw certificateErrors.deletedNotFound(request.name);
  if (record.deleted.pollsLeft > 0) throw certificateErrors.beingDeleted(record.name);
  delete record.deleted;
  const secret = managedSecretOf(request.vault, record);
  if (secret) delete secret.deleted;
  const polls = request.context.store.data.settings.softDeletePropagationPolls;
  if (polls > 0) record.recoveringPollsLeft = polls;
  request.context.store.changed();
  return { status: 200, body: certificateBundle(request.context, request.origin, request.vault, record, currentVersion(record)) };
}

/** `DELETE /deletedcertificates/{name}`: permanent; 204; refused under purge protection. */
export function purgeDeletedCertificate(request: VaultRequest): VaultResponse {
  const record = certificateRecordOf(request.vault, request.name);
  if (!record?.deleted) throw certificateErrors.deletedNotFound(request.name);
  if (request.vault.purgeProtection) throw vaultErrors.purgeProtected(request.vault.name, request.vault.location);
  if (record.deleted.pollsLeft > 0) throw certificateErrors.beingDeleted(record.name);
  const key = request.name.toLowerCase();
  if (managedSecretOf(request.vault, record)) delete request.vault.secrets[key];
  delete certificatesOf(request.vault)[key];
  request.context.store.changed();
  return { status: 204 };
}
