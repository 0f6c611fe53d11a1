import type { ErrorCode } from './types.js';

/**
 * Certificates as the renderer sees them (issue 14). Metadata only: subject, names, issuer, dates,
 * thumbprint, key type, the policy's renewal setting. Never a private key, never a PFX.
 */

/** How the certificate's policy renews it: `auto` (Key Vault issues a new version), `email` (contacts are warned), or neither. */
export type CertificateRenewal = 'auto' | 'email' | 'none';

/** One certificate (its current version) in a configured vault. */
export interface CertificateItemDto {
  /** `vault/name`, unique across vaults. */
  key: string;
  vault: string;
  vaultDisplayName?: string;
  customer?: string;
  name: string;
  enabled?: boolean;
  /** Current version id. */
  version?: string;
  /** SHA-1 thumbprint, upper-case hex without separators (as Windows shows it). */
  thumbprint?: string;
  /** The certificate's subject DN, e.g. `CN=*.contoso.example, O=Contoso Ltd`. */
  subject?: string;
  /** Subject alternative names: DNS names, e-mail addresses, UPNs (`DNS:`/`email:` prefixes dropped). */
  subjectAlternativeNames?: string[];
  /** The issuing CA's DN as written in the certificate. */
  issuer?: string;
  /** The policy's issuer: `Self`, `Unknown` (CSR merged by hand) or a configured issuer's name. */
  issuerName?: string;
  /** `RSA 2048`, `EC P-256`, … */
  keyType?: string;
  /** The policy's content type of the addressable secret: PKCS#12 or PEM. */
  contentType?: 'application/x-pkcs12' | 'application/x-pem-file';
  /** Whether the private key may be exported (a PFX can be saved at all). */
  exportable?: boolean;
  notBefore?: number;
  expiresOn?: number;
  createdOn?: number;
  updatedOn?: number;
  renewal?: CertificateRenewal;
  /** When the policy's lifetime action fires: `30 days before expiry` / `at 80 % of its lifetime`. */
  renewalTrigger?: string;
  /** A create/renew operation is pending (e.g. a CSR waiting to be merged). */
  pending?: boolean;
  tags?: Record<string, string>;
  /** Details (subject, SANs, policy) could not be read: the reason; the listing fields still show. */
  detailsError?: { code: ErrorCode; message: string };
}

/** One version of a certificate (newest first when listed). */
export interface CertificateVersionDto {
  version: string;
  enabled?: boolean;
  thumbprint?: string;
  notBefore?: number;
  expiresOn?: number;
  createdOn?: number;
  updatedOn?: number;
}

/** The certificate listing of one configured vault. */
export interface CertificateVaultDto {
  vault: string;
  listing: 'idle' | 'listing' | 'listed' | 'failed';
  count: number;
  listedAt?: number;
  error?: { code: ErrorCode; message: string };
}

/** Every certificate across the configured vaults, with each vault's listing state. */
export interface CertificateCatalogDto {
  items: CertificateItemDto[];
  vaults: CertificateVaultDto[];
}

/** Where a save ended: the file's name (never its folder), or cancelled in the dialog. */
export type CertificateSaveDto = { saved: true; fileName: string } | { saved: false };

/** A certificate's create/renew operation as the officer follows it. */
export interface CertificateOperationDto {
  vault: string;
  name: string;
  /** Key Vault's status: `inProgress`, `completed`, `cancelled`, `failed` (or none pending). */
  status: 'inProgress' | 'completed' | 'cancelled' | 'failed' | 'none';
  statusDetails?: string;
  issuerName?: string;
  /** The CSR to have signed (issuer `Unknown`), PEM. Public: it holds no key. */
  csrPem?: string;
  /** Why it failed (Key Vault's words). */
  error?: string;
}

/** A soft-deleted certificate that can still be recovered. */
export interface DeletedCertificateDto {
  vault: string;
  name: string;
  deletedOn?: number;
  scheduledPurgeOn?: number;
}
