import { KeyVaultError } from './vault-errors.js';

/**
 * API versions the sandbox serves: every `serviceVersion` @azure/keyvault-secrets 4.x can send
 * (7.0 … 7.6, 7.6-preview.2 as in the recordings, 2025-07-01, and 4.12's default 2026-04-01), plus
 * 2016-10-01, which the real service still accepts and older REST samples use.
 */
export const SUPPORTED_API_VERSIONS: readonly string[] = [
  '2016-10-01',
  '7.0',
  '7.1',
  '7.2',
  '7.3',
  '7.4',
  '7.5',
  '7.6-preview.2',
  '7.6',
  '2025-07-01',
  '2026-04-01',
];

/** The newest version, named in the error for an unknown one. */
export const LATEST_API_VERSION = '2026-04-01';

/**
 * Reads `api-version` from the decoded query (the SDK writes the name as `api%2Dversion`, which
 * URLSearchParams decodes). Unknown or missing gives Key Vault's 400 (third-party capture,
 * Azure/azure-sdk-for-python#28595: "The specified version (7.3) is not recognized. Consider using
 * the latest supported version (7.1)."); the missing case reuses that text with an empty version.
 */
export function readApiVersion(url: URL): string {
  const version = url.searchParams.get('api-version') ?? '';
  if (!SUPPORTED_API_VERSIONS.includes(version)) {
    throw new KeyVaultError(
      400,
      'BadParameter',
      `The specified version (${version}) is not recognized. Consider using the latest supported version (${LATEST_API_VERSION}).`,
    );
  }
  return version;
}
