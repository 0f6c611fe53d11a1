import { randomUUID } from 'node:crypto';
import { verifyPkce } from './authorization-codes.js';
import { challengeClaims, isSatisfiedBy, parseClaimsRequest, type ClaimsRequest } from './claims-request.js';
import { lookupUsername, principalForHomeIdentity, type TenantSegment } from './directory.js';
import type { EntraServices } from './entra-services.js';
import { entraErrors } from './errors.js';
import { param, requiredParam } from './form-body.js';
import type { EntraRefreshGrant } from './refresh-tokens.js';
import { redeemRefreshToken } from './refresh-tokens.js';
import { parseScopes, singleResource, type ParsedScopes, type ResourceScopes } from './scopes.js';
import { issueTokenResponse, type Authentication } from './token-issuer.js';

/**
 * The grant types of `/{tenant}/oauth2/v2.0/token`. Each validates its parameters with Entra's
 * errors, then hands one authentication and one resource to the token issuer.
 */

/** A token request's common parts, already checked by the endpoint. */
export interface GrantInput {
  services: EntraServices;
  segment: TenantSegment;
  clientId: string;
  form: URLSearchParams;
}

/** grant_type=authorization_code: single use, bound to client, redirect URI, tenant and PKCE. */
export async function authorizationCodeGrant({ services, segment, clientId, form }: GrantInput): Promise<Record<string, unknown>> {
  const code = requiredParam(form, 'code');
  const redirectUri = requiredParam(form, 'redirect_uri');
  const scope = param(form, 'scope');
  if (!scope) throw entraErrors.emptyScopeAtCodeRedemption();
  const record = services.codes.redeem(code);
  if (record.clientId.toLowerCase() !== clientId.toLowerCase()) throw entraErrors.invalidCode();
  if (segment.kind === 'tenant' && segment.tenant.id !== record.tenantId) throw entraErrors.codeWrongTenant();
  if (redirectUri !== record.redirectUri) throw entraErrors.redirectMismatchAtToken(redirectUri);
  const verifier = requiredParam(form, 'code_verifier');
  if (!verifyPkce(record, verifier)) throw entraErrors.pkceMismatch();
  const { parsed, resource } = tokenScopes(scope, record.auth, clientId);
  const claims = mergeClaims(record.claims, parseClaimsRequest(form.get('claims')));
  requireSatisfied(claims, record.auth, resource);
  return issueTokenResponse(services.context, {
    clientId,
    auth: record.auth,
    resource,
    oidc: parsed.oidc,
    claims,
    ...(record.nonce ? { nonce: record.nonce } : {}),
    grantedScope: scope,
  });
}

/** grant_type=refresh_token: a new refresh token on every redemption; MFA state carries over. */
export async function refreshTokenGrant({ services, segment, clientId, form }: GrantInput): Promise<Record<string, unknown>> {
  const token = requiredParam(form, 'refresh_token');
  const scope = requiredParam(form, 'scope');
  const { context } = services;
  const grant: EntraRefreshGrant = redeemRefreshToken(context, token, clientId);
  const principal = principalForHomeIdentity(context.store, segment, grant.tenantId, grant.oid);
  if (!principal) {
    if (segment.kind === 'tenant' && context.store.tenant(grant.tenantId)) {
      throw entraErrors.userNotInTenant(segment.tenant.id, clientId, context.tokens.issuerV1(grant.tenantId));
    }
    throw entraErrors.userNotFound(segment.kind === 'tenant' ? segment.tenant.id : grant.tenantId);
  }
  const auth: Authentication = {
    principal,
    amr: grant.amr ?? ['pwd'],
    acrs: grant.acrs ?? [],
    authTime: grant.authTime ?? Math.floor(grant.issuedAt / 1000),
    sessionId: grant.sessionId ?? randomUUID(),
  };
  const { parsed, resource } = tokenScopes(scope, auth, clientId);
  const claims = parseClaimsRequest(form.get('claims'));
  requireSatisfied(claims, auth, resource);
  return issueTokenResponse(context, { clientId, auth, resource, oidc: parsed.oidc, claims, forceRefreshToken: true, grantedScope: grant.scope });
}

