/**
 * Key Vault's error bodies (`KeyVaultError`: `{"error":{"code","message","innererror":{"code"}}}`).
 * Texts marked "recording" are verbatim from Azure/azure-sdk-assets js keyvault-secrets recordings;
 * the others follow third-party captures cited beside them, or are marked unverified.
 */
export class KeyVaultError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly innerCode?: string,
    /** Extra response headers (WWW-Authenticate on 401, Retry-After on 429). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'KeyVaultError';
  }

  /** The wire body; the inner key is lower-case `innererror`, as the service sends it. */
  body(): { error: { code: string; message: string; innererror?: { code: string } } } {
    return { error: { code: this.code, message: this.message, ...(this.innerCode ? { innererror: { code: this.innerCode } } : {}) } };
  }
}

/** Constructors for the errors the secrets data plane returns. */
export const vaultErrors = {
  /** recording: GET/DELETE/backup/recover of a missing secret. `name` may be `name/version`. */
  secretNotFound: (name: string) =>
    new KeyVaultError(
      404,
      'SecretNotFound',
      `A secret with (name/id) ${name} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182`,
    ),
  /** recording: GET /deletedsecrets/{name} while missing or while the delete is still propagating. */
  deletedSecretNotFound: (name: string) => new KeyVaultError(404, 'SecretNotFound', `Deleted Secret not found: ${name}`),
  /** recording `recording_cant_get_a_disabled_secret.json`. */
  secretDisabled: () => new KeyVaultError(403, 'Forbidden', 'Operation get is not allowed on a disabled secret.', 'SecretDisabled'),
  /** 3rd-party capture (ironmansoftware/powershell-universal#1990) + .NET SDK sample. */
  deletedButRecoverable: (name: string) =>
    new KeyVaultError(
      409,
      'Conflict',
      `Secret ${name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.`,
      'ObjectIsDeletedButRecoverable',
    ),
  /** 3rd-party capture (microsoft/AzureTRE#2824). */
  beingRecovered: (name: string) =>
    new KeyVaultError(409, 'Conflict', `Secret ${name} is currently being recovered and cannot be re-created; retry later.`, 'ObjectIsBeingRecovered'),
  /** Inner code from the .NET SDK sample; the message text is unverified (modelled on ObjectIsBeingRecovered). */
  beingDeleted: (name: string) => new KeyVaultError(409, 'Conflict', `Secret ${name} is currently being deleted and cannot be re-created; retry later.`, 'ObjectIsBeingDeleted'),
  /**
   * recording `recording_can_restore_a_secret.json`: restore while the name is in use. `secretId` is the
   * backed-up secret's id with its version, on this vault's origin. No innererror.
   */
  restoreConflict: (secretId: string) =>
    new KeyVaultError(
      409,
      'Conflict',
      `There was a conflict restoring the secret '${secretId}'. This can happen if either: a second secret with the same name was created after the first secret was deleted; thus trying to restore a secret whose name is already in use. To fix this, rename the second secret to something else so that the restore works. The second probable cause of this exception is when multiple operations are performed in parallel against the secret. To avoid this error, perform operations against a secret in a sequential manner.`,
    ),
  /** recording: `PUT /secrets/` (empty name). */
  methodNotAllowed: (method: string) => new KeyVaultError(405, 'MethodNotAllowed', `HTTP ${method} not allowed`),
  /** recording: the code really contains spaces. */
  malformedBackup: () => new KeyVaultError(400, 'Malformed backup blob', 'Backup blob contains invalid or corrupt version.'),
  /** Invalid input; Key Vault uses `BadParameter` for every request-validation failure. */
  badParameter: (message: string) => new KeyVaultError(400, 'BadParameter', message),
  /** 3rd-party capture (Terraform log): purge on a purge-protected vault. */
  purgeProtected: (vault: string, location: string) =>
    new KeyVaultError(
      403,
      'Forbidden',
      `Operation "purge" is not allowed because purge protection is enabled for this vault. Key Vault service will automatically purge it after the retention period has passed. Vault: ${vault};location=${location}`,
    ),
  /** 3rd-party capture (vcsjones/AzureSignTool#219). */
  throttled: (headers: Record<string, string>) =>
    new KeyVaultError(
      429,
      'Throttled',
      'Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached',
      undefined,
      headers,
    ),
  /** Keys data plane 404 (same template as SecretNotFound; the key text is unverified). */
  keyNotFound: (name: string) =>
    new KeyVaultError(
      404,
      'KeyNotFound',
      `A key with (name/id) ${name} was not found in this key vault. If you recently deleted this key you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182`,
    ),
  /** A path no operation serves (the text is the sandbox's own). */
  routeNotFound: () => new KeyVaultError(404, 'NotFound', 'The requested resource was not found.'),
};
