import { createHash, createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import type { JWK } from 'jose';

/** What the JWKS publishes about the signing key's certificate, as Entra's keys do. */
export interface SigningCertificate {
  /** base64 (not url) DER of the self-signed certificate: the JWK's `x5c[0]`. */
  x5c: string;
  /** base64url SHA-1 thumbprint of that DER: Entra's `x5t`, and its `kid`. */
  x5t: string;
}

/**
 * Entra publishes each token-signing key with its X.509 certificate (`x5c`), and both `kid` and
 * `x5t` are the base64url SHA-1 thumbprint of the certificate's DER (learn.microsoft.com,
 * "certificate credentials": "x5t: Base64url-encoded SHA-1 thumbprint of the X.509 certificate's DER
 * encoding"; MSIdentityTools' Get-MsIdSigningKeyThumbprint reads `x5c` as the certificate of `kid`).
 * The sandbox does the same with a self-signed certificate over its signing key, kept in the state
 * directory beside the key so `kid` survives a restart.
 */
export function signingCertificate(privateJwk: JWK, stateDir: string | undefined): SigningCertificate {
  const file = stateDir ? join(stateDir, 'token-signing-cert.pem') : undefined;
  let pem: string;
  if (file && existsSync(file)) {
    pem = readFileSync(file, 'utf8');
  } else {
    pem = selfSigned(privateJwk);
    if (file) writeFileSync(file, pem, { mode: 0o600 });
  }
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(forge.pki.certificateFromPem(pem))).getBytes(), 'binary');
  return { x5c: der.toString('base64'), x5t: createHash('sha1').update(der).digest('base64url') };
}

function selfSigned(privateJwk: JWK): string {
  const privateKey = createPrivateKey({ key: privateJwk as never, format: 'jwk' });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  const now = new Date();
  cert.validity.notBefore = new Date(now.getTime() - 86_400_000);
  cert.validity.notAfter = new Date(now.getTime() + 5 * 365 * 86_400_000);
  // Entra's signing certificates name the old ACS host as subject and issuer.
  const name = [{ name: 'commonName', value: 'accounts.accesscontrol.windows.net' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.sign(forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}
