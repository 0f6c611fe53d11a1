import { randomUUID } from 'node:crypto';
import { corsResponseHeaders } from '../http/cors.js';
import type { RequestContext } from '../http/router.js';

/**
 * Entra ID (AADSTS) errors in the shape the real STS sends them. Texts follow Microsoft's error
 * reference (learn.microsoft.com/entra/identity-platform/reference-error-codes) and wire captures
 * in public issues; each factory names its code so tests can assert on it.
 */
export class EntraError extends Error {
  constructor(
    /** OAuth `error` value (invalid_grant, invalid_request, ...). */
    readonly error: string,
    /** AADSTS number, e.g. 50126. */
    readonly code: number,
    /** Text after "AADSTSnnnnn: ". */
    readonly text: string,
    readonly options: { status?: number; suberror?: string; claims?: string } = {},
  ) {
    super(`AADSTS${code}: ${text}`);
    this.name = 'EntraError';
  }

  get status(): number {
    return this.options.status ?? 400;
  }
}

/** Factories for the errors the sandbox emits (one place for codes and texts). */
export const entraErrors = {
  missingParameter: (name: string) =>
    new EntraError('invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`),
  invalidParameter: (name: string) => new EntraError('invalid_request', 90100, `The '${name}' parameter is empty or not valid.`),
  tenantNotFound: (tenant: string) =>
    new EntraError(
      'invalid_tenant',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    ),
  unknownClient: (clientId: string, directory: string) =>
    new EntraError(
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${directory}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    ),
  publicClientWithSecret: () =>
    new EntraError('invalid_client', 700025, "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.", { status: 401 }),
  unsupportedGrantType: (grantType: string) =>
    new EntraError('unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`),
  wrongMethod: (method: string) =>
    new EntraError('invalid_request', 900561, `The endpoint only accepts POST, OPTIONS requests. Received a ${method} request.`),
  /** Captures in MicrosoftDocs/azure-docs#100859 and msal-js#5196: a browser (Origin header) redeeming for a non-SPA registration. */
  crossOriginRedemption: (origin: string) =>
    new EntraError('invalid_request', 9002326, `Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type. Request origin: '${origin}'.`),
  bodyTooLarge: () => new EntraError('invalid_request', 90004, 'The request is not properly formatted: the request body is too large.', { status: 413 }),
  /** ROPC (and other non-interactive grants) need a tenant: Entra refuses them on /common. */
  grantNotOnCommon: () =>
    new EntraError(
      'invalid_request',
      9001023,
      'The grant type is not supported over the /common or /consumers endpoints. Please use the /organizations or tenant-specific endpoint.',
    ),
  badCredentials: () => new EntraError('invalid_grant', 50126, 'Error validating credentials due to invalid username or password.'),
  userNotFound: (tenantId: string) =>
    new EntraError(
      'invalid_grant',
      50034,
      `The user account {EmailHidden} does not exist in the '${tenantId}' directory. To sign into this application, the account must be added to the directory.`,
    ),
  userNotInTenant: (tenantId: string, clientId: string, identityProvider: string) =>
    new EntraError(
      'invalid_grant',
      50020,
      `User account '{EmailHidden}' from identity provider '${identityProvider}' does not exist in tenant '${tenantId}' and cannot access the application '${clientId}' in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Azure Active Directory user account.`,
    ),
  invalidCode: () => new EntraError('invalid_grant', 70000, "The provided value for the 'code' parameter is not valid."),
  codeExpired: () =>
    new EntraError(
      'invalid_grant',
      70008,
      'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
    ),
  codeRedeemed: () =>
    new EntraError('invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.'),
  codeWrongTenant: () =>
    new EntraError(
      'invalid_grant',
      700005,
      'Provided Authorization Code is intended to use against other tenant, thus rejected.',
    ),
  redirectMismatchAtToken: (redirectUri: string) =>
    new EntraError('invalid_grant', 50011, `The redirect URI '${redirectUri}' specified in the request does not match the redirect URI used to obtain the authorization code.`),
  pkceMismatch: () =>
    new EntraError('invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.'),
  malformedGrant: () => new EntraError('invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.', { suberror: 'bad_token' }),
  refreshTokenClientMismatch: () =>
    new EntraError('invalid_grant', 70000, "The provided value for the 'refresh_token' parameter is not valid.", { suberror: 'client_mismatch' }),
  refreshTokenExpired: (issued: string, inactiveFor: string) =>
    new EntraError(
      'invalid_grant',
      700082,
      `The refresh token has expired due to inactivity. The token was issued on ${issued} and was inactive for ${inactiveFor}.`,
      { suberror: 'bad_token' },
    ),
  refreshTokenRevoked: (issued: string, validFrom: string) =>
    new EntraError(
      'invalid_grant',
      50173,
      `The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '${issued}' and the TokensValidFrom date (before which tokens are not valid) for this user is '${validFrom}'.`,
      { suberror: 'bad_token' },
    ),
  emptyScopeAtCodeRedemption: () =>
    new EntraError(
      'invalid_scope',
      28003,
      'Provided value for the input parameter scope cannot be empty when requesting an access token using the provided authorization code. Please specify a valid scope.',
    ),
  multipleResources: (scope: string) =>
    new EntraError('invalid_scope', 28000, `Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${scope} is not valid.`),
  invalidScope: (scope: string, why = 'does not exist') =>
    new EntraError('invalid_scope', 70011, `The provided value for the input parameter 'scope' is not valid. The scope '${scope}' ${why}.`),
  resourceNotFound: (resource: string, tenantName: string) =>
    new EntraError(
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenantName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    ),
  consentRequired: (clientId: string, appName: string) =>
    new EntraError(
      'invalid_grant',
      65001,
      `The user or administrator has not consented to use the application with ID '${clientId}' named '${appName}'. Send an interactive authorization request for this user and resource.`,
      { suberror: 'consent_required' },
    ),
  mfaRequired: (resource: string, claims: string) =>
    new EntraError(
      'interaction_required',
      50076,
      `Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '${resource}'.`,
      { suberror: 'basic_action', claims },
    ),
  authorizationPending: () => new EntraError('authorization_pending', 70016, 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.'),
  deviceCodeExpired: () =>
    new EntraError('expired_token', 70020, "The provided value for the input parameter 'device_code' is not valid. This device code has expired."),
  deviceCodeDeclined: () => new EntraError('authorization_declined', 65004, 'User declined to consent to access the app.'),
  badVerificationCode: () =>
    new EntraError('bad_verification_code', 70018, "The provided value for the input parameter 'device_code' is not valid."),
  deviceCodeRedeemed: () => new EntraError('invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.'),
  invalidRedirectUri: (redirectUri: string, clientId: string) =>
    new EntraError(
      'invalid_request',
      50011,
      `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.`,
    ),
  noReplyAddress: () => new EntraError('invalid_request', 900971, 'No reply address provided.'),
  unsupportedResponseType: (responseType: string) =>
    new EntraError('unsupported_response_type', 700051, `response_type '${responseType}' is not enabled for the application.`),
  unsupportedResponseMode: (mode: string) =>
    new EntraError('invalid_request', 70007, `The app returned an unsupported value '${mode}' of response_mode. Supported values are query, fragment and form_post.`),
  invalidCodeChallenge: () => new EntraError('invalid_request', 501491, 'Invalid size of Code_Challenge parameter.'),
  loginRequired: () =>
    new EntraError(
      'login_required',
      50058,
      'A silent sign-in request was sent but no user is signed in. The cookies used to represent the user\'s session were not sent in the request to Azure AD.',
    ),
  mfaDenied: () => new EntraError('access_denied', 500121, 'Authentication failed during strong authentication request.'),
  flowExpired: () => new EntraError('invalid_request', 50089, 'Authentication failed due to flow token expired.'),
  unknownInstance: () => new EntraError('invalid_instance', 50049, 'Unknown or invalid instance.'),
};

/** Entra's timestamp format: "2016-01-09 02:02:12Z". */
export function entraTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}

/** The JSON body of an Entra error, with trace and correlation ids. */
export function entraErrorBody(error: EntraError, nowMs: number, origin: string, correlationId: string = randomUUID()): Record<string, unknown> {
  const timestamp = entraTimestamp(nowMs);
  const traceId = randomUUID();
  return {
    error: error.error,
    error_description: `${error.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [error.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${origin}/error?code=${error.code}`,
    ...(error.options.suberror ? { suberror: error.options.suberror } : {}),
    ...(error.options.claims ? { claims: error.options.claims } : {}),
  };
}

/** The correlation id a client sent (MSAL: `client-request-id` header or query), else a new one. */
export function correlationIdOf(ctx: RequestContext, body?: URLSearchParams): string {
  const header = ctx.req.headers['client-request-id'];
  const candidate = (typeof header === 'string' ? header : undefined) ?? ctx.url.searchParams.get('client-request-id') ?? body?.get('client-request-id') ?? '';
  return /^[0-9a-fA-F-]{36}$/.test(candidate) ? candidate.toLowerCase() : randomUUID();
}

/** Headers Entra's JSON endpoints send (no caching of token responses). */
export const ENTRA_JSON_HEADERS: Record<string, string> = {
  'cache-control': 'no-store, no-cache',
  pragma: 'no-cache',
  expires: '-1',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
};

/** Sends an Entra error as JSON (token, devicecode and discovery endpoints). */
export function sendEntraError(ctx: RequestContext, error: EntraError, nowMs: number, correlationId?: string): void {
  const body = entraErrorBody(error, nowMs, ctx.url.origin, correlationId);
  // A browser caller reads the error (MSAL.js shows AADSTS9002326's text), so cross-origin errors are readable.
  ctx.json(error.status, body, { ...ENTRA_JSON_HEADERS, 'x-ms-request-id': String(body.trace_id), 'client-request-id': String(body.correlation_id), ...corsResponseHeaders(ctx) });
}
