import type { SandboxContext } from '../../context.js';
import type { CertificateRecord, CertificateVersion, SecretRecord, SecretVersion, VaultState } from '../../state/model.js';
import { issuingCa } from '../../tls/issuing-ca.js';
import type { VaultRequest } from '../vault-request.js';
import { certificateErrors } from './certificate-errors.js';
import { issueCertificate, parseDistinguishedName, secretValue } from './x509.js';
import { generateCertificateKey } from './x509-keys.js';

/** The vault's certificates (state written before certificates existed has none). */
export function certificatesOf(vault: VaultState): Record<string, CertificateRecord> {
  vault.certificates ??= {};
  return vault.certificates;
}

/** The stored record for a name (case-insensitive), deleted or not. */
export function certificateRecordOf(vault: VaultState, name: string): CertificateRecord | undefined {
  return certificatesOf(vault)[name.toLowerCase()];
}

/** Whether a record is live (not deleted, not still recovering). */
export function isLiveCertificate(record: CertificateRecord | undefined): record is CertificateRecord {
  return record !== undefined && !record.deleted && (record.recoveringPollsLeft ?? 0) <= 0;
}

/** The live record a request names; 404 CertificateNotFound otherwise. */
export function liveCertificate(request: VaultRequest): CertificateRecord {
  const record = certificateRecordOf(request.vault, request.name);
  if (!isLiveCertificate(record)) throw certificateErrors.notFound(request.name);
  return record;
}

/** The current version: the last one, pending or not. */
export function currentVersion(record: CertificateRecord): CertificateVersion {
  return record.versions[record.versions.length - 1]!;
}

/** The version a path names (empty: the current one); 404 when unknown. */
export function versionOf(record: CertificateRecord, version: string): CertificateVersion {
  if (!version) return currentVersion(record);
  const found = record.versions.find((v) => v.version === version.toLowerCase());
  if (!found) throw certificateErrors.notFound(`${record.name}/${version}`);
  return found;
}

/** Adds calendar months to a unix time (a 12-month certificate lasts a year, as the service issues them). */
export function addMonths(seconds: number, months: number): number {
  const date = new Date(seconds * 1000);
  date.setUTCMonth(date.getUTCMonth() + months);
  return Math.floor(date.getTime() / 1000);
}

/**
 * Issues `version` from the record's policy: validity from ten minutes ago (as the service backdates
 * nbf) for `validity_months`, signed by itself (`Self`) or by the sandbox's issuing CA (any named issuer).
 */
export function issueVersion(context: SandboxContext, vault: VaultState, record: CertificateRecord, version: CertificateVersion, keyPem: string, nowSeconds: number): void {
  const { policy } = record;
  const nbf = nowSeconds - 600;
  const exp = addMonths(nowSeconds, policy.x509_props.validity_months);
  const selfSigned = policy.issuer.name.toLowerCase() === 'self';
  const ca = selfSigned ? undefined : issuingCa(context.stateDir);
  version.cer = issueCertificate({
    subject: parseDistinguishedName(policy.x509_props.subject) ?? [{ shortName: 'CN', value: record.name }],
    ...(policy.x509_props.sans ? { sans: policy.x509_props.sans } : {}),
    ekus: policy.x509_props.ekus,
    keyUsage: policy.x509_props.key_usage,
    notBefore: nbf,
    notAfter: exp,
    keyPem,
    ...(ca ? { issuer: ca } : {}),
  });
  version.chain = ca ? [ca.cer] : [];
  version.keyPem = keyPem;
  version.nbf = nbf;
  version.exp = exp;
  version.enabled = true;
  version.contentType = policy.secret_props.contentType;
  version.updated = nowSeconds;
  syncManagedSecret(vault, record, version);
}

/**
 * Seeded versions carry a recipe instead of key material (an RSA key takes ~0.3 s to make); the
 * first request that needs the certificate itself makes it, with the seeded validity dates.
 */
export function materialise(context: SandboxContext, record: CertificateRecord, version: CertificateVersion): void {
  if (!version.seed || version.cer) return;
  const keyPem = generateCertificateKey(record.policy.key_props);
  const ca = version.seed.issuer === 'ca' ? issuingCa(context.stateDir) : undefined;
  version.cer = issueCertificate({
    subject: parseDistinguishedName(version.seed.subject) ?? [{ shortName: 'CN', value: record.name }],
    sans: version.seed.dnsNames.length > 0 ? { dns_names: version.seed.dnsNames } : {},
    ekus: record.policy.x509_props.ekus,
    keyUsage: record.policy.x509_props.key_usage,
    notBefore: version.nbf!,
    notAfter: version.exp!,
    keyPem,
    ...(ca ? { issuer: ca } : {}),
  });
  version.chain = ca ? [ca.cer] : [];
  version.keyPem = keyPem;
  delete version.seed;
  context.store.changed();
}

/**
 * Keeps the certificate's addressable secret (`/secrets/{name}/{version}`) in step with a completed
 * version: same version id, the policy's content type, `managed: true`. Its value is produced from
 * the certificate version when read, so list and metadata calls never need the key material.
 */
export function syncManagedSecret(vault: VaultState, record: CertificateRecord, version: CertificateVersion): void {
  const key = record.name.toLowerCase();
  const secret: SecretRecord = vault.secrets[key] ?? { name: record.name, versions: [] };
  const entry: SecretVersion = {
    version: version.version,
    value: '',
    contentType: version.contentType,
    ...(version.tags ? { tags: { ...version.tags } } : {}),
    enabled: version.enabled,
    ...(version.nbf !== undefined ? { nbf: version.nbf } : {}),
    ...(version.exp !== undefined ? { exp: version.exp } : {}),
    created: version.created,
    updated: version.updated,
    managed: true,
  };
  const index = secret.versions.findIndex((v) => v.version === version.version);
  if (index >= 0) secret.versions[index] = entry;
  else secret.versions.push(entry);
  vault.secrets[key] = secret;
}

/** The value of a managed secret version: the PFX (base64) or PEM of its certificate version. */
export function managedSecretValue(context: SandboxContext, vault: VaultState, name: string, version: SecretVersion): string {
  const record = certificateRecordOf(vault, name);
  const certVersion = record?.versions.find((v) => v.version === version.version);
  if (!record || !certVersion) return '';
  materialise(context, record, certVersion);
  if (!certVersion.cer || !certVersion.keyPem) return '';
  return secretValue(version.contentType ?? certVersion.contentType, certVersion.keyPem, [certVersion.cer, ...(certVersion.chain ?? [])]);
}
