import type { AppErrorCode } from '../errors.js';
import type { CertificateCatalogDto, CertificateItemDto, CertificateVaultDto, CertificateVersionDto } from '../../../shared/domain/certificates.js';

/**
 * The certificate service's types: the shared DTOs are the one declaration (as the vault catalog
 * does). Metadata only — no type here can hold a private key or a PFX.
 */

/** One certificate (current version) in the catalog. */
export type CertificateItem = CertificateItemDto;
/** One version of a certificate. */
export type CertificateVersion = CertificateVersionDto;
/** One vault's certificate listing state. */
export type CertificateVaultListing = CertificateVaultDto;
/** Everything listed, across vaults. */
export type CertificateCatalog = CertificateCatalogDto;

/** A certificate addressed by vault and name. */
export interface CertificateRef {
  vault: string;
  name: string;
}

/** What the service announces: a vault's certificates changed (listed, failed, renewed, deleted). */
export type CertificateEvents = {
  changed: { vault: string; listing: CertificateVaultListing['listing']; error?: { code: AppErrorCode; message: string } };
};
