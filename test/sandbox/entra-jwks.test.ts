import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../../sandbox/auth/token-service.js';
import { SandboxClock } from '../../sandbox/clock.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { CONTOSO_TID, origin } from './entra-fixtures.js';

interface Jwk {
  kty: string;
  use: string;
  kid: string;
  x5t: string;
  n: string;
  e: string;
  x5c: string[];
}

/**
 * JWKS like Entra's: each key carries its certificate (`x5c`, base64 DER) and `kid` = `x5t` = the
 * base64url SHA-1 thumbprint of that DER (learn.microsoft.com, certificate credentials: "x5t —
 * Base64url-encoded SHA-1 thumbprint of the X.509 certificate's DER encoding"). Clients that pick the
 * key by `x5t` or read `x5c` as the certificate (MSIdentityTools, older ADAL/.NET validators) work.
 */
describe('Entra JWKS: x5c and SHA-1 x5t/kid', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('publishes the signing certificate whose SHA-1 thumbprint is kid and x5t, over the same RSA key as n/e', async () => {
    const { keys } = (await (await fetch(`${origin(sandbox.info)}/${CONTOSO_TID}/discovery/v2.0/keys`)).json()) as { keys: Jwk[] };
    expect(keys).toHaveLength(1);
    const key = keys[0]!;
    expect(Object.keys(key).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use', 'x5c', 'x5t']);
    const der = Buffer.from(key.x5c[0]!, 'base64');
    const certificate = new X509Certificate(der);
    const sha1 = createHash('sha1').update(der).digest('base64url');
    expect(key.x5t).toBe(sha1);
    expect(key.kid).toBe(sha1);
    expect(certificate.fingerprint.replace(/:/g, '')).toBe(Buffer.from(sha1, 'base64url').toString('hex').toUpperCase());
    const fromJwk = createPublicKey({ key: { kty: key.kty, n: key.n, e: key.e }, format: 'jwk' });
    expect(certificate.publicKey.export({ type: 'spki', format: 'der' }).equals(fromJwk.export({ type: 'spki', format: 'der' }))).toBe(true);
    expect(certificate.verify(certificate.publicKey)).toBe(true); // self-signed by the signing key
  });

  it('tokens name that key in their header (kid and x5t)', async () => {
    const token = await sandbox.context.tokens.sign({ iat: 1, nbf: 1, exp: 2 });
    const header = decodeProtectedHeader(token);
    expect(header).toMatchObject({ alg: 'RS256', kid: sandbox.context.tokens.kid, x5t: sandbox.context.tokens.kid });
  });

  it('the certificate (so kid) is kept with the key in the state directory: the same after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-jwks-'));
    try {
      const first = await TokenService.create(new SandboxClock(), dir);
      const second = await TokenService.create(new SandboxClock(), dir);
      expect(second.kid).toBe(first.kid);
      expect(second.jwks()).toEqual(first.jwks());
      const other = await TokenService.create(new SandboxClock(), mkdtempSync(join(tmpdir(), 'sandbox-jwks-other-')));
      expect(other.kid).not.toBe(first.kid);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
