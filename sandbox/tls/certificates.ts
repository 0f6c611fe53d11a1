import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';

/** The sandbox's TLS material: a private CA (whose certificate clients trust) and a loopback leaf. */
export interface SandboxTls {
  /** Path of the CA certificate, for NODE_EXTRA_CA_CERTS or a CA option. */
  readonly caCertPath: string;
  readonly caCertPem: string;
  readonly leafCertPem: string;
  readonly leafKeyPem: string;
}

const FILES = { caCert: 'ca.pem', leafCert: 'localhost.pem', leafKey: 'localhost-key.pem' } as const;
/** The files `ensureTls` keeps in its folder (what a test copies to reuse one run's CA). No CA key among them. */
export const TLS_FILE_NAMES: readonly string[] = Object.values(FILES);
/** Written by earlier versions; removed on sight (the CA key is kept only while the leaf is issued). */
const OLD_CA_KEY = 'ca-key.pem';
/** Renew (new CA, new leaf) when the leaf has less than this left. */
const RENEW_BEFORE_MS = 30 * 24 * 60 * 60 * 1000;
/** Everything the CA may ever vouch for: the loopback names the leaf carries (RFC 5280 §4.2.1.10). */
export const CA_PERMITTED = { dns: ['localhost'], ip: ['127.0.0.1', '::1'] } as const;

/**
 * Loads the CA and leaf certificate from `stateDir`, creating them on first start (and again when
 * the leaf is near its end, or the CA predates its name constraints).
 * Keys come from Node's crypto (fast, native); node-forge only assembles and signs the X.509 structures,
 * which Node cannot do by itself. The leaf covers exactly `localhost`, 127.0.0.1 and ::1.
 *
 * Hardening (issue 12 item 6): the CA is name-constrained to those names, so even a stolen or
 * mistakenly trusted CA cannot vouch for any real host; and its private key lives only in memory
 * while the leaf is signed — it is never written, so nothing can mint another certificate later.
 */
export function ensureTls(stateDir: string): SandboxTls {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const path = (name: keyof typeof FILES) => join(stateDir, FILES[name]);
  rmSync(join(stateDir, OLD_CA_KEY), { force: true });
  if (!Object.keys(FILES).every((name) => existsSync(path(name as keyof typeof FILES))) || needsRenewal(path('caCert'), path('leafCert'))) {
    const ca = createCa();
    const leaf = issueLeaf(ca, { dns: ['localhost'], ip: ['127.0.0.1', '::1'] });
    // ca.key goes out of scope here: only the certificates and the leaf key are kept.
    writeFileSync(path('leafKey'), forge.pki.privateKeyToPem(leaf.key), { mode: 0o600 });
    writeFileSync(path('caCert'), forge.pki.certificateToPem(ca.cert));
    writeFileSync(path('leafCert'), forge.pki.certificateToPem(leaf.cert) + forge.pki.certificateToPem(ca.cert));
  }
  return {
    caCertPath: path('caCert'),
    caCertPem: readFileSync(path('caCert'), 'utf8'),
    leafCertPem: readFileSync(path('leafCert'), 'utf8'),
    leafKeyPem: readFileSync(path('leafKey'), 'utf8'),
  };
}

/** An older CA without name constraints, an unreadable file, or a leaf near its end: make new ones. */
function needsRenewal(caCertPath: string, leafCertPath: string): boolean {
  try {
    const ca = forge.pki.certificateFromPem(readFileSync(caCertPath, 'utf8'));
    const leaf = forge.pki.certificateFromPem(readFileSync(leafCertPath, 'utf8'));
    return !ca.getExtension('nameConstraints') || leaf.validity.notAfter.getTime() - Date.now() < RENEW_BEFORE_MS;
  } catch {
    return true;
  }
}

function rsaKeyPair(): { publicKey: forge.pki.rsa.PublicKey; privateKey: forge.pki.rsa.PrivateKey } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicKey: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
    privateKey: forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()),
  };
}

function serial(): string {
  // Positive 16-byte serial (high bit cleared) as DER expects.
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

function validity(cert: forge.pki.Certificate, years: number): void {
  const now = new Date();
  cert.validity.notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now.getTime() + years * 365 * 24 * 60 * 60 * 1000);
}

/** A CA certificate and its key (in memory only). */
export interface IssuingCa {
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
}

/** A new sandbox CA, name-constrained to CA_PERMITTED. Exported for the test that proves the constraint. */
export function createCa(): IssuingCa {
  const keys = rsaKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  validity(cert, 10);
  const subject = [
    { name: 'commonName', value: `JIT Vault Sandbox CA ${randomBytes(4).toString('hex')}` },
    { name: 'organizationName', value: 'JIT Vault local Azure sandbox' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true, pathLenConstraint: 0 },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { id: '2.5.29.30', critical: true, value: nameConstraints(CA_PERMITTED) },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { cert, key: keys.privateKey };
}

/** A server certificate for `names`, signed by `ca`. Exported for the test that proves the constraint. */
export function issueLeaf(ca: IssuingCa, names: { dns: readonly string[]; ip: readonly string[] }): { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } {
  const keys = rsaKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  // Browsers reject leaf certificates valid for more than 398 days.
  validity(cert, 1);
  cert.setSubject([{ name: 'commonName', value: names.dns[0] ?? names.ip[0] ?? 'localhost' }]);
  cert.setIssuer(ca.cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [...names.dns.map((value) => ({ type: 2, value })), ...names.ip.map((ip) => ({ type: 7, ip }))],
    },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(ca.key, forge.md.sha256.create());
  return { cert, key: keys.privateKey };
}

/**
 * DER of NameConstraints (RFC 5280 §4.2.1.10) with only permittedSubtrees: dNSName [2] and
 * iPAddress [7] as address + all-ones mask (a single host). node-forge parses this extension but
 * cannot encode it, so it is built here with forge.asn1 (IMPLICIT tags, as the RFC's module says).
 */
function nameConstraints(permitted: { dns: readonly string[]; ip: readonly string[] }): forge.asn1.Asn1 {
  const { asn1 } = forge;
  const subtree = (name: forge.asn1.Asn1) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [name]);
  const dns = permitted.dns.map((host) => subtree(asn1.create(asn1.Class.CONTEXT_SPECIFIC, 2, false, host)));
  const ips = permitted.ip.map((ip) => {
    // Present in node-forge 1.x (util.js), missing from @types/node-forge.
    const address = (forge.util as unknown as { bytesFromIP(ip: string): string | null }).bytesFromIP(ip);
    if (!address) throw new Error(`Not an IP address: ${ip}`);
    return subtree(asn1.create(asn1.Class.CONTEXT_SPECIFIC, 7, false, address + '\xff'.repeat(address.length)));
  });
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [...dns, ...ips])]);
}
