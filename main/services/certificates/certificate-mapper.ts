import type { CertificatePolicy, CertificateProperties, KeyVaultCertificateWithPolicy } from '@azure/keyvault-certificates';
import type { VaultSettings } from '../settings/settings.schema.js';
import type { CertificateItem, CertificateVersion } from './certificate.types.js';
import { summariseX509, thumbprintHex } from './certificate-x509.js';

/** Epoch ms of an optional date. */
function ms(date: Date | undefined): number | undefined {
  return date ? date.getTime() : undefined;
}

/** Adds the keys whose values are set (no `undefined` fields cross IPC). */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The listing's fields of a certificate (what `listPropertiesOfCertificates` returns: no subject, no policy). */
export function itemFromProperties(vault: VaultSettings, properties: CertificateProperties): CertificateItem {
  const name = properties.name ?? '';
  return defined<CertificateItem>({
    key: `${vault.name}/${name}`,
    vault: vault.name,
    vaultDisplayName: vault.displayName,
    customer: properties.tags?.customer ?? vault.customer,
    name,
    enabled: properties.enabled,
    version: properties.version,
    thumbprint: thumbprintHex(properties.x509Thumbprint),
    notBefore: ms(properties.notBefore),
    expiresOn: ms(properties.expiresOn),
    createdOn: ms(properties.createdOn),
    updatedOn: ms(properties.updatedOn),
    tags: properties.tags ? { ...properties.tags } : undefined,
  });
}

/** How the policy renews: AutoRenew wins over EmailContacts; with when it fires. */
export function renewalOf(policy: CertificatePolicy | undefined): Pick<CertificateItem, 'renewal' | 'renewalTrigger'> {
  const actions = policy?.lifetimeActions ?? [];
  const action = actions.find((a) => a.action === 'AutoRenew') ?? actions.find((a) => a.action === 'EmailContacts');
  if (!action) return { renewal: 'none' };
  const trigger =
    action.daysBeforeExpiry !== undefined
      ? `${action.daysBeforeExpiry} days before expiry`
      : action.lifetimePercentage !== undefined
        ? `at ${action.lifetimePercentage} % of its lifetime`
        : undefined;
  return defined({ renewal: action.action === 'AutoRenew' ? ('auto' as const) : ('email' as const), renewalTrigger: trigger });
}

/** Key type from the policy when the certificate cannot be parsed (a pending one has no cer yet). */
function policyKeyType(policy: CertificatePolicy | undefined): string | undefined {
  if (!policy?.keyType) return undefined;
  const type = policy.keyType.replace(/-HSM$/, '');
  return type === 'EC' ? `EC ${policy.keyCurveName ?? ''}`.trim() : `${type} ${policy.keySize ?? ''}`.trim();
}

/**
 * The listing item completed with what only a GET returns: the certificate's own subject, SANs,
 * issuer and key (parsed from `cer`), and the policy's issuer, content type, exportability and
 * renewal. A `cer` that does not parse leaves those fields to the policy.
 */
export function withDetails(item: CertificateItem, certificate: KeyVaultCertificateWithPolicy): CertificateItem {
  const policy = certificate.policy;
  const x509 = certificate.cer && certificate.cer.length > 0 ? tryParse(certificate.cer) : undefined;
  const contentType = policy?.contentType;
  const sans = x509?.subjectAlternativeNames ?? [...(policy?.subjectAlternativeNames?.dnsNames ?? []), ...(policy?.subjectAlternativeNames?.emails ?? []), ...(policy?.subjectAlternativeNames?.userPrincipalNames ?? [])];
  return defined<CertificateItem>({
    ...item,
    // The listing's ids carry no version; the GET names the current one.
    version: certificate.properties.version ?? item.version,
    subject: x509?.subject ?? policy?.subject,
    subjectAlternativeNames: sans.length > 0 ? sans : undefined,
    issuer: x509?.issuer,
    issuerName: policy?.issuerName,
    keyType: x509?.keyType ?? policyKeyType(policy),
    thumbprint: item.thumbprint ?? x509?.thumbprint,
    contentType: contentType === 'application/x-pkcs12' || contentType === 'application/x-pem-file' ? contentType : undefined,
    exportable: policy?.exportable,
    // No certificate bytes yet: the first version is still being issued (or waits for a CSR merge).
    pending: x509 || (certificate.cer && certificate.cer.length > 0) ? undefined : true,
    ...renewalOf(policy),
  });
}

function tryParse(der: Uint8Array) {
  try {
    return summariseX509(der);
  } catch {
    return undefined;
  }
}

/** One version's metadata. */
export function versionFromProperties(properties: CertificateProperties): CertificateVersion {
  return defined<CertificateVersion>({
    version: properties.version ?? '',
    enabled: properties.enabled,
    thumbprint: thumbprintHex(properties.x509Thumbprint),
    notBefore: ms(properties.notBefore),
    expiresOn: ms(properties.expiresOn),
    createdOn: ms(properties.createdOn),
    updatedOn: ms(properties.updatedOn),
  });
}
