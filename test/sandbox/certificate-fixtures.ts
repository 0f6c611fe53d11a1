import type { TokenCredential } from '@azure/core-auth';
import { CertificateClient, type CertificateClientOptions } from '@azure/keyvault-certificates';
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import type { TestSandbox } from '../helpers/sandbox.js';

/**
 * Set-up for the certificates conformance suites (not a test file): an SDK client configured as the
 * app configures it for a loopback vault, and an outside CA that signs CSRs and builds PFX/PEM files
 * the way other tools do (node-forge, independent of the sandbox's own X.509 code).
 */

/** The certificates vault of the demo seed. */
export const WEB_VAULT = 'kv-contoso-web';

/** A CertificateClient as the app builds it for a loopback vault: only challenge-resource verification is off. */
export function certificateClient(sandbox: TestSandbox, vault: string, credential: TokenCredential, options: CertificateClientOptions = {}): CertificateClient {
  return new CertificateClient(sandbox.context.origins.vault(vault), credential, { disableChallengeResourceVerification: true, ...options });
}

function forgeKeys(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  return { privateKey: key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e) };
}

function der(cert: forge.pki.Certificate): Uint8Array {
  return Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
}

/** An outside CA ("the customer's CA") that signs CSRs and issues key pairs for import. */
export class OutsideCa {
  private readonly keys = forgeKeys();
  readonly cert: forge.pki.Certificate;

  constructor() {
    this.cert = forge.pki.createCertificate();
    this.cert.publicKey = this.keys.publicKey;
    this.cert.serialNumber = '01';
    this.cert.validity.notBefore = new Date(Date.now() - 3600_000);
    this.cert.validity.notAfter = new Date(Date.now() + 5 * 365 * 86400_000);
    const name = [{ shortName: 'CN', value: 'Outside Test CA' }];
    this.cert.setSubject(name);
    this.cert.setIssuer(name);
    this.cert.setExtensions([{ name: 'basicConstraints', cA: true }]);
    this.cert.sign(this.keys.privateKey, forge.md.sha256.create());
  }

  /** Signs a base64 DER PKCS#10 request; returns [leaf, ca] as DER. */
  signCsr(csrDer: Uint8Array, days = 90): Uint8Array[] {
    const csr = forge.pki.certificationRequestFromAsn1(forge.asn1.fromDer(Buffer.from(csrDer).toString('binary')));
    return [der(this.issue(csr.publicKey as forge.pki.rsa.PublicKey, csr.subject.attributes, days)), der(this.cert)];
  }

  private issue(publicKey: forge.pki.rsa.PublicKey, subject: forge.pki.CertificateField[], days: number, from = Date.now() - 60_000): forge.pki.Certificate {
    const cert = forge.pki.createCertificate();
    cert.publicKey = publicKey;
    cert.serialNumber = `0${Math.floor(Math.random() * 1e9).toString(16)}`;
    cert.validity.notBefore = new Date(from);
    cert.validity.notAfter = new Date(from + days * 86400_000);
    cert.setSubject(subject);
    cert.setIssuer(this.cert.subject.attributes);
    cert.setExtensions([{ name: 'subjectAltName', altNames: [{ type: 2, value: String(subject[0]?.value ?? 'x') }] }]);
    cert.sign(this.keys.privateKey, forge.md.sha256.create());
    return cert;
  }

  /** A key pair and its certificate from this CA, as a PFX (password may be null: no encryption). */
  pfx(commonName: string, password: string | null, options: { days?: number; from?: number } = {}): Uint8Array {
    const keys = forgeKeys();
    const cert = this.issue(keys.publicKey, [{ shortName: 'CN', value: commonName }], options.days ?? 90, options.from);
    const p12 = forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert, this.cert], password, { algorithm: '3des' });
    return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
  }

  /** A key pair and its certificate as the PEM text Key Vault imports (key, then chain). */
  pem(commonName: string): string {
    const keys = forgeKeys();
    const cert = this.issue(keys.publicKey, [{ shortName: 'CN', value: commonName }], 90);
    return forge.pki.privateKeyInfoToPem(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keys.privateKey))) + forge.pki.certificateToPem(cert) + forge.pki.certificateToPem(this.cert);
  }
}

/** Opens a PKCS#12 (base64) and returns its key and certificates. */
export function openPfx(base64: string, password?: string): { key: forge.pki.rsa.PrivateKey; certs: forge.pki.Certificate[] } {
  const asn1 = forge.asn1.fromDer(Buffer.from(base64, 'base64').toString('binary'));
  const p12 = password === undefined ? forge.pkcs12.pkcs12FromAsn1(asn1) : forge.pkcs12.pkcs12FromAsn1(asn1, password);
  const keyBags = [...(p12.getBags({ bagType: forge.pki.oids.keyBag! })[forge.pki.oids.keyBag!] ?? []), ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!] ?? [])];
  const certs = (p12.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? []).map((b) => b.cert!);
  return { key: keyBags[0]!.key as forge.pki.rsa.PrivateKey, certs };
}

/** Whether a forge key is the private half of a certificate's public key. */
export function keyMatches(key: forge.pki.rsa.PrivateKey, cert: forge.pki.Certificate): boolean {
  return (cert.publicKey as forge.pki.rsa.PublicKey).n.equals(key.n);
}
