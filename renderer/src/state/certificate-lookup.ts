import type { CertificateItemDto } from '../../../shared/domain/certificates.js';
import type { CatalogItemDto } from '../../../shared/domain/types.js';

/**
 * Which items the quick lookup searches: secrets (the default: Enter copies, as it always did) or
 * certificates (Enter opens the certificate and offers its public parts).
 */
export type LookupKind = 'secrets' | 'certificates';

/**
 * A certificate as a row of the quick lookup: the catalog item shape the list, the index and the
 * keyboard model already know, plus the certificate's metadata. Its key has its own prefix — a
 * certificate and its addressable secret share a name in Key Vault. Never locked: its public parts
 * need no activation (the PFX does; the access window asks for it there).
 */
export interface CertificateLookupItem extends CatalogItemDto {
  kind: 'certificate';
  certificate: CertificateItemDto;
  /** Subject, SANs, issuer, thumbprint and key type: found by any of them. */
  searchText: string;
}

/** Whether a quick lookup row is a certificate. */
export function isCertificateItem(item: CatalogItemDto | undefined): item is CertificateLookupItem {
  return (item as Partial<CertificateLookupItem> | undefined)?.kind === 'certificate';
}

/** The quick lookup row of one certificate (metadata only, as listed by main). */
export function toCertificateLookupItem(certificate: CertificateItemDto): CertificateLookupItem {
  const searchText = [certificate.subject, ...(certificate.subjectAlternativeNames ?? []), certificate.issuer, certificate.issuerName, certificate.thumbprint, certificate.keyType].filter(Boolean).join(' ');
  return {
    key: `certificate:${certificate.vault}/${certificate.name.toLowerCase()}`,
    kind: 'certificate',
    certificate,
    searchText,
    vault: certificate.vault,
    ...(certificate.vaultDisplayName ? { vaultDisplayName: certificate.vaultDisplayName } : {}),
    ...(certificate.customer ? { customer: certificate.customer } : {}),
    name: certificate.name,
    locked: false,
    favourite: false,
    staleness: [],
    ...(certificate.enabled === false ? { enabled: false } : {}),
    ...(certificate.expiresOn !== undefined ? { expiresOn: certificate.expiresOn } : {}),
    ...(certificate.tags ? { tags: certificate.tags } : {}),
  };
}
