/** Importing a certificate with its private key (issue 14): what the renderer sees of it. Never the file's bytes, folder or password. */

/**
 * A file chosen for import, held in main (never sent here: neither its bytes nor its folder). `fileId`
 * names it for `cert:import`; it is dropped after the import or after a few minutes.
 */
export interface CertificateImportFileDto {
  fileId: string;
  /** The file's name, without its folder. */
  fileName: string;
  sizeBytes: number;
  /** `pem` when the file is PEM text; anything else is sent to Key Vault as PKCS#12 (PFX). */
  format: 'pfx' | 'pem';
  /** PEM only: how many certificates, and whether (and how) a private key is there. */
  pem?: { certificates: number; privateKey: 'none' | 'plain' | 'encrypted'; keyFormat?: 'pkcs8' | 'legacy' };
  /** A certificate name derived from the file name (letters, digits and dashes). */
  suggestedName: string;
  /** When main forgets the file (epoch ms). */
  heldUntil: number;
}

/** The certificate version an import created. */
export interface CertificateImportedDto {
  vault: string;
  name: string;
  version?: string;
  thumbprint?: string;
  subject?: string;
  expiresOn?: number;
  /** The import added a version to a certificate that already existed. */
  newVersionOfExisting: boolean;
}
