import { constants, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, privateEncrypt, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

/**
 * X.509 building blocks for the certificates data plane. Keys come from Node's crypto (native and
 * fast); node-forge assembles the ASN.1 of certificates, CSRs and PKCS#12 files; signatures are made
 * by Node (a PKCS#1 v1.5 signature over forge's digest), because forge's pure-JS RSA is ~100× slower.
 */

/** Names and values of an X.509 subject, e.g. `CN=*.contoso.com, O=Contoso`. */
export type DistinguishedName = { shortName: string; value: string }[];

/** Subject alternative names in Key Vault's policy shape (`sans`). */
export interface SubjectAlternativeNames {
  dns_names?: string[];
  emails?: string[];
  uris?: string[];
  ipAddresses?: string[];
  upns?: string[];
}

/** What goes into one certificate. Times are unix seconds. */
export interface CertificateSpec {
  subject: DistinguishedName;
  sans?: SubjectAlternativeNames;
  ekus: string[];
  keyUsage: string[];
  notBefore: number;
  notAfter: number;
  /** PKCS#8 PEM of the certified key pair (its public half goes in the certificate). */
  keyPem: string;
  /** Issuer: its certificate (DER, base64) and PKCS#8 key; absent for a self-signed certificate. */
  issuer?: { cer: string; keyPem: string };
  ca?: boolean;
}

const SHORT_NAMES: Record<string, string> = { CN: 'CN', O: 'O', OU: 'OU', L: 'L', S: 'ST', ST: 'ST', C: 'C', E: 'E', EMAIL: 'E' };

/** Parses `CN=x, O=y` (Key Vault's subject syntax); undefined when it is not a distinguished name. */
export function parseDistinguishedName(subject: string): DistinguishedName | undefined {
  const parts = subject.split(/,(?=\s*[A-Za-z]+\s*=)/).map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) return undefined;
  const result: DistinguishedName = [];
  for (const part of parts) {
    const eq = part.indexOf('=');
    const key = SHORT_NAMES[part.slice(0, eq).trim().toUpperCase()];
    const value = part.slice(eq + 1).trim();
    if (eq < 1 || !key || !value) return undefined;
    result.push({ shortName: key, value });
  }
  return result;
}

