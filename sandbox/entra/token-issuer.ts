import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { SandboxContext } from '../context.js';
import type { ClaimsRequest } from './claims-request.js';
import type { DirectoryPrincipal } from './directory.js';
import { issueRefreshToken } from './refresh-tokens.js';
import { responseScope, scpFor, type OidcScope, type ResourceScopes } from './scopes.js';

/**
 * Builds and signs what the token endpoint returns: a v1.0 access token for one resource (the
 * format Key Vault and Graph receive), a v2.0 id_token for the client, client_info and, with
 * offline_access, an opaque refresh token. The `groups` claim is taken at issue time: a snapshot,
 * which is why a PIM activation only shows after the client gets a fresh token.
 */

/** How and when a user authenticated; carried by codes, device codes and refresh tokens. */
export interface Authentication {
  principal: DirectoryPrincipal;
  /** Authentication methods: ['pwd'] or ['pwd', 'mfa']. */
  amr: string[];
  /** Authentication contexts (c1..c99) satisfied in this sign-in. */
  acrs: string[];
  /** Unix seconds of the interactive (or password) authentication. */
  authTime: number;
  /** Sign-in session id (the id_token `sid`). */
  sessionId: string;
}

/** One token request that passed validation. */
export interface TokenIssueRequest {
  clientId: string;
  auth: Authentication;
  resource: ResourceScopes;
  oidc: Set<OidcScope>;
  claims: ClaimsRequest;
  nonce?: string;
  /** Always issue a refresh token (refresh_token grant: the grant already had offline_access). */
  forceRefreshToken?: boolean;
  /** Scopes to record on a new refresh token. */
  grantedScope: string;
}

const ID_TOKEN_LIFETIME_SECONDS = 3600;

/** Issues the token response body (JSON object) for a validated request. */
export async function issueTokenResponse(context: SandboxContext, request: TokenIssueRequest): Promise<Record<string, unknown>> {
  const { auth, resource, clientId } = request;
  const { principal } = auth;
  const now = context.clock.seconds();
  const lifetime = accessTokenLifetime(context);
  const isGuest = principal.user.guestOf !== undefined;
  const groups = context.store.groupsForTokenIssue(principal.tenant, principal.user.oid);

  const accessClaims: Record<string, unknown> = {
    aud: resource.resource.audience,
    iss: context.tokens.issuerV1(principal.tenant.id),
    iat: now,
    nbf: now,
    exp: now + lifetime,
    acr: '1',
    aio: opaque(24),
    amr: auth.amr,
    appid: clientId,
    appidacr: '0',
    ...(isGuest ? { idp: context.tokens.issuerV1(principal.homeTenant.id) } : {}),
    idtyp: 'user',
    ipaddr: '127.0.0.1',
    name: principal.user.displayName,
    oid: principal.user.oid,
    rh: opaque(16),
    scp: scpFor(resource.resource),
    sub: pairwise(principal.user.oid, resource.resource.audience),
    tid: principal.tenant.id,
    unique_name: principal.homeUser.username,
    // Guests carry no upn claim in the resource tenant; members do.
    ...(isGuest ? {} : { upn: principal.user.username }),
    uti: opaque(16),
    ver: '1.0',
    ...(groups.length > 0 ? { groups } : {}),
    ...(request.claims.acrs.length > 0 ? { acrs: request.claims.acrs } : {}),
    ...(request.claims.capabilities.length > 0 ? { xms_cc: request.claims.capabilities } : {}),
  };
  const body: Record<string, unknown> = {
    token_type: 'Bearer',
    scope: responseScope(resource, request.oidc),
    expires_in: lifetime,
    ext_expires_in: lifetime,
    access_token: await context.tokens.sign(accessClaims),
  };
  if (request.forceRefreshToken || request.oidc.has('offline_access')) {
    body.refresh_token = issueRefreshToken(context, {
      clientId,
      homeTenantId: principal.homeTenant.id,
      homeOid: principal.homeUser.oid,
      scope: request.grantedScope,
      amr: auth.amr,
      acrs: auth.acrs,
      authTime: auth.authTime,
      sessionId: auth.sessionId,
    });
  }
  if (request.oidc.has('openid')) {
    body.id_token = await context.tokens.sign({
      aud: clientId,
      iss: context.tokens.issuerV2(principal.tenant.id),
      iat: now,
      nbf: now,
      exp: now + ID_TOKEN_LIFETIME_SECONDS,
      aio: opaque(24),
      auth_time: auth.authTime,
      ...(isGuest ? { idp: context.tokens.issuerV1(principal.homeTenant.id) } : {}),
      name: principal.user.displayName,
      ...(request.nonce ? { nonce: request.nonce } : {}),
      oid: principal.user.oid,
      preferred_username: principal.homeUser.username,
      rh: opaque(16),
      sid: auth.sessionId,
      sub: pairwise(principal.user.oid, clientId),
      tid: principal.tenant.id,
      uti: opaque(16),
      ver: '2.0',
    });
  }
  body.client_info = clientInfo(principal);
  return body;
}

/** `client_info`: base64url of {"uid":home oid,"utid":home tenant}; MSAL's home account id. */
export function clientInfo(principal: DirectoryPrincipal): string {
  return Buffer.from(JSON.stringify({ uid: principal.homeUser.oid, utid: principal.homeTenant.id })).toString('base64url');
}

/** Access-token lifetime in seconds, random within the settings' range (read on every issue). */
function accessTokenLifetime(context: SandboxContext): number {
  const range = context.store.data.settings.accessTokenLifetimeSeconds;
  const low = Math.max(1, Math.min(range.min, range.max));
  const high = Math.max(low, range.min, range.max);
  return low === high ? low : randomInt(low, high + 1);
}

/** A pairwise subject: stable per (user, audience), unlinkable across audiences, like Entra's `sub`. */
export function pairwise(oid: string, audience: string): string {
  return createHash('sha256').update(`${oid}|${audience}`).digest('base64url').slice(0, 43);
}

function opaque(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}
