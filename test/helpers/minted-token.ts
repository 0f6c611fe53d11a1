import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import type { SandboxContext } from '../../sandbox/context.js';

/**
 * Key Vault access tokens minted directly with the sandbox's signing key, bypassing Entra. Tests use
 * them for tokens no sign-in would give (expired, wrong audience, other tenant, forged) and for
 * claim snapshots taken at a chosen moment. Happy paths get their tokens through msal-node instead.
 */

/** Who the token is for and how it is bent. */
export interface MintOptions {
  /** Username (UPN) or oid of a user in `tenantId`. */
  user: string;
  /** Default: the first tenant. */
  tenantId?: string;
  /** Overrides the `groups` claim; default: the store's snapshot for a token issued now. */
  groups?: string[];
  /** Default https://vault.azure.net. */
  audience?: string;
  /** Default: the v1 issuer of the token's tenant. */
  issuer?: string;
  /** Seconds relative to the sandbox clock; default issued now, valid one hour. */
  issuedAtOffset?: number;
  lifetimeSeconds?: number;
  /** Extra or replacing claims. */
  claims?: JWTPayload;
}

/** Signs a Key Vault access token with the sandbox's own key (so it verifies) for `options.user`. */
export async function mintVaultToken(context: SandboxContext, options: MintOptions): Promise<string> {
  return context.tokens.sign(vaultClaims(context, options));
}

/** The claims {@link mintVaultToken} signs, shaped like a v1 Entra access token for Key Vault. */
export function vaultClaims(context: SandboxContext, options: MintOptions): JWTPayload {
  const { store } = context;
  const tenant = options.tenantId ? store.tenant(options.tenantId) : store.defaultTenant;
  if (!tenant) throw new Error(`No tenant ${options.tenantId}`);
  const user = store.user(tenant, options.user);
  if (!user) throw new Error(`No user ${options.user} in ${tenant.id}`);
  const now = context.clock.seconds() + (options.issuedAtOffset ?? 0);
  return {
    aud: options.audience ?? 'https://vault.azure.net',
    iss: options.issuer ?? context.tokens.issuerV1(tenant.id),
    iat: now,
    nbf: now,
    exp: now + (options.lifetimeSeconds ?? 3600),
    appid: store.data.clientId,
    appidacr: '0',
    groups: options.groups ?? store.groupsForTokenIssue(tenant, user.oid),
    idtyp: 'user',
    name: user.displayName,
    oid: user.oid,
    scp: 'user_impersonation',
    sub: user.oid,
    tid: tenant.id,
    upn: user.username,
    ver: '1.0',
    ...options.claims,
  };
}

/** Signs the same claims with a key the sandbox never published: a forged token. */
export async function forgeVaultToken(context: SandboxContext, options: MintOptions): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256');
  return new SignJWT(vaultClaims(context, options)).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'forged-key' }).sign(privateKey);
}

/**
 * A TokenCredential for SecretClient that mints a fresh token on every call, so each new client
 * sees the directory as it is at that moment (groups snapshot included). `getToken` honours the
 * tenant the Key Vault challenge names.
 */
export function mintedTokenCredential(context: SandboxContext, options: MintOptions): TokenCredential & { calls: number } {
  const credential = {
    calls: 0,
    async getToken(_scopes: string | string[], getTokenOptions: { tenantId?: string } = {}): Promise<AccessToken> {
      credential.calls += 1;
      const token = await mintVaultToken(context, { tenantId: getTokenOptions.tenantId, ...options });
      const lifetime = options.lifetimeSeconds ?? 3600;
      return { token, expiresOnTimestamp: Date.now() + Math.max(lifetime, 0) * 1000, tokenType: 'Bearer' };
    },
  };
  return credential;
}
