import { createHash, randomBytes } from 'node:crypto';
import type { ClaimsRequest } from './claims-request.js';
import { entraErrors } from './errors.js';
import { ExpiringMap } from './expiring-map.js';
import type { Authentication } from './token-issuer.js';

/**
 * Authorization codes: opaque, single use, valid 10 minutes, bound to the client, the redirect URI,
 * the tenant and a PKCE challenge. Kept (by hash) for an hour after expiry so that a late or second
 * redemption gets Entra's specific error (AADSTS70008 expired, AADSTS54005 already redeemed).
 */

export interface AuthorizationCodeRecord {
  expiresAt: number;
  redeemed: boolean;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  codeChallengeMethod: 'S256' | 'plain';
  /** The tenant the user signed in to (the resource tenant for a guest). */
  tenantId: string;
  auth: Authentication;
  claims: ClaimsRequest;
  nonce?: string;
}

/** Authorization codes live 10 minutes (Entra: "typically, they expire after about 10 minutes"). */
export const CODE_LIFETIME_MS = 10 * 60 * 1000;

export class AuthorizationCodes {
  private readonly codes: ExpiringMap<AuthorizationCodeRecord>;

  constructor(private readonly now: () => number) {
    this.codes = new ExpiringMap(now, 10_000, 60 * 60 * 1000);
  }

  /** Stores a new code and returns it. */
  issue(record: Omit<AuthorizationCodeRecord, 'expiresAt' | 'redeemed'>): string {
    const code = `1.${randomBytes(64).toString('base64url')}`;
    this.codes.set(hash(code), { ...record, expiresAt: this.now() + CODE_LIFETIME_MS, redeemed: false });
    return code;
  }

  /** Redeems a code: throws for unknown (AADSTS70000), reused (54005) or expired (70008) codes. */
  redeem(code: string): AuthorizationCodeRecord {
    const record = code.length <= 4096 ? this.codes.get(hash(code)) : undefined;
    if (!record) throw entraErrors.invalidCode();
    if (record.redeemed) throw entraErrors.codeRedeemed();
    if (record.expiresAt <= this.now()) throw entraErrors.codeExpired();
    record.redeemed = true;
    return record;
  }
}

/** PKCE (RFC 7636): S256 compares BASE64URL(SHA256(verifier)); plain compares as is. */
export function verifyPkce(record: Pick<AuthorizationCodeRecord, 'codeChallenge' | 'codeChallengeMethod'>, verifier: string): boolean {
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) return false;
  const computed = record.codeChallengeMethod === 'S256' ? createHash('sha256').update(verifier, 'ascii').digest('base64url') : verifier;
  return computed === record.codeChallenge;
}

function hash(code: string): string {
  return createHash('sha256').update(code, 'utf8').digest('hex');
}
