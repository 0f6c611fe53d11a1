import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { SandboxContext } from '../context.js';
import type { RequestContext } from '../http/router.js';
import { KEY_VAULT_AUDIENCES, TokenRejectedError, type AccessTokenClaims } from '../auth/token-service.js';
import type { VaultState } from '../state/model.js';
import { KeyVaultError } from './vault-errors.js';

/** The authenticated caller of one request, as Key Vault sees it: the token's claims, nothing live. */
export interface VaultCaller {
  oid: string;
  tid: string;
  appid: string;
  iss: string;
  /** The `groups` claim: a snapshot taken when the token was issued (the PIM scenario hinges on it). */
  groups: string[];
}

/** The resource Key Vault names in its challenge; the SDK asks for `${resource}/.default`. */
export const KEY_VAULT_RESOURCE = 'https://vault.azure.net';

/**
 * The challenge header of every 401 (recording, Feb 2025):
 * `Bearer authorization="{authority}/{tenantId}", resource="https://vault.azure.net"`.
 * The SDK takes the tenant from the path and passes it to getToken, so it must be the vault's tenant.
 */
export function challengeHeader(context: SandboxContext, vault: VaultState): string {
  return `Bearer authorization="${context.origins.authority}/${vault.tenantId}", resource="${KEY_VAULT_RESOURCE}"`;
}

function unauthorized(context: SandboxContext, vault: VaultState, message: string): KeyVaultError {
  return new KeyVaultError(401, 'Unauthorized', message, undefined, { 'www-authenticate': challengeHeader(context, vault) });
}

/**
 * Authenticates a request from its Authorization header alone: the body is never read here, because
 * the SDK's first request of each client carries no token and no body and expects the challenge.
 * Rejections carry Key Vault's own messages (sources beside each).
 */
export async function authenticate(ctx: RequestContext, context: SandboxContext, vault: VaultState): Promise<VaultCaller> {
  const header = ctx.req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  // recording: no Authorization header (or another scheme) gets AKV10000.
  if (!match) throw unauthorized(context, vault, 'AKV10000: Request is missing a Bearer or PoP token.');
  const token = match[1]!;
  let claims: AccessTokenClaims;
  try {
    claims = await context.tokens.verifyAccessToken(token, KEY_VAULT_AUDIENCES);
  } catch (error) {
    if (!(error instanceof TokenRejectedError)) throw error;
    throw unauthorized(context, vault, rejectionMessage(error, token, context, vault));
  }
  const expectedIssuer = context.tokens.issuerV1(vault.tenantId);
  if (claims.tid.toLowerCase() !== vault.tenantId.toLowerCase()) {
    // 3rd-party capture (Azure SDK for .NET test, many field reports): a token of another tenant.
    throw unauthorized(context, vault, `AKV10032: Invalid issuer. Expected one of ${expectedIssuer}, found ${String(claims.iss)}.`);
  }
  return {
    oid: claims.oid.toLowerCase(),
    tid: claims.tid.toLowerCase(),
    appid: String(claims.appid ?? claims.azp ?? ''),
    iss: String(claims.iss),
    groups: Array.isArray(claims.groups) ? claims.groups.filter((g): g is string => typeof g === 'string').map((g) => g.toLowerCase()) : [],
  };
}

function rejectionMessage(error: TokenRejectedError, token: string, context: SandboxContext, vault: VaultState): string {
  const payload = safeDecode(() => decodeJwt(token));
  switch (error.reason) {
    case 'expired':
      // 3rd-party captures (CDCgov/prime-reportstream#2566, azure-sdk-for-python#27266): 96-byte body.
      return "[TokenExpired] Error validating token: 'S2S12086'.";
    case 'not_yet_valid':
      // Unverified wording, modelled on the TokenExpired message.
      return '[TokenNotYetValid] Error validating token.';
    case 'audience': {
      // 3rd-party captures (argoproj-labs/argocd-vault-plugin#621 and others).
      const aud = payload?.aud;
      const found = Array.isArray(aud) ? aud.join(',') : String(aud ?? '');
      return `AKV10022: Invalid audience. Expected ${KEY_VAULT_AUDIENCES[0]} or ${KEY_VAULT_AUDIENCES[1]}, found: ${found}.`;
    }
    case 'issuer':
      return `AKV10032: Invalid issuer. Expected one of ${context.tokens.issuerV1(vault.tenantId)}, found ${String(payload?.iss ?? '')}.`;
    case 'signature': {
      // 3rd-party captures (terraform-provider-azurerm#30912 and others): no key validates the token.
      const encodedHeader = token.split('.')[0] ?? '';
      const header = safeDecode(() => decodeProtectedHeader(token));
      return header ? `AKV10046: Unable to resolve the key used for signature validation. EncodedJwtHeader: '${encodedHeader}'.` : 'AKV10000: Request is missing a Bearer or PoP token.';
    }
    case 'malformed':
    default:
      // Unverified: a bearer value that is not a usable JWT is treated like a missing token.
      return 'AKV10000: Request is missing a Bearer or PoP token.';
  }
}

function safeDecode<T>(decode: () => T): T | undefined {
  try {
    return decode();
  } catch {
    return undefined;
  }
}
