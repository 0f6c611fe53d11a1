import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * EC material made by the OpenSSL command line (not a test file): the tool most users make EC keys,
 * CSRs and PFX files with, and independent of the sandbox's own X.509 code. An RSA CA signs EC
 * requests (as public CAs do) and issues EC key pairs for import as PFX (OpenSSL 3's defaults:
 * AES-256/PBKDF2, SHA-256 MAC) or PEM (PKCS#8, or SEC1 "EC PRIVATE KEY" as `openssl ec` writes it).
 */
export class OpensslEcCa {
  private readonly dir = mkdtempSync(join(tmpdir(), 'jit-vault-openssl-'));
  private serial = 0x1000;

  constructor() {
    this.run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', this.path('ca.key'), '-out', this.path('ca.pem'), '-subj', '/CN=OpenSSL Test CA', '-days', '30']);
  }

  private path(name: string): string {
    return join(this.dir, name);
  }

  private run(args: string[]): void {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  }

  private sign(csrPem: string): string {
    writeFileSync(this.path('req.csr'), csrPem);
    this.serial += 1;
    this.run(['x509', '-req', '-in', this.path('req.csr'), '-CA', this.path('ca.pem'), '-CAkey', this.path('ca.key'), '-set_serial', String(this.serial), '-days', '90', '-copy_extensions', 'copy', '-out', this.path('leaf.pem')]);
    return readFileSync(this.path('leaf.pem'), 'utf8');
  }

  /** The CA certificate (PEM). */
  get caPem(): string {
    return readFileSync(this.path('ca.pem'), 'utf8');
  }

  /** Signs a PKCS#10 request (DER, as Key Vault's operation carries it); returns [leaf, ca] as DER. */
  signCsr(csrDer: Uint8Array): Uint8Array[] {
    const b64 = Buffer.from(csrDer).toString('base64').match(/.{1,64}/g)!.join('\n');
    const leaf = this.sign(`-----BEGIN CERTIFICATE REQUEST-----\n${b64}\n-----END CERTIFICATE REQUEST-----\n`);
    return [leaf, this.caPem].map((pem) => Buffer.from(pem.replace(/-----[A-Z ]+-----|\s+/g, ''), 'base64'));
  }

  /** A fresh EC key (curve as OpenSSL names it: P-256, P-384, P-521) and its certificate from this CA. */
  private keyAndCert(commonName: string, curve: string): { keyPem: string; certPem: string } {
    this.run(['req', '-new', '-newkey', 'ec', '-pkeyopt', `ec_paramgen_curve:${curve}`, '-nodes', '-keyout', this.path('leaf.key'), '-subj', `/CN=${commonName}`, '-addext', `subjectAltName=DNS:${commonName}`, '-out', this.path('new.csr')]);
    const certPem = this.sign(readFileSync(this.path('new.csr'), 'utf8'));
    return { keyPem: readFileSync(this.path('leaf.key'), 'utf8'), certPem };
  }

  /** An EC key pair and its chain as a PFX (`openssl pkcs12 -export`); an empty password as Windows tools write "none". */
  pfx(commonName: string, curve: string, password: string): Uint8Array {
    const { keyPem, certPem } = this.keyAndCert(commonName, curve);
    writeFileSync(this.path('leaf.key'), keyPem);
    writeFileSync(this.path('leaf.pem'), certPem);
    this.run(['pkcs12', '-export', '-inkey', this.path('leaf.key'), '-in', this.path('leaf.pem'), '-certfile', this.path('ca.pem'), '-passout', `pass:${password}`, '-out', this.path('out.pfx')]);
    return readFileSync(this.path('out.pfx'));
  }

  /** An EC key pair and its chain as PEM text: the key as PKCS#8 ("PRIVATE KEY") or SEC1 ("EC PRIVATE KEY"). */
  pem(commonName: string, curve: string, keyFormat: 'pkcs8' | 'sec1' = 'pkcs8'): string {
    const { keyPem, certPem } = this.keyAndCert(commonName, curve);
    let key = keyPem;
    if (keyFormat === 'sec1') {
      this.run(['ec', '-in', this.path('leaf.key'), '-out', this.path('sec1.key')]);
      key = readFileSync(this.path('sec1.key'), 'utf8');
    }
    return key + certPem + this.caPem;
  }

  /** Removes the working folder. */
  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
