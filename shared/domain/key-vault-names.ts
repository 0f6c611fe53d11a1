/**
 * Key Vault's own naming rules, once: a vault name is 3-24 letters, digits and dashes starting with
 * a letter; a secret (or certificate) name is 1-127 letters, digits and dashes. Both compare
 * case-insensitively in Key Vault. A name that does not fit cannot be one we listed.
 */
export const VAULT_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9-]{2,23}$/;
/** See VAULT_NAME_PATTERN. */
export const SECRET_NAME_PATTERN = /^[0-9a-zA-Z-]{1,127}$/;

/** Whether `name` could be a Key Vault name. */
export function isVaultName(name: unknown): name is string {
  return typeof name === 'string' && VAULT_NAME_PATTERN.test(name);
}

/** Whether `name` could be a Key Vault secret name. */
export function isSecretName(name: unknown): name is string {
  return typeof name === 'string' && SECRET_NAME_PATTERN.test(name);
}
