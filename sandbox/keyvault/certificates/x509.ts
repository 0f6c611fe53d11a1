import { createHash, createPrivateKey, createPublicKey, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { buildPkcs12 } from './pkcs12-der.js';
import { curveOf, signatureAlgorithm, spkiDer, subjectKeyIdentifier } from './x509-keys.js';

/**
 * X.509 building blocks for the certificates data plane, for RSA and EC keys. Keys and signatures
 * come from Node's crypto (native, fast, every curve Key Vault names); node-forge (already a
 * dependency) lays out the ASN.1 of certificates and CSRs, with the SubjectPublicKeyInfo and the
 * signature algorithm put in from Node, since forge's own key objects are RSA only.
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


/**
 * Signs a TBSCertificate or CertificationRequestInfo with Node's crypto (RSA PKCS#1 v1.5 or ECDSA;
 * forge's pure-JS RSA is ~100x slower and it has no EC) and wraps it as `SEQUENCE { tbs, algorithm,
 * BIT STRING signature }`. The AlgorithmIdentifier inside the TBS (`tbsAlgorithmIndex`) is set to the
 * same one, as RFC 5280 §4.1.1.2 requires.
 */
function signAsn1(tbs: forge.asn1.Asn1, signerPem: string, tbsAlgorithmIndex?: number): string {
  const { asn1 } = forge;
  const algorithm = signatureAlgorithm(signerPem);
  const algorithmId = (): forge.asn1.Asn1 =>
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(algorithm.oid).getBytes()),
      ...(algorithm.withNullParameters ? [asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '')] : []),
    ]);
  if (tbsAlgorithmIndex !== undefined) (tbs.value as forge.asn1.Asn1[])[tbsAlgorithmIndex] = algorithmId();
  const tbsDer = Buffer.from(asn1.toDer(tbs).getBytes(), 'binary');
  const signature = sign(algorithm.hash, tbsDer, createPrivateKey(signerPem));
  const whole = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    tbs,
    algorithmId(),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BITSTRING, false, `\0${signature.toString('binary')}`),
  ]);
  return Buffer.from(asn1.toDer(whole).getBytes(), 'binary').toString('base64');
}

/** The key's SubjectPublicKeyInfo as forge ASN.1 (any key type: forge itself encodes RSA keys only). */
function spkiAsn1(keyPem: string): forge.asn1.Asn1 {
  return forge.asn1.fromDer(spkiDer(keyPem).toString('binary'));
}

/** forge lays out the to-be-signed parts with these (exported at runtime, missing from @types/node-forge). */
const layout = forge.pki as unknown as {
  getTBSCertificate(cert: forge.pki.Certificate): forge.asn1.Asn1;
  getCertificationRequestInfo(csr: ReturnType<typeof forge.pki.createCertificationRequest>): forge.asn1.Asn1;
};

/** forge needs an RSA public key to lay out a TBS; its SubjectPublicKeyInfo is then replaced by the real key's. */
const PLACEHOLDER_KEY = forge.pki.setRsaPublicKey(new forge.jsbn.BigInteger('1'), new forge.jsbn.BigInteger('65537'));

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
  return list;
}

/** Issues one certificate (RSA or EC key; signed by the issuer's key or, self-signed, its own); returns its DER as base64. */
export function issueCertificate(spec: CertificateSpec): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = PLACEHOLDER_KEY;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(spec.notBefore * 1000);
  cert.validity.notAfter = new Date(spec.notAfter * 1000);
  cert.setSubject(spec.subject);
  cert.setIssuer(spec.issuer ? derOf(spec.issuer.cer).subject.attributes : spec.subject);
  cert.setExtensions([...extensions(spec), { name: 'subjectKeyIdentifier', subjectKeyIdentifier: subjectKeyIdentifier(spec.keyPem) }]);
  cert.siginfo.algorithmOid = forge.pki.oids.sha256WithRSAEncryption!; // laid out, then replaced by signAsn1
  const tbs = layout.getTBSCertificate(cert);
  // TBSCertificate: [0] version, serialNumber, signature (2), issuer, validity, subject, subjectPublicKeyInfo (6), [3] extensions.
  (tbs.value as forge.asn1.Asn1[])[6] = spkiAsn1(spec.keyPem);
  return signAsn1(tbs, spec.issuer?.keyPem ?? spec.keyPem, 2);
}

/** A PKCS#10 request for the key, with the policy's extensions requested (as Key Vault's CSRs carry them). */
export function createCsr(spec: Pick<CertificateSpec, 'subject' | 'sans' | 'ekus' | 'keyUsage' | 'keyPem'>): string {
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = PLACEHOLDER_KEY;
  csr.setSubject(spec.subject);
  csr.setAttributes([{ name: 'extensionRequest', extensions: extensions(spec) }]);
  const info = layout.getCertificationRequestInfo(csr);
  // CertificationRequestInfo: version, subject, subjectPKInfo (2), [0] attributes.
  (info.value as forge.asn1.Asn1[])[2] = spkiAsn1(spec.keyPem);
  return signAsn1(info, spec.keyPem);
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
  const keyDer = createPrivateKey(keyPem).export({ type: 'pkcs8', format: 'der' });
  return buildPkcs12(keyDer, chain.map((cer) => Buffer.from(cer, 'base64')), null).toString('base64');
}

/** The facts Key Vault reports about a certificate (for imported ones, the policy is derived from them). */
export interface CertificateFacts {
  subject: string;
  notBefore: number;
  notAfter: number;
  sans: SubjectAlternativeNames;
  keyType: string;
  keySize?: number;
  /** Key Vault's curve name of an EC key (`P-256`, …). */
  crv?: string;
}

/** Reads subject, validity, SANs and key type of a certificate. */
export function describeCertificate(cer: string): CertificateFacts {
  const x = new X509Certificate(Buffer.from(cer, 'base64'));
  const dns = (x.subjectAltName ?? '')
    .split(', ')
    .filter((n) => n.startsWith('DNS:'))
    .map((n) => n.slice(4));
  const key: KeyObject = x.publicKey;
  const crv = curveOf(key);
  return {
    subject: x.subject.split('\n').join(', '),
    notBefore: Math.floor(Date.parse(x.validFrom) / 1000),
    notAfter: Math.floor(Date.parse(x.validTo) / 1000),
    sans: dns.length > 0 ? { dns_names: dns } : {},
    keyType: key.asymmetricKeyType === 'ec' ? 'EC' : 'RSA',
    ...(key.asymmetricKeyDetails?.modulusLength ? { keySize: key.asymmetricKeyDetails.modulusLength } : {}),
    ...(crv ? { crv } : {}),
  };
}
