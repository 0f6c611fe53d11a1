import { KeyVaultError } from '../vault-errors.js';

/** Errors of the certificates data plane. Sources beside each; texts marked unverified are the sandbox's own. */
export const certificateErrors = {
  /** recordings (azure-sdk-assets keyvault-certificates, 2023+). */
  notFound: (name: string) =>
    new KeyVaultError(
      404,
      'CertificateNotFound',
      `A certificate with (name/id) ${name} was not found in this key vault. If you recently deleted this certificate you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182`,
    ),
  /** recording: GET /deletedcertificates/{name} while missing or still propagating. */
  deletedNotFound: (name: string) => new KeyVaultError(404, 'CertificateNotFound', `Deleted Certificate not found: ${name}`),
  /** recording `recording_can_read_cancel_and_delete_a_certificates_operation.json` (2026). */
  pendingNotFound: (name: string) => new KeyVaultError(404, 'PendingCertificateNotFound', `Pending Certificate not found: ${name}`),
  /** Captured in azure-cli's keyvault tests (allowed_exceptions of `certificate pending merge`). */
  mergeKeyMismatch: () => new KeyVaultError(400, 'BadParameter', "Public key from x509 certificate and key of this instance doesn't match"),
  /** learn.microsoft.com Key Vault certificates FAQ (verbatim). */
  badPem: () =>
    new KeyVaultError(400, 'BadParameter', 'The specified PEM X.509 certificate content is in an unexpected format. Please check if certificate is in valid PEM format.'),
  /** Modelled on the PEM message (unverified). */
  badPfx: () =>
    new KeyVaultError(400, 'BadParameter', 'The specified PKCS#12 X.509 certificate content is in an unexpected format. Please check if certificate is in valid PKCS#12 format.'),
  /** The Windows crypto text Key Vault surfaces for a wrong PFX password (third-party reports; unverified as a capture). */
  wrongPassword: () => new KeyVaultError(400, 'BadParameter', 'The specified network password is not correct.'),
  /** Unverified text; the FAQ says expired certificates cannot be imported. */
  expiredImport: () => new KeyVaultError(400, 'BadParameter', 'The certificate has expired and cannot be imported.'),
  /** Unverified text. */
  noPrivateKey: () => new KeyVaultError(400, 'BadParameter', 'Private key is not specified in the specified X.509 PEM.'),
  /** Modelled on the PEM one (unverified): a PFX that holds certificates but no key. */
  noPrivateKeyInPfx: () => new KeyVaultError(400, 'BadParameter', 'Private key is not specified in the specified PKCS#12 X.509 certificate.'),
  /** Unverified text: a second create while one is in progress. */
  operationInProgress: (name: string) =>
    new KeyVaultError(409, 'Conflict', `There is already a pending operation for certificate ${name}. Cancel or delete it before starting a new one.`),
  /** Unverified text: merge without an Unknown-issuer pending request. */
  nothingToMerge: (name: string) => new KeyVaultError(403, 'Forbidden', `Certificate ${name} has no pending request that can be merged.`, 'OperationNotAllowed'),
  /** Same template as secrets (3rd-party capture). */
  deletedButRecoverable: (name: string) =>
    new KeyVaultError(
      409,
      'Conflict',
      `Certificate ${name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the certificate can only be recovered or purged.`,
      'ObjectIsDeletedButRecoverable',
    ),
  beingDeleted: (name: string) => new KeyVaultError(409, 'Conflict', `Certificate ${name} is currently being deleted and cannot be re-created; retry later.`, 'ObjectIsBeingDeleted'),
  beingRecovered: (name: string) =>
    new KeyVaultError(409, 'Conflict', `Certificate ${name} is currently being recovered and cannot be re-created; retry later.`, 'ObjectIsBeingRecovered'),
  /** Unverified text. */
  issuerNotFound: (name: string) => new KeyVaultError(404, 'CertificateIssuerNotFound', `Issuer not found: ${name}`),
  /** Unverified text. */
  contactsNotFound: () => new KeyVaultError(404, 'ContactsNotFound', 'Contacts not found'),
  /** Unverified text: a managed secret is changed only through its certificate. */
  managedSecret: (name: string) =>
    new KeyVaultError(403, 'Forbidden', `Secret ${name} is managed by a certificate; change it through the certificate ${name}.`, 'ManagedObjectOperationNotAllowed'),
};
