import type { SandboxStore } from '../state/store.js';
import type { TenantState, UserState } from '../state/model.js';
import { EntraError, entraErrors } from './errors.js';

/**
 * Directory look-ups for the Entra endpoints: which tenant a path segment names, which user a
 * typed username is in that tenant (B2B guests sign in with their home account), and the home
 * identity a refresh token is bound to.
 */

/** What the `{tenant}` path segment resolved to. */
export type TenantSegment = { kind: 'tenant'; tenant: TenantState } | { kind: 'common' | 'organizations' };

/**
 * Resolves `/{tenant}`: a tenant GUID (any case), its domain name, or the `common` / `organizations`
 * aliases. `consumers` (personal accounts) has no tenant here. Throws AADSTS90002 otherwise.
 */
export function resolveTenantSegment(store: SandboxStore, segment: string): TenantSegment {
  const lower = segment.toLowerCase();
  if (lower === 'common' || lower === 'organizations') return { kind: lower };
  const tenant = store.tenant(segment);
  if (!tenant) throw entraErrors.tenantNotFound(segment);
  return { kind: 'tenant', tenant };
}

/**
 * `resolveTenantSegment` for the token and devicecode endpoints, which report an unknown tenant as
 * invalid_request (discovery and authorize say invalid_tenant).
 */
export function resolveTokenTenantSegment(store: SandboxStore, segment: string): TenantSegment {
  try {
    return resolveTenantSegment(store, segment);
  } catch (error) {
    if (error instanceof EntraError) throw new EntraError('invalid_request', error.code, error.text);
    throw error;
  }
}

/** The tenant id to write into `/{tenant}` URLs for a segment (aliases stay as they are). */
export function segmentName(segment: TenantSegment): string {
  return segment.kind === 'tenant' ? segment.tenant.id : segment.kind;
}

/** A signed-in principal: the user object in the resource tenant and the home account behind it. */
export interface DirectoryPrincipal {
  /** The tenant the tokens are for (the resource tenant for a guest). */
  tenant: TenantState;
  /** The user object in that tenant (for a guest: the #EXT# guest object). */
  user: UserState;
  /** The home tenant and account (equal to tenant/user for members). */
  homeTenant: TenantState;
  homeUser: UserState;
}

/** Result of looking up a typed username. */
export type UsernameLookup =
  | { ok: true; principal: DirectoryPrincipal }
  /** `unknown`: no such account anywhere; `not-in-tenant`: an account of another tenant that is no guest here. */
  | { ok: false; reason: 'unknown' | 'not-in-tenant'; tenantId: string; homeTenantId?: string };

/**
 * Finds who `username` (a UPN, case-insensitive) is in the tenant of `segment`. For the
 * `common`/`organizations` aliases the home tenant is inferred from the account. A guest object's
 * own #EXT# UPN is not a sign-in name: guests authenticate with their home UPN.
 */
export function lookupUsername(store: SandboxStore, segment: TenantSegment, username: string): UsernameLookup {
  const key = username.trim().toLowerCase();
  const home = findHomeAccount(store, key);
  if (segment.kind !== 'tenant') {
    if (!home) return { ok: false, reason: 'unknown', tenantId: segment.kind };
    return { ok: true, principal: { tenant: home.tenant, user: home.user, homeTenant: home.tenant, homeUser: home.user } };
  }
  const tenant = segment.tenant;
  if (!home) return { ok: false, reason: 'unknown', tenantId: tenant.id };
  const principal = principalInTenant(tenant, home.tenant, home.user);
  return principal ? { ok: true, principal } : { ok: false, reason: 'not-in-tenant', tenantId: tenant.id, homeTenantId: home.tenant.id };
}

/** The user object for a home account inside `tenant`: the account itself, or its guest object. */
export function principalInTenant(tenant: TenantState, homeTenant: TenantState, homeUser: UserState): DirectoryPrincipal | undefined {
  if (tenant.id === homeTenant.id) return { tenant, user: homeUser, homeTenant, homeUser };
  const guest = tenant.users.find((u) => u.guestOf?.tenantId === homeTenant.id && u.guestOf.oid === homeUser.oid);
  return guest ? { tenant, user: guest, homeTenant, homeUser } : undefined;
}

/** A home (non-guest) account by UPN across all tenants. */
function findHomeAccount(store: SandboxStore, lowerUsername: string): { tenant: TenantState; user: UserState } | undefined {
  for (const tenant of store.data.tenants) {
    const user = tenant.users.find((u) => !u.guestOf && u.username.toLowerCase() === lowerUsername);
    if (user) return { tenant, user };
  }
  return undefined;
}

/** Resolves a refresh token's home identity (tenant id + oid) to the principal in `segment`'s tenant. */
export function principalForHomeIdentity(
  store: SandboxStore,
  segment: TenantSegment,
  homeTenantId: string,
  homeOid: string,
): DirectoryPrincipal | undefined {
  const homeTenant = store.tenant(homeTenantId);
  const homeUser = homeTenant?.users.find((u) => u.oid === homeOid && !u.guestOf);
  if (!homeTenant || !homeUser) return undefined;
  const tenant = segment.kind === 'tenant' ? segment.tenant : homeTenant;
  return principalInTenant(tenant, homeTenant, homeUser);
}
