import type { TokenCredential } from '@azure/core-auth';
import { CertificateClient, type CertificateClientOptions } from '@azure/keyvault-certificates';
import type { EndpointPolicy } from '../../security/trusted-endpoints.js';
import { secretClientOptionsFor, type SecretClientTuning } from '../vault/secret-client.factory.js';

/** Client options the certificate service may tune (tests: a transport, short retries). */
export type CertificateClientTuning = Pick<CertificateClientOptions, 'httpClient' | 'retryOptions' | 'additionalPolicies'>;

/**
 * Builds the CertificateClient for one vault with exactly the secrets client's safety options:
 * the same trusted-endpoint check (throws for a host outside Microsoft's clouds, loopback only where
 * allowed), `disableChallengeResourceVerification` ONLY for an allowed loopback vault, and the same
 * pipeline policy that keeps Key Vault's inner error code for paged calls. The secrets client's
 * `serviceVersion` (a different SDK's list) is never carried over: the certificates SDK picks its own.
 */
export function createCertificateClient(vaultUrl: string, credential: TokenCredential, endpoints: EndpointPolicy, tuning: CertificateClientTuning = {}): CertificateClient {
  const { serviceVersion: _secretsOnly, ...common } = secretClientOptionsFor(vaultUrl, endpoints, tuning as SecretClientTuning);
  void _secretsOnly;
  return new CertificateClient(vaultUrl, credential, common as CertificateClientOptions);
}
