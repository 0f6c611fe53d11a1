import type { SandboxContext } from '../../context.js';
import { newSecretVersionId } from '../../state/ids.js';
import type { CertificateRecord, CertificateVersion, VaultState } from '../../state/model.js';
import { isIssued } from './certificate-bundles.js';
import { renewalTime } from './certificate-policy.js';
import { certificatesOf, issueVersion, materialise } from './certificate-records.js';
import { renewalKey } from './x509-keys.js';

/** The newest version that has a certificate (seeded or issued). */
export function latestIssued(record: CertificateRecord): CertificateVersion | undefined {
  for (let i = record.versions.length - 1; i >= 0; i -= 1) if (isIssued(record.versions[i]!)) return record.versions[i];
  return undefined;
}

/** Completes a due pending operation of an issuer that is not Unknown (Self, or a named issuer through the sandbox CA). */
function completeDue(context: SandboxContext, vault: VaultState, record: CertificateRecord, nowMs: number): boolean {
  const op = record.pending;
  if (!op || op.status !== 'inProgress' || op.completeAtMs === undefined || op.completeAtMs > nowMs) return false;
  const version = record.versions.find((v) => v.version === op.version);
  if (op.cancellationRequested || !version) {
    op.status = 'cancelled';
    return true;
  }
  issueVersion(context, vault, record, version, op.keyPem, Math.floor(nowMs / 1000));
  op.status = 'completed';
  return true;
}

/**
 * An AutoRenew lifetime action fires once the sandbox clock passes its trigger (days before expiry,
 * or a percentage of the lifetime) on the newest issued version: the next version is issued from the
 * policy, with a new key unless `reuse_key`. Unknown-issuer policies cannot auto-renew.
 */
function autoRenew(context: SandboxContext, vault: VaultState, record: CertificateRecord, nowMs: number): boolean {
  if (record.policy.issuer.name.toLowerCase() === 'unknown' || record.pending?.status === 'inProgress') return false;
  const latest = latestIssued(record);
  if (!latest || latest !== record.versions[record.versions.length - 1] || latest.nbf === undefined || latest.exp === undefined) return false;
  const at = renewalTime(record.policy, latest.nbf, latest.exp);
  const now = Math.floor(nowMs / 1000);
  if (at === undefined || now < at) return false;
  if (record.policy.key_props.reuse_key) materialise(context, record, latest);
  const keyPem = renewalKey(record.policy.key_props, latest.keyPem);
  const version: CertificateVersion = {
    version: newSecretVersionId(),
    contentType: record.policy.secret_props.contentType,
    ...(latest.tags ? { tags: { ...latest.tags } } : {}),
    enabled: true,
    created: now,
    updated: now,
  };
  record.versions.push(version);
  issueVersion(context, vault, record, version, keyPem, now);
  return true;
}

/**
 * Moves every certificate of the vault forward to `nowMs` on the sandbox clock: due issuances
 * complete, AutoRenew actions fire, expired soft-deletions are purged. Run before each request, so
 * the admin clock-advance route drives renewals. Returns whether anything changed.
 */
export function advanceCertificates(context: SandboxContext, vault: VaultState, nowMs: number): boolean {
  let changed = false;
  const records = certificatesOf(vault);
  for (const [key, record] of Object.entries(records)) {
    if (record.deleted) {
      if (record.deleted.scheduledPurgeDate <= Math.floor(nowMs / 1000)) {
        delete records[key];
        if (vault.secrets[key]?.versions.some((v) => v.managed)) delete vault.secrets[key];
        changed = true;
      }
      continue;
    }
    changed = completeDue(context, vault, record, nowMs) || changed;
    changed = autoRenew(context, vault, record, nowMs) || changed;
  }
  return changed;
}
