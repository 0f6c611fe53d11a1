import type { TokenCredential } from '@azure/core-auth';
import { SecretClient, type SecretClientOptions } from '@azure/keyvault-secrets';
import { isLoopbackUrl } from '../../security/loopback.js';

type PipelinePolicy = NonNullable<SecretClientOptions['additionalPolicies']>[number]['policy'];

/**
 * Response header our policy adds to Key Vault error responses, carrying the body's
 * `error.innererror.code` (ForbiddenByRbac / ForbiddenByFirewall / ForbiddenByPolicy / SecretDisabled).
 */
export const INNER_ERROR_CODE_HEADER = 'x-jit-vault-kv-inner-code';

/**
 * Why: for paged operations (listing secrets and versions) SDK 4.12 throws
 * `RestError("Pagination failed with unexpected statusCode 403")` built from the already-parsed
 * body, and that error keeps neither `details` nor the body text — only `code: "Forbidden"` and the
 * response headers. Firewall, RBAC and access-policy denials would then be indistinguishable in
 * the catalog. Copying the inner code into a response header survives into `error.response.headers`.
 */
const innerErrorCodePolicy: PipelinePolicy = {
  name: 'jitVaultInnerErrorCode',
  async sendRequest(request, next) {
    const response = await next(request);
    if (response.status >= 400 && response.bodyAsText) {
      try {
        const error = (JSON.parse(response.bodyAsText) as { error?: { innererror?: { code?: unknown }; innerError?: { code?: unknown } } }).error;
        const inner = error?.innererror?.code ?? error?.innerError?.code;
        if (typeof inner === 'string' && /^[A-Za-z]{1,64}$/.test(inner)) response.headers.set(INNER_ERROR_CODE_HEADER, inner);
      } catch {
        // Not JSON (a proxy's HTML page): nothing to copy.
      }
    }
    return response;
  },
};

/** Client options VaultService may tune (tests inject a transport and short retry delays). */
export type SecretClientTuning = Pick<SecretClientOptions, 'httpClient' | 'retryOptions' | 'serviceVersion' | 'additionalPolicies'>;

/**
 * The SecretClient options for one vault. `disableChallengeResourceVerification` is set ONLY for
 * loopback sandbox vaults: the sandbox's challenge names `https://vault.azure.net` while the
 * request goes to `localhost`, which the SDK's check (request host must end with
 * `.vault.azure.net`) rejects. For a real vault that check is what stops a spoofed or mistyped
 * vault URL from receiving a Key Vault token, so it always stays on
 * (DESIGN.md "Decisions": "disableChallengeResourceVerification is only ever set for loopback
 * vault URLs"; https://aka.ms/azsdk/blog/vault-uri).
 */
export function secretClientOptionsFor(vaultUrl: string, tuning: SecretClientTuning = {}): SecretClientOptions {
  // Spread first so no tuning object can smuggle the flag in for a real host.
  const options: SecretClientOptions = { ...tuning, additionalPolicies: [...(tuning.additionalPolicies ?? []), { policy: innerErrorCodePolicy, position: 'perRetry' }] };
  delete (options as { disableChallengeResourceVerification?: boolean }).disableChallengeResourceVerification;
  if (isLoopbackUrl(vaultUrl)) options.disableChallengeResourceVerification = true;
  return options;
}

/** Builds the SecretClient for one vault with the options above. */
export function createSecretClient(vaultUrl: string, credential: TokenCredential, tuning: SecretClientTuning = {}): SecretClient {
  return new SecretClient(vaultUrl, credential, secretClientOptionsFor(vaultUrl, tuning));
}
