import type { CertificateCatalogDto, CertificateContactDto, CertificateSaveDto, CertificateItemDto, CertificateVaultDto, CertificateVersionDto } from '../../shared/domain/certificates.js';
import type { SaveResult } from '../services/certificates/certificate-export.js';
import type { CertificateTemplate } from '../services/certificates/certificate-template.js';
import type { CertificateCatalog, CertificateItem, CertificateVaultListing, CertificateVersion } from '../services/certificates/certificate.types.js';

/**
 * Certificate service types → the shared DTOs, naming every field (as dto-mappers.ts does for
 * secrets), so a field added to a service type never reaches the renderer by accident.
 */

function optional<T extends object, K extends keyof T>(source: T, keys: readonly K[]): { [P in K]?: T[P] } {
  const out: { [P in K]?: T[P] } = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

export function toCertificateItemDto(item: CertificateItem): CertificateItemDto {
  return {
    key: item.key,
    vault: item.vault,
    name: item.name,
    ...optional(item, [
      'vaultDisplayName',
      'customer',
      'enabled',
      'version',
      'thumbprint',
      'subject',
      'issuer',
      'issuerName',
      'keyType',
      'contentType',
      'exportable',
      'notBefore',
      'expiresOn',
      'createdOn',
      'updatedOn',
      'renewal',
      'renewalTrigger',
      'pending',
    ]),
    ...(item.subjectAlternativeNames ? { subjectAlternativeNames: [...item.subjectAlternativeNames] } : {}),
    ...(item.tags ? { tags: { ...item.tags } } : {}),
    ...(item.detailsError ? { detailsError: { code: item.detailsError.code, message: item.detailsError.message } } : {}),
  };
}

export function toCertificateVaultDto(listing: CertificateVaultListing): CertificateVaultDto {
  return {
    vault: listing.vault,
    listing: listing.listing,
    count: listing.count,
    ...optional(listing, ['listedAt', 'retryAt']),
    ...(listing.error ? { error: { code: listing.error.code, message: listing.error.message } } : {}),
  };
}

export function toCertificateCatalogDto(catalog: CertificateCatalog): CertificateCatalogDto {
  return { items: catalog.items.map(toCertificateItemDto), vaults: catalog.vaults.map(toCertificateVaultDto) };
}

export function toCertificateVersionDto(version: CertificateVersion): CertificateVersionDto {
  return { version: version.version, ...optional(version, ['enabled', 'thumbprint', 'notBefore', 'expiresOn', 'createdOn', 'updatedOn']) };
}

export function toCertificateSaveDto(result: SaveResult): CertificateSaveDto {
  return result.saved ? { saved: true, fileName: result.fileName } : { saved: false };
}

/** The parsed `cert:create` template (zod leaves absent options as `undefined`) → the service's template, options omitted when unset. */
export function toCertificateTemplate(input: Omit<CertificateTemplate, 'keySize' | 'curve'> & { keySize?: CertificateTemplate['keySize'] | undefined; curve?: CertificateTemplate['curve'] | undefined }): CertificateTemplate {
  const { keySize, curve, ...rest } = input;
  return { ...rest, ...(keySize !== undefined ? { keySize } : {}), ...(curve !== undefined ? { curve } : {}) };
}

/** A parsed contact → the service's contact, empty options omitted. */
export function toCertificateContact(input: { email: string; name?: string | undefined; phone?: string | undefined }): CertificateContactDto {
  return { email: input.email, ...(input.name ? { name: input.name } : {}), ...(input.phone ? { phone: input.phone } : {}) };
}
