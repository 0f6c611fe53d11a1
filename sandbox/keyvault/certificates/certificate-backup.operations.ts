import { createPublicKey } from 'node:crypto';
import type { CertificateRecord } from '../../state/model.js';
import { openBackup, sealBackup } from '../backup-restore.js';
import { parseRestoreParameters, readJsonObject, SECRET_NAME_PATTERN } from '../request-body.js';
import type { VaultRequest, VaultResponse } from '../vault-request.js';
import { vaultErrors } from '../vault-errors.js';
import { certificateBundle } from './certificate-bundles.js';
import { certificateErrors } from './certificate-errors.js';
import { certificateRecordOf, certificatesOf, currentVersion, liveCertificate, materialise, syncManagedSecret, versionOf } from './certificate-records.js';
import { curveOf } from './x509-keys.js';

/** Marker in the style of the secrets blob (the certificates one is not captured; unverified). */
const CERTIFICATE_BACKUP_MARKER = 'AzureKeyVaultCertificateBackupV1.microsoft.com';

interface CertificateBackup {
  v: 1;
  tenantId: string;
  record: CertificateRecord;
}

/** `POST /certificates/{name}/backup`: every version with its key, the policy; no pending operation. */
export async function backupCertificate(request: VaultRequest): Promise<VaultResponse> {
  const record = liveCertificate(request);
  for (const version of record.versions) materialise(request.context, record, version);
  const copy: CertificateRecord = structuredClone(record);
  delete copy.pending;
  copy.versions = copy.versions.filter((v) => v.cer);
  const payload: CertificateBackup = { v: 1, tenantId: request.vault.tenantId.toLowerCase(), record: copy };
  return { status: 200, body: { value: await sealBackup(request.context, CERTIFICATE_BACKUP_MARKER, payload) } };
}

/** `POST /certificates/restore`: the certificate with all versions, its secret and key; the name must be free. */
export async function restoreCertificate(request: VaultRequest): Promise<VaultResponse> {
  const blob = parseRestoreParameters(await readJsonObject(request.ctx));
  const payload = (await openBackup(request.context, CERTIFICATE_BACKUP_MARKER, blob)) as CertificateBackup;
  if (payload?.v !== 1 || typeof payload.record?.name !== 'string' || !SECRET_NAME_PATTERN.test(payload.record.name) || !Array.isArray(payload.record.versions) || payload.record.versions.length === 0) {
    throw vaultErrors.malformedBackup();
  }
  if (payload.tenantId !== request.vault.tenantId.toLowerCase()) {
    throw vaultErrors.badParameter('The backup blob was created in a vault of another tenant and cannot be restored into this vault.');
  }
  const existing = certificateRecordOf(request.vault, payload.record.name);
  if (existing?.deleted) throw certificateErrors.deletedButRecoverable(existing.name);
  if (existing) throw vaultErrors.restoreConflict(`${request.origin}/certificates/${payload.record.name}/${currentVersion(payload.record).version}`);
  const record = payload.record;
  certificatesOf(request.vault)[record.name.toLowerCase()] = record;
  for (const version of record.versions) syncManagedSecret(request.vault, record, version);
  request.context.store.changed();
  return { status: 200, body: certificateBundle(request.context, request.origin, request.vault, record, currentVersion(record)) };
}

/**
 * `GET /keys/{name}/{version?}` for a certificate's key: the public JWK (never private material) with
 * `managed: true`, as the keys data plane answers for certificate-backed keys.
 */
export function getCertificateKey(request: VaultRequest): VaultResponse {
  const record = certificateRecordOf(request.vault, request.name);
  if (!record || record.deleted) throw vaultErrors.keyNotFound(request.name);
  let version;
  try {
    version = versionOf(record, request.version);
  } catch {
    throw vaultErrors.keyNotFound(`${request.name}/${request.version}`);
  }
  materialise(request.context, record, version);
  if (!version.keyPem) throw vaultErrors.keyNotFound(request.name);
  const publicKey = createPublicKey(version.keyPem);
  // Node names secp256k1 by its SEC name; Key Vault's JWKs say P-256K (JsonWebKeyCurveName).
  const crv = curveOf(publicKey);
  const jwk = { ...publicKey.export({ format: 'jwk' }), ...(crv ? { crv } : {}) };
  const ops = jwk.kty === 'RSA' ? ['sign', 'verify', 'wrapKey', 'unwrapKey', 'encrypt', 'decrypt'] : ['sign', 'verify'];
  return {
    status: 200,
    body: {
      key: { kid: `${request.origin}/keys/${record.name}/${version.version}`, ...jwk, key_ops: ops },
      attributes: { enabled: version.enabled, ...(version.nbf ? { nbf: version.nbf } : {}), ...(version.exp ? { exp: version.exp } : {}), created: version.created, updated: version.updated, recoveryLevel: 'Recoverable+Purgeable' },
      managed: true,
    },
  };
}
