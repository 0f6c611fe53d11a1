import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

/**
 * Key pairs of certificates and the signature algorithm each key signs with. Key Vault's certificate
 * policies name RSA keys by size and EC keys by curve (`key_props.crv`: P-256, P-384, P-521, P-256K —
 * JsonWebKeyCurveName in the REST reference); Node's OpenSSL makes all of them.
 */

/** Key Vault's curve names (JWK `crv`) → OpenSSL's names. */
export const EC_CURVES: Record<string, string> = { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1', 'P-256K': 'secp256k1' };

/** OpenSSL's curve names → Key Vault's (`crv`). */
const CURVE_NAMES: Record<string, string> = Object.fromEntries(Object.entries(EC_CURVES).map(([kv, openssl]) => [openssl, kv]));

/** The key size (bits) each curve has, as Key Vault reports `key_size` beside `crv`. */
export const CURVE_BITS: Record<string, number> = { 'P-256': 256, 'P-384': 384, 'P-521': 521, 'P-256K': 256 };

/** What a policy's `key_props` asks for. */
export interface KeySpec {
  kty: string;
  key_size?: number;
  crv?: string;
}

/** A fresh RSA key pair as PKCS#8 PEM. */
export function generateRsaKey(bits: number): string {
  return generateKeyPairSync('rsa', { modulusLength: bits }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** A fresh key pair for a policy's key_props (RSA/RSA-HSM by size, EC/EC-HSM by curve) as PKCS#8 PEM. */
export function generateCertificateKey(spec: KeySpec): string {
  if (!spec.kty.startsWith('EC')) return generateRsaKey(spec.key_size ?? 2048);
  const namedCurve = EC_CURVES[spec.crv ?? 'P-256'] ?? EC_CURVES['P-256']!;
  return generateKeyPairSync('ec', { namedCurve }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** Key Vault's name of an EC key's curve (`P-256`, …); undefined for other keys or unknown curves. */
export function curveOf(key: KeyObject): string | undefined {
  if (key.asymmetricKeyType !== 'ec') return undefined;
  return CURVE_NAMES[key.asymmetricKeyDetails?.namedCurve ?? ''];
}

/** OID and hash of the signatures a key makes: SHA-256 with RSA; ECDSA with the hash that fits the curve (RFC 5480 §4). */
export function signatureAlgorithm(keyPem: string): { oid: string; hash: string; withNullParameters: boolean } {
  const key = createPrivateKey(keyPem);
  if (key.asymmetricKeyType !== 'ec') return { oid: '1.2.840.113549.1.1.11', hash: 'sha256', withNullParameters: true };
  const curve = curveOf(key);
  // ecdsa-with-SHA256/384/512 (RFC 5758 §3.2): their AlgorithmIdentifier has no parameters.
  if (curve === 'P-384') return { oid: '1.2.840.10045.4.3.3', hash: 'sha384', withNullParameters: false };
  if (curve === 'P-521') return { oid: '1.2.840.10045.4.3.4', hash: 'sha512', withNullParameters: false };
  return { oid: '1.2.840.10045.4.3.2', hash: 'sha256', withNullParameters: false };
}

/** SubjectPublicKeyInfo DER of a key (a private or public PEM/KeyObject). */
export function spkiDer(key: string | KeyObject): Buffer {
  return createPublicKey(key).export({ type: 'spki', format: 'der' });
}

/**
 * RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING's value — the RSAPublicKey
 * DER for RSA, the uncompressed point (0x04 || x || y) for EC.
 */
export function subjectKeyIdentifier(key: string | KeyObject): string {
  const pub = createPublicKey(key);
  let bits: Buffer;
  if (pub.asymmetricKeyType === 'ec') {
    const jwk = pub.export({ format: 'jwk' });
    bits = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]);
  } else {
    bits = pub.export({ type: 'pkcs1', format: 'der' });
  }
  return createHash('sha1').update(bits).digest('hex');
}

/**
 * The key a renewal with `reuse_key` keeps, when it still fits the policy (same type, and curve for
 * EC; a policy changed from RSA to EC or to another curve gets a fresh key), else a new one.
 */
export function renewalKey(spec: KeySpec & { reuse_key: boolean }, previousPem: string | undefined): string {
  if (spec.reuse_key && previousPem) {
    const key = createPrivateKey(previousPem);
    const fits = spec.kty.startsWith('EC') ? curveOf(key) === (spec.crv ?? 'P-256') : key.asymmetricKeyType === 'rsa';
    if (fits) return previousPem;
  }
  return generateCertificateKey(spec);
}
