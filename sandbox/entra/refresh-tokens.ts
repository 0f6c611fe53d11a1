import { createHash, randomBytes } from 'node:crypto';
import type { SandboxContext } from '../context.js';
import type { RefreshTokenGrant } from '../state/model.js';
import type { SandboxStore } from '../state/store.js';
import { entraErrors } from './errors.js';

/**
 * Refresh tokens: opaque random strings; the store keeps only their SHA-256 (state.json never holds
 * a usable token). Like Entra's, they are bound to a user (the HOME account) and a client, not to a
 * resource or tenant, so one can be redeemed in any tenant where the user is a member or guest.
 *
 * Rotation: every redemption returns a new refresh token. Per Microsoft's documentation, "the
 * Microsoft identity platform doesn't revoke old refresh tokens when used to fetch new access
 * tokens" (learn.microsoft.com/entra/identity-platform/refresh-tokens), so the old one stays valid
 * until it expires or the user's sessions are revoked (revokeSignInSessions / the admin API).
 */

/** A stored grant: the model's fields plus the authentication facts later tokens repeat. */
export interface EntraRefreshGrant extends RefreshTokenGrant {
  /** Authentication methods of the original sign-in (MFA carries over to refreshed tokens). */
  amr?: string[];
  /** Authentication contexts satisfied in that sign-in. */
  acrs?: string[];
  authTime?: number;
  sessionId?: string;
  /** When the admin (or user) revoked the sessions (ms). */
  revokedAt?: number;
}

/** What a new refresh token is bound to. */
export interface RefreshGrantInput {
  clientId: string;
  homeTenantId: string;
  homeOid: string;
  scope: string;
  amr: string[];
  acrs: string[];
  authTime: number;
  sessionId: string;
}

/** Expired grants are kept this long so a late redemption still gets AADSTS700082, then dropped. */
const EXPIRED_GRACE_MS = 7 * 24 * 3600 * 1000;

/** Creates a refresh token, stores its hash, and returns the token string (never stored). */
export function issueRefreshToken(context: SandboxContext, input: RefreshGrantInput): string {
  const { store, clock } = context;
  const now = clock.now();
  prune(store, now);
  const token = `1.${randomBytes(96).toString('base64url')}`;
  const grant: EntraRefreshGrant = {
    tenantId: input.homeTenantId,
    oid: input.homeOid,
    clientId: input.clientId,
    scope: input.scope,
    issuedAt: now,
    expiresAt: now + store.data.settings.refreshTokenLifetimeSeconds * 1000,
    revoked: false,
    amr: input.amr,
    acrs: input.acrs,
    authTime: input.authTime,
    sessionId: input.sessionId,
  };
  store.data.refreshTokens[hashToken(token)] = grant;
  store.changed();
  return token;
}

/**
 * Looks up a presented refresh token for `clientId`. Throws Entra's errors: unknown/garbage
 * (AADSTS9002313), another client's token, revoked (AADSTS50173), expired (AADSTS700082).
 */
export function redeemRefreshToken(context: SandboxContext, token: string, clientId: string): EntraRefreshGrant {
  const grant = context.store.data.refreshTokens[hashToken(token)] as EntraRefreshGrant | undefined;
  if (!grant) throw entraErrors.malformedGrant();
  if (grant.clientId.toLowerCase() !== clientId.toLowerCase()) throw entraErrors.refreshTokenClientMismatch();
  const now = context.clock.now();
  if (grant.revoked) {
    throw entraErrors.refreshTokenRevoked(new Date(grant.issuedAt).toISOString(), new Date(grant.revokedAt ?? now).toISOString());
  }
  if (grant.expiresAt <= now) throw entraErrors.refreshTokenExpired(new Date(grant.issuedAt).toISOString(), duration(now - grant.issuedAt));
  return grant;
}

/**
 * Revokes every refresh token of a home account (what Graph's revokeSignInSessions does). Access
 * tokens already issued stay valid until they expire, as in Entra. Returns how many were revoked.
 */
export function revokeUserRefreshTokens(context: SandboxContext, homeTenantId: string, homeOid: string): number {
  const now = context.clock.now();
  let count = 0;
  for (const grant of Object.values(context.store.data.refreshTokens) as EntraRefreshGrant[]) {
    if (grant.revoked || grant.tenantId.toLowerCase() !== homeTenantId.toLowerCase() || grant.oid.toLowerCase() !== homeOid.toLowerCase()) continue;
    grant.revoked = true;
    grant.revokedAt = now;
    count++;
  }
  if (count > 0) context.store.changed();
  return count;
}

/** SHA-256 (hex) of a token string: the only form in which tokens are stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function prune(store: SandboxStore, now: number): void {
  let removed = false;
  for (const [key, grant] of Object.entries(store.data.refreshTokens)) {
    if (grant.expiresAt + EXPIRED_GRACE_MS < now) {
      delete store.data.refreshTokens[key];
      removed = true;
    }
  }
  if (removed) store.changed();
}

/** .NET TimeSpan style ("90.00:00:00"), as Entra writes inactivity periods. */
function duration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86400);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${days}.${pad(Math.floor((total % 86400) / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}