/** A fresh RSA key pair as PKCS#8 PEM. */
export function generateRsaKey(bits: number): string {
  return generateKeyPairSync('rsa', { modulusLength: bits }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** DigestInfo prefix of SHA-256 (RFC 8017 §9.2 note 1). */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/** A forge "key" whose sign() is Node's RSA: forge hands it the finished SHA-256 digest. */
function nodeSigner(keyPem: string): { sign(md: forge.md.MessageDigest): string } {
  const key = createPrivateKey(keyPem);
  return {
    sign(md) {
      const digest = Buffer.from(md.digest().getBytes(), 'binary');
      return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([SHA256_DIGEST_INFO, digest])).toString('binary');
    },
  };
}

function forgePublicKey(keyPem: string): forge.pki.PublicKey {
  const spki = createPublicKey(keyPem).export({ type: 'spki', format: 'pem' }).toString();
  return forge.pki.publicKeyFromPem(spki);
}

function derOf(base64: string): forge.pki.Certificate {
  return forge.pki.certificateFromAsn1(forge.asn1.fromDer(Buffer.from(base64, 'base64').toString('binary')));
}

function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

function altNames(sans: SubjectAlternativeNames | undefined): object[] {
  if (!sans) return [];
  return [
    ...(sans.dns_names ?? []).map((value) => ({ type: 2, value })),
    ...(sans.emails ?? []).map((value) => ({ type: 1, value })),
    ...(sans.uris ?? []).map((value) => ({ type: 6, value })),
    ...(sans.ipAddresses ?? []).map((ip) => ({ type: 7, ip })),
  ];
}

function extensions(spec: Pick<CertificateSpec, 'sans' | 'ekus' | 'keyUsage' | 'ca'>): object[] {
  const list: object[] = [{ name: 'basicConstraints', cA: spec.ca === true, critical: spec.ca === true }];
  if (spec.keyUsage.length > 0) list.push({ name: 'keyUsage', critical: true, ...Object.fromEntries(spec.keyUsage.map((u) => [u, true])) });
  // forge's OID table maps both ways, so a known OID must be given by its name (serverAuth, …).
  const oids = forge.pki.oids as Record<string, string>;
  if (spec.ekus.length > 0) list.push({ name: 'extKeyUsage', ...Object.fromEntries(spec.ekus.map((oid) => [oids[oid] ?? oid, true])) });
  const names = altNames(spec.sans);
  if (names.length > 0) list.push({ name: 'subjectAltName', altNames: names });
  list.push({ name: 'subjectKeyIdentifier' });
  return list;
}

/** Issues one certificate; returns its DER as base64. */
export function issueCertificate(spec: CertificateSpec): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forgePublicKey(spec.keyPem);
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(spec.notBefore * 1000);
  cert.validity.notAfter = new Date(spec.notAfter * 1000);
  cert.setSubject(spec.subject);
  cert.setIssuer(spec.issuer ? derOf(spec.issuer.cer).subject.attributes : spec.subject);
  cert.setExtensions(extensions(spec));
  cert.sign(nodeSigner(spec.issuer?.keyPem ?? spec.keyPem) as unknown as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary').toString('base64');
}

/** A PKCS#10 request for the key, with the policy's extensions requested (as Key Vault's CSRs carry them). */
export function createCsr(spec: Pick<CertificateSpec, 'subject' | 'sans' | 'ekus' | 'keyUsage' | 'keyPem'>): string {
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forgePublicKey(spec.keyPem);
  csr.setSubject(spec.subject);
  csr.setAttributes([{ name: 'extensionRequest', extensions: extensions(spec).filter((e) => (e as { name: string }).name !== 'subjectKeyIdentifier') }]);
  csr.sign(nodeSigner(spec.keyPem) as unknown as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return Buffer.from(forge.asn1.toDer(forge.pki.certificationRequestToAsn1(csr)).getBytes(), 'binary').toString('base64');
}

/** `x5t`: the SHA-1 thumbprint of the DER, base64url (as Key Vault and JOSE write it). */
export function thumbprint(cer: string): string {
  return createHash('sha1').update(Buffer.from(cer, 'base64')).digest('base64url');
}

/** Whether a certificate (base64 DER) certifies the public half of `keyPem`. */
export function certificateMatchesKey(cer: string, keyPem: string): boolean {
  try {
    const fromCert = new X509Certificate(Buffer.from(cer, 'base64')).publicKey.export({ type: 'spki', format: 'der' });
    const fromKey = createPublicKey(keyPem).export({ type: 'spki', format: 'der' });
    return Buffer.compare(fromCert, fromKey) === 0;
  } catch {
    return false;
  }
}

/** PEM armour of a base64 DER certificate. */
export function certificatePem(cer: string): string {
  const lines = cer.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/**
 * The certificate's secret value as Key Vault serves it: base64 of an unencrypted PKCS#12 (key and
 * chain, as `application/x-pkcs12`) or the PKCS#8 key followed by the certificate chain in PEM.
 */
export function secretValue(contentType: string, keyPem: string, chain: string[]): string {
  if (contentType === 'application/x-pem-file') return `${keyPem.trim()}\n${chain.map(certificatePem).join('')}`;
  const key = forge.pki.privateKeyFromPem(keyPem);
  const p12 = forge.pkcs12.toPkcs12Asn1(key, chain.map(derOf), null, { algorithm: '3des' });
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary').toString('base64');
}

/** The facts Key Vault reports about a certificate (for imported ones, the policy is derived from them). */
export interface CertificateFacts {
  subject: string;
  notBefore: number;
  notAfter: number;
  sans: SubjectAlternativeNames;
  keyType: string;
  keySize?: number;
}

/** Reads subject, validity, SANs and key type of a certificate. */
export function describeCertificate(cer: string): CertificateFacts {
  const x = new X509Certificate(Buffer.from(cer, 'base64'));
  const dns = (x.subjectAltName ?? '')
    .split(', ')
    .filter((n) => n.startsWith('DNS:'))
    .map((n) => n.slice(4));
  const key: KeyObject = x.publicKey;
  return {
    subject: x.subject.split('\n').join(', '),
    notBefore: Math.floor(Date.parse(x.validFrom) / 1000),
    notAfter: Math.floor(Date.parse(x.validTo) / 1000),
    sans: dns.length > 0 ? { dns_names: dns } : {},
    keyType: key.asymmetricKeyType === 'ec' ? 'EC' : 'RSA',
    ...(key.asymmetricKeyDetails?.modulusLength ? { keySize: key.asymmetricKeyDetails.modulusLength } : {}),
  };
}
