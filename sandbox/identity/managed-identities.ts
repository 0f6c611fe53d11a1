import { createHash, randomBytes } from 'node:crypto';
import type { SandboxContext } from '../context.js';
import type { ManagedIdentitySeed } from '../seed/schema.js';
import type { TenantState } from '../state/model.js';

/** A managed identity with the tenant it lives in and its ARM resource id (`xms_mirid`, `msi_res_id`). */
export interface ResolvedIdentity extends ManagedIdentitySeed {
  tenantId: string;
  resourceId: string;
}

/** How a caller named a user-assigned identity (IMDS: client_id/object_id/msi_res_id; App Service: mi_res_id). */
export interface IdentitySelector {
  clientId?: string;
  objectId?: string;
  resourceId?: string;
}

/** Managed identity tokens live 24 hours (Learn: "Managed identities … tokens are cached … for 24 hours"). */
export const MANAGED_IDENTITY_TOKEN_SECONDS = 24 * 3600;

/** Resources the sandbox's Entra knows, with the `aud` their tokens carry (v1 tokens: the resource URI as asked). */
const KNOWN_RESOURCES = ['https://vault.azure.net', 'https://graph.microsoft.com', 'https://management.azure.com'];

/** The sandbox has no subscriptions: one is derived from the tenant, as the Key Vault 403 messages do. */
export function subscriptionOf(tenantId: string): string {
  const hex = createHash('sha256').update(`subscription:${tenantId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** ARM id of the VM (system-assigned) or of the user-assigned identity resource. */
function resourceIdOf(tenantId: string, identity: ManagedIdentitySeed): string {
  const base = `/subscriptions/${subscriptionOf(tenantId)}/resourcegroups/rg-jit-vault-sandbox/providers`;
  return identity.kind === 'system'
    ? `${base}/Microsoft.Compute/virtualMachines/${identity.name}`
    : `${base}/Microsoft.ManagedIdentity/userAssignedIdentities/${identity.name}`;
}

/**
 * The managed identities of the sandbox's one "machine": those of the first tenant that has any
 * (a VM lives in one subscription, hence one tenant). The App Service endpoint serves the same set.
 */
export function machineIdentities(context: SandboxContext): ResolvedIdentity[] {
  const tenant: TenantState | undefined = context.store.data.tenants.find((t) => (t.managedIdentities ?? []).length > 0);
  if (!tenant) return [];
  return (tenant.managedIdentities ?? []).map((m) => ({ ...m, tenantId: tenant.id, resourceId: resourceIdOf(tenant.id, m) }));
}

/** Finds the identity a request names (none named: the system-assigned one). Case-insensitive like Azure ids. */
export function findIdentity(context: SandboxContext, selector: IdentitySelector): ResolvedIdentity | undefined {
  const all = machineIdentities(context);
  const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  if (selector.clientId) return all.find((m) => eq(m.clientId, selector.clientId!));
  if (selector.objectId) return all.find((m) => eq(m.objectId, selector.objectId!));
  if (selector.resourceId) return all.find((m) => eq(m.resourceId, selector.resourceId!));
  return all.find((m) => m.kind === 'system');
}

/** The resource as a token audience, or undefined when the sandbox's Entra does not know it. */
export function audienceFor(resource: string): string | undefined {
  const trimmed = resource.replace(/\/+$/, '').replace(/\/\.default$/, '');
  return KNOWN_RESOURCES.find((known) => known === trimmed.toLowerCase());
}

/** An issued managed identity token and its times (epoch seconds). */
export interface IssuedToken {
  accessToken: string;
  issuedAt: number;
  expiresOn: number;
}

/**
 * Signs an app-only v1 access token like Entra's for managed identities: `idtyp: app`, `oid`/`sub` of
 * the identity's service principal, `appid` its client id, `appidacr: "2"` (certificate credential,
 * which the platform holds for the identity), `xms_mirid` the ARM resource id. No `groups`, no `scp`.
 */
export async function issueManagedIdentityToken(context: SandboxContext, identity: ResolvedIdentity, audience: string): Promise<IssuedToken> {
  const now = Math.floor(context.clock.now() / 1000);
  const exp = now + MANAGED_IDENTITY_TOKEN_SECONDS;
  const iss = context.tokens.issuerV1(identity.tenantId);
  const accessToken = await context.tokens.sign({
    aud: audience,
    iss,
    iat: now,
    nbf: now,
    exp,
    aio: randomBytes(24).toString('base64url'),
    appid: identity.clientId,
    appidacr: '2',
    idp: iss,
    idtyp: 'app',
    oid: identity.objectId,
    rh: `0.${randomBytes(16).toString('base64url')}.`,
    sub: identity.objectId,
    tid: identity.tenantId,
    uti: randomBytes(16).toString('base64url'),
    ver: '1.0',
    xms_mirid: identity.resourceId,
  });
  return { accessToken, issuedAt: now, expiresOn: exp };
}