/** grant_type=password (ROPC): no interaction possible, so any MFA requirement is AADSTS50076. */
export async function passwordGrant({ services, segment, clientId, form }: GrantInput): Promise<Record<string, unknown>> {
  const username = requiredParam(form, 'username');
  const password = requiredParam(form, 'password');
  const scope = requiredParam(form, 'scope');
  // v2-oauth-ropc.md: ROPC is only for work/school accounts, over a tenant or /organizations.
  if (segment.kind === 'common') throw entraErrors.grantNotOnCommon();
  const { context } = services;
  const found = lookupUsername(context.store, segment, username);
  if (!found.ok) {
    if (found.reason === 'not-in-tenant') throw entraErrors.userNotInTenant(found.tenantId, clientId, context.tokens.issuerV1(found.homeTenantId ?? ''));
    throw entraErrors.userNotFound(found.tenantId);
  }
  if (!context.store.checkPassword(found.principal.user, password)) throw entraErrors.badCredentials();
  const auth: Authentication = { principal: found.principal, amr: ['pwd'], acrs: [], authTime: context.clock.seconds(), sessionId: randomUUID() };
  const { parsed, resource } = tokenScopes(scope, auth, clientId);
  const claims = parseClaimsRequest(form.get('claims'));
  requireSatisfied(claims, auth, resource);
  return issueTokenResponse(context, { clientId, auth, resource, oidc: parsed.oidc, claims, grantedScope: scope });
}

/** grant_type=device_code (what MSAL sends) or the RFC's urn:ietf:params:oauth:grant-type:device_code. */
export async function deviceCodeGrant({ services, segment, clientId, form }: GrantInput): Promise<Record<string, unknown>> {
  const deviceCode = requiredParam(form, 'device_code');
  const grant = services.devices.byDeviceCode(deviceCode);
  if (!grant || grant.clientId.toLowerCase() !== clientId.toLowerCase()) throw entraErrors.badVerificationCode();
  if (segment.kind === 'tenant' && grant.segment.kind === 'tenant' && grant.segment.tenant.id !== segment.tenant.id) throw entraErrors.badVerificationCode();
  if (grant.status === 'redeemed') throw entraErrors.deviceCodeRedeemed();
  if (grant.expiresAt <= services.context.clock.now()) throw entraErrors.deviceCodeExpired();
  if (grant.status === 'declined') throw entraErrors.deviceCodeDeclined();
  if (grant.status === 'pending' || !grant.auth) throw entraErrors.authorizationPending();
  const scope = param(form, 'scope') ?? grant.scope;
  const { parsed, resource } = tokenScopes(scope, grant.auth, clientId);
  const claims = mergeClaims(grant.claims, parseClaimsRequest(form.get('claims')));
  requireSatisfied(claims, grant.auth, resource);
  grant.status = 'redeemed';
  return issueTokenResponse(services.context, { clientId, auth: grant.auth, resource, oidc: parsed.oidc, claims, grantedScope: scope });
}

function tokenScopes(scope: string, auth: Authentication, clientId: string): { parsed: ParsedScopes; resource: ResourceScopes } {
  const parsed = parseScopes(scope, auth.principal.tenant.displayName, clientId);
  return { parsed, resource: singleResource(parsed) };
}

/** Conditional Access step-up: the sign-in behind the grant must meet the requested claims. */
function requireSatisfied(claims: ClaimsRequest, auth: Authentication, resource: ResourceScopes): void {
  if (!isSatisfiedBy(claims, auth.amr, auth.acrs)) throw entraErrors.mfaRequired(resource.resource.audience, challengeClaims(claims));
}

/** Claims asked at sign-in and at redemption both apply (MSAL sends them on both legs). */
function mergeClaims(first: ClaimsRequest, second: ClaimsRequest): ClaimsRequest {
  return {
    raw: second.raw || first.raw,
    acrs: [...new Set([...first.acrs, ...second.acrs])],
    mfa: first.mfa || second.mfa,
    capabilities: [...new Set([...first.capabilities, ...second.capabilities])],
  };
}
