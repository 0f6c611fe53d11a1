import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import type { SandboxClock } from '../clock.js';
import { signingCertificate, type SigningCertificate } from './signing-certificate.js';

/** Audience of Key Vault access tokens (and Key Vault's app id, which real tokens may carry instead). */
export const KEY_VAULT_AUDIENCES = ['https://vault.azure.net', 'cfa8b339-82a2-471a-a3c9-0fc0be7a4093'];
/** Audience of Microsoft Graph access tokens (app id form, as v1 Graph tokens carry, and the URI form). */
export const GRAPH_AUDIENCES = ['00000003-0000-0000-c000-000000000000', 'https://graph.microsoft.com'];

/** Why a bearer token was refused; resource servers map this to their own 401 wording. */
export type TokenRejection = 'malformed' | 'signature' | 'expired' | 'not_yet_valid' | 'audience' | 'issuer';

/** Thrown by `verifyAccessToken`. */
export class TokenRejectedError extends Error {
  constructor(readonly reason: TokenRejection, message: string) {
    super(message);
    this.name = 'TokenRejectedError';
  }
}

/** Claims of an access token this sandbox issued. */
export interface AccessTokenClaims extends JWTPayload {
  tid: string;
  oid: string;
  scp?: string;
  groups?: string[];
  appid?: string;
  azp?: string;
  upn?: string;
  preferred_username?: string;
  name?: string;
  acrs?: string[];
  amr?: string[];
}

/**
 * Signs and verifies the sandbox's RS256 JWTs. The signing key is created once per state directory
 * (so tokens survive a sandbox restart) and published through the JWKS endpoint.
 */
export class TokenService {
  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    private readonly publicJwk: JWK,
    /** base64url SHA-1 thumbprint of the signing certificate (Entra's `kid` = `x5t`). */
    readonly kid: string,
    private readonly certificate: SigningCertificate,
    private readonly clock: SandboxClock,
    /** Origin of the Entra endpoints, e.g. https://localhost:8443 (set once listeners are up). */
    public authorityOrigin: string,
  ) {}

  /** Loads the signing key from `stateDir` or creates it. */
  static async create(clock: SandboxClock, stateDir?: string): Promise<TokenService> {
    const file = stateDir ? join(stateDir, 'token-signing-key.json') : undefined;
    let privateJwk: JWK;
    if (file && existsSync(file)) {
      privateJwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
    } else {
      const { privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
      privateJwk = await exportJWK(privateKey);
      if (file) writeFileSync(file, JSON.stringify(privateJwk), { mode: 0o600 });
    }
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicPart } = privateJwk;
    const certificate = signingCertificate(privateJwk, stateDir);
    const kid = certificate.x5t;
    const publicJwk: JWK = { ...publicPart, kid, use: 'sig', alg: 'RS256' };
    const privateKey = (await importJWK(privateJwk, 'RS256')) as CryptoKey;
    const publicKey = (await importJWK(publicJwk, 'RS256')) as CryptoKey;
    return new TokenService(privateKey, publicKey, publicJwk, kid, certificate, clock, '');
  }

  /** The JWKS document (`{keys:[…]}`) served by the discovery keys endpoint. */
  jwks(): { keys: JWK[] } {
    return { keys: [{ kty: this.publicJwk.kty!, use: 'sig', kid: this.kid, x5t: this.certificate.x5t, n: this.publicJwk.n!, e: this.publicJwk.e!, x5c: [this.certificate.x5c], alg: 'RS256' }] };
  }

  /** v2.0 issuer for a tenant: `https://localhost:P/{tid}/v2.0`. */
  issuerV2(tenantId: string): string {
    return `${this.authorityOrigin}/${tenantId}/v2.0`;
  }

  /** v1.0 issuer, which Key Vault and Graph access tokens carry: `https://sts.windows.net/{tid}/`. */
  issuerV1(tenantId: string): string {
    return `https://sts.windows.net/${tenantId}/`;
  }

  /** Signs a JWT with the sandbox key. `claims` must carry iat/nbf/exp already. */
  async sign(claims: JWTPayload): Promise<string> {
    return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.kid, x5t: this.kid } as never).sign(this.privateKey);
  }

  /**
   * Verifies an access token for a resource: signature, time window (sandbox clock, 5 minutes of skew
   * like Microsoft's validators), audience and issuer.
   */
  async verifyAccessToken(token: string, audiences: string[]): Promise<AccessTokenClaims> {
    if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token)) {
      throw new TokenRejectedError('malformed', 'The token is not a JWT.');
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.publicKey, {
        algorithms: ['RS256'],
        currentDate: new Date(this.clock.now()),
        clockTolerance: 300,
      }));
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ERR_JWT_EXPIRED') throw new TokenRejectedError('expired', 'The token is expired.');
      if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && (error as { claim?: string }).claim === 'nbf') {
        throw new TokenRejectedError('not_yet_valid', 'The token is not yet valid.');
      }
      if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') throw new TokenRejectedError('signature', 'The token signature is invalid.');
      throw new TokenRejectedError('malformed', 'The token could not be parsed.');
    }
    const claims = payload as AccessTokenClaims;
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!aud.some((a) => a !== undefined && audiences.includes(a))) {
      throw new TokenRejectedError('audience', `The audience '${aud.join(',')}' is invalid.`);
    }
    if (typeof claims.tid !== 'string' || typeof claims.oid !== 'string') {
      throw new TokenRejectedError('malformed', 'The token lacks tid or oid.');
    }
    if (claims.iss !== this.issuerV1(claims.tid) && claims.iss !== this.issuerV2(claims.tid)) {
      throw new TokenRejectedError('issuer', `The issuer '${String(claims.iss)}' is invalid.`);
    }
    return claims;
  }
}
