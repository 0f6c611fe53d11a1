import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

const FILES = { caCert: 'ca.pem', caKey: 'ca-key.pem', leafCert: 'localhost.pem', leafKey: 'localhost-key.pem' } as const;

/**
 * Loads the CA and leaf certificate from `stateDir`, creating them on first start.
 * Keys come from Node's crypto (fast, native); node-forge only assembles and signs the X.509 structures,
 * which Node cannot do by itself. The leaf covers exactly `localhost`, 127.0.0.1 and ::1.
 */
export function ensureTls(stateDir: string): SandboxTls {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const path = (name: keyof typeof FILES) => join(stateDir, FILES[name]);
  if (!Object.keys(FILES).every((name) => existsSync(path(name as keyof typeof FILES)))) {
    const ca = createCa();
    const leaf = createLeaf(ca.cert, ca.key);
    writeFileSync(path('caKey'), forge.pki.privateKeyToPem(ca.key), { mode: 0o600 });
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

function createCa(): { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } {
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
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { cert, key: keys.privateKey };
}

function createLeaf(
  caCert: forge.pki.Certificate,
  caKey: forge.pki.rsa.PrivateKey,
): { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } {
  const keys = rsaKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  // Browsers reject leaf certificates valid for more than 398 days.
  validity(cert, 1);
  cert.setSubject([{ name: 'commonName', value: 'localhost' }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 7, ip: '127.0.0.1' },
        { type: 7, ip: '::1' },
      ],
    },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { cert, key: keys.privateKey };
}
