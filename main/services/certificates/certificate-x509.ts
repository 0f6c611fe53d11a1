import { X509Certificate } from 'node:crypto';

/** What the app shows of an X.509 certificate (read from its DER bytes). */
export interface X509Summary {
  subject: string;
  issuer: string;
  subjectAlternativeNames: string[];
  /** SHA-1, upper-case hex, no separators. */
  thumbprint: string;
  /** `RSA 2048`, `EC P-256`, or the key algorithm's name. */
  keyType: string;
  notBefore: number;
  expiresOn: number;
}

/** OpenSSL curve names → the names Key Vault and Windows use. */
const CURVES: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521', secp256k1: 'P-256K' };

/** Node prints a DN one attribute per line; people read it comma-separated, as Key Vault's policy writes it. */
function dn(text: string): string {
  return text
    .split('\n')
    .map((part) => part.trim())
    .filter(Boolean)
    .join(', ');
}

/**
 * Reads the fields the catalog shows from a certificate's DER bytes with Node's own X.509 parser
 * (no extra dependency ships for it). Throws on bytes that are not a certificate; the caller turns
 * that into the item's `detailsError`.
 */
export function summariseX509(der: Uint8Array): X509Summary {
  const cert = new X509Certificate(der);
  const key = cert.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  const keyType =
    key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss'
      ? `RSA ${details.modulusLength ?? ''}`.trim()
      : key.asymmetricKeyType === 'ec'
        ? `EC ${CURVES[details.namedCurve ?? ''] ?? details.namedCurve ?? ''}`.trim()
        : (key.asymmetricKeyType ?? 'unknown').toUpperCase();
  return {
    subject: dn(cert.subject),
    issuer: dn(cert.issuer),
    subjectAlternativeNames: (cert.subjectAltName ?? '')
      .split(', ')
      .map((name) => name.replace(/^(DNS|email|IP Address|URI|othername):\s*/i, '').trim())
      .filter(Boolean),
    thumbprint: cert.fingerprint.replace(/:/g, '').toUpperCase(),
    keyType,
    notBefore: Date.parse(cert.validFrom),
    expiresOn: Date.parse(cert.validTo),
  };
}

/** PEM armour of DER bytes under `label` (64-character lines, as OpenSSL writes it). */
function armour(der: Uint8Array, label: string): string {
  const base64 = Buffer.from(der).toString('base64');
  return `-----BEGIN ${label}-----\n${base64.match(/.{1,64}/g)!.join('\n')}\n-----END ${label}-----\n`;
}

/** PEM of one DER certificate. */
export function derToPem(der: Uint8Array): string {
  return armour(der, 'CERTIFICATE');
}

/** PEM of a DER certificate signing request (PKCS#10), as CAs expect it pasted or uploaded. */
export function csrPem(der: Uint8Array): string {
  return armour(der, 'CERTIFICATE REQUEST');
}

/** SHA-1 thumbprint bytes (the SDK's `x509Thumbprint`) as upper-case hex. */
export function thumbprintHex(bytes: Uint8Array | undefined): string | undefined {
  return bytes && bytes.length > 0 ? Buffer.from(bytes).toString('hex').toUpperCase() : undefined;
}
