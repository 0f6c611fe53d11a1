import { classifyEndpoint, KIND_WORDS, type EndpointCloud, type EndpointKind, type EndpointPolicy } from '../security/trusted-endpoints.js';
import { AppError } from './errors.js';

/**
 * Throws `UntrustedEndpointError` unless `value` may receive a token of `kind`. Called right before
 * a client that attaches tokens is built (MSAL, the Graph client, the Key Vault SecretClient), so a
 * host that slipped past the settings check still never sees a token.
 */
export function assertTrustedEndpoint(kind: EndpointKind, value: string, policy: EndpointPolicy): EndpointCloud {
  const verdict = classifyEndpoint(kind, value, policy);
  if (!verdict.ok) throw new UntrustedEndpointError([`${KIND_WORDS[kind]} "${value}" ${verdict.reason}`]);
  return verdict.cloud;
}

/** Thrown when an endpoint may not receive tokens; `problems` name each endpoint and why. */
export class UntrustedEndpointError extends AppError {
  constructor(
    readonly problems: string[],
    where = 'the settings',
  ) {
    super(
      'settings-invalid',
      `JIT Vault will not send sign-in tokens to ${problems.length === 1 ? 'an endpoint' : 'endpoints'} in ${where}: ${problems.join('; ')}. ` +
        'Use the Microsoft cloud addresses your tenant lives in, or ask your IT administrator.',
    );
    this.name = 'UntrustedEndpointError';
  }
}

