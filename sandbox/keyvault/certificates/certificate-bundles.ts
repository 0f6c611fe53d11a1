import type { SandboxContext } from '../../context.js';
import type { CertificateRecord, CertificateVersion, PendingCertificateOperation, VaultState } from '../../state/model.js';
import { recoveryLevel } from '../secret-bundles.js';
import { policyBody } from './certificate-policy.js';
import { materialise } from './certificate-records.js';
import { thumbprint } from './x509.js';

/** `CertificateAttributes` on the wire (unix seconds). A pending version is disabled (recording). */
function attributes(vault: VaultState, version: CertificateVersion): Record<string, unknown> {
  return {
    enabled: version.cer || version.seed ? version.enabled : false,
    ...(version.nbf !== undefined ? { nbf: version.nbf } : {}),
    ...(version.exp !== undefined ? { exp: version.exp } : {}),
    created: version.created,
    updated: version.updated,
    recoveryLevel: recoveryLevel(vault),
    recoverableDays: vault.softDeleteRetentionDays,
  };
}

function tags(version: CertificateVersion): { tags?: Record<string, string> } {
  return version.tags && Object.keys(version.tags).length > 0 ? { tags: { ...version.tags } } : {};
}

/** Whether a version is complete (issued, imported, merged, or seeded and made on demand). */
export function isIssued(version: CertificateVersion): boolean {
  return Boolean(version.cer || version.seed);
}

/**
 * `CertificateBundle`: id, kid, sid, x5t, cer, attributes, policy, tags (spec GetCertificate example).
 * A pending version has neither key, secret nor certificate yet, and points at its pending operation
 * (recording).
 */
export function certificateBundle(context: SandboxContext, origin: string, vault: VaultState, record: CertificateRecord, version: CertificateVersion): Record<string, unknown> {
  materialise(context, record, version);
  const id = `${origin}/certificates/${record.name}/${version.version}`;
  if (!version.cer) {
    return { id, attributes: attributes(vault, version), policy: policyBody(origin, record), ...tags(version), pending: { id: `${origin}/certificates/${record.name}/pending` } };
  }
  return {
    id,
    kid: `${origin}/keys/${record.name}/${version.version}`,
    sid: `${origin}/secrets/${record.name}/${version.version}`,
    x5t: thumbprint(version.cer),
    cer: version.cer,
    attributes: attributes(vault, version),
    policy: policyBody(origin, record),
    ...tags(version),
  };
}

/** `CertificateItem`: `/certificates` ids carry no version, `/versions` ids do. */
export function certificateItem(context: SandboxContext, origin: string, vault: VaultState, record: CertificateRecord, version: CertificateVersion, withVersion: boolean): Record<string, unknown> {
  materialise(context, record, version);
  return {
    id: `${origin}/certificates/${record.name}${withVersion ? `/${version.version}` : ''}`,
    ...(version.cer ? { x5t: thumbprint(version.cer) } : {}),
    attributes: attributes(vault, version),
    ...tags(version),
  };
}

/** `DeletedCertificateBundle` (spec DeleteCertificate example: the bundle plus recovery fields). */
export function deletedCertificateBundle(context: SandboxContext, origin: string, vault: VaultState, record: CertificateRecord, version: CertificateVersion): Record<string, unknown> {
  return {
    recoveryId: `${origin}/deletedcertificates/${record.name}`,
    deletedDate: record.deleted?.deletedDate,
    scheduledPurgeDate: record.deleted?.scheduledPurgeDate,
    ...certificateBundle(context, origin, vault, record, version),
  };
}

/** `DeletedCertificateItem`. */
export function deletedCertificateItem(context: SandboxContext, origin: string, vault: VaultState, record: CertificateRecord, version: CertificateVersion): Record<string, unknown> {
  return {
    recoveryId: `${origin}/deletedcertificates/${record.name}`,
    deletedDate: record.deleted?.deletedDate,
    scheduledPurgeDate: record.deleted?.scheduledPurgeDate,
    ...certificateItem(context, origin, vault, record, version, false),
  };
}

/** The status text of an operation still in progress (recording, verbatim). */
export const IN_PROGRESS_DETAILS =
  'Pending certificate created. Certificate request is in progress. This may take some time based on the issuer provider. Please check again later.';

/** `CertificateOperation` (recordings): completed ones name their target and drop the status details. */
export function operationBody(origin: string, record: CertificateRecord, op: PendingCertificateOperation): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: `${origin}/certificates/${record.name}/pending`,
    issuer: { name: op.issuerName },
    csr: op.csr,
    cancellation_requested: op.cancellationRequested,
    status: op.status,
  };
  if (op.status === 'inProgress') body.status_details = IN_PROGRESS_DETAILS;
  if (op.status === 'cancelled') body.status_details = 'Certificate request cancelled.';
  if (op.status === 'completed') body.target = `${origin}/certificates/${record.name}`;
  if (op.error) body.error = op.error;
  body.request_id = op.requestId;
  return body;
}
