import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateImport } from '../../main/services/certificates/certificate-import.js';
import { nodeImportFileSystem } from '../../main/services/certificates/certificate-import-file.js';
import type { CertificateTemplate } from '../../main/services/certificates/certificate-template.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { WEB_VAULT } from '../sandbox/certificate-fixtures.js';
import { USERS } from '../sandbox/keyvault-fixtures.js';
import { OpensslEcCa } from '../sandbox/openssl-ec-fixtures.js';
import { wireCertificateService } from './certificate-support.js';
import { vaultSettings } from './vault-support.js';

const PASSWORD = 'Ec-Canary-Pw-4418';

function template(overrides: Partial<CertificateTemplate>): CertificateTemplate {
  return { issuer: 'Self', subject: 'CN=ec.contoso.example', dnsNames: ['ec.contoso.example'], emails: [], keyType: 'EC', curve: 'P-256', validityMonths: 12, contentType: 'application/x-pkcs12', exportable: true, ...overrides };
}

function samePublicKey(key: KeyObject, cert: X509Certificate): boolean {
  return createPublicKey(key).export({ type: 'spki', format: 'der' }).equals(cert.publicKey.export({ type: 'spki', format: 'der' }));
}

/** Opens a saved PFX with the OpenSSL command line (independent of the app's PKCS#12 code): the key and the certificates. */
function opensslOpen(path: string, password: string): { key: KeyObject; certs: X509Certificate[] } {
  const run = (extra: string[]) => execFileSync('openssl', ['pkcs12', '-in', path, '-passin', `pass:${password}`, '-nodes', ...extra], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const certs = (run(['-nokeys']).match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((pem) => new X509Certificate(pem));
  return { key: createPrivateKey(run(['-nocerts'])), certs };
}

/**
 * Elliptic-curve certificates in the app, through the REAL SDKs against the sandbox: the officer's
 * create form's EC choice (self-signed, named issuer, Unknown + merge), "Save PFX" and "copy PEM
 * private key" of an EC certificate, and importing EC files as users have them (OpenSSL's PFX, a
 * SEC1 "EC PRIVATE KEY" PEM the app re-wraps to PKCS#8). Saved files are opened with OpenSSL.
 */
describe('EC certificates in the app against the sandbox', () => {
  let sandbox: TestSandbox;
  let env: Awaited<ReturnType<typeof wireCertificateService>>;
  const outside = new OpensslEcCa();
  const files = mkdtempSync(join(tmpdir(), 'jit-vault-ec-'));

  beforeAll(async () => {
    sandbox = await startTestSandbox({ settings: { certificateIssueDelaySeconds: 0 } });
    env = await wireCertificateService(sandbox, vaultSettings(sandbox, [{ name: WEB_VAULT }]));
    const accountId = await env.tokens.signIn(USERS.officer); // Sara: Certificates Officer + Secrets Officer on the web vault
    env.session.unlock({ vault: WEB_VAULT, accountId, endsAt: null });
    await env.service.refresh();
  });
  afterAll(async () => {
    outside.close();
    rmSync(files, { recursive: true, force: true });
    await env?.close();
    await sandbox?.close();
  });

  it('creates a self-signed EC P-384 certificate stored as PEM; copies its PKCS#8 EC key (concealed) and saves a PFX OpenSSL opens', async () => {
    const ref = { vault: WEB_VAULT, name: 'ec-intranet' };
    await env.officer.create(ref, template({ curve: 'P-384', contentType: 'application/x-pem-file' }));
    expect((await env.officer.operation(ref)).status).toBe('completed');
    await env.service.refresh([WEB_VAULT]);
    expect(env.service.item(WEB_VAULT, 'ec-intranet')).toMatchObject({ keyType: 'EC P-384', contentType: 'application/x-pem-file', issuerName: 'Self' });
    expect(env.journalText()).toMatch(/"secretName":"ec-intranet".*"detail":"create \(issuer Self, EC P-384, 12 months, PEM\)"/);
    const cert = new X509Certificate((await env.service.clients.clientFor(env.service.vault(WEB_VAULT)).getCertificate('ec-intranet')).cer!);

    await env.keyCopy.copyPrivateKey(ref);
    const copied = env.clipboard.current();
    expect(copied).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+-----END PRIVATE KEY-----\n$/);
    expect(env.clipboard.writes.at(-1)).toEqual({ concealed: true });
    const copiedKey = createPrivateKey(copied);
    expect(copiedKey.asymmetricKeyDetails?.namedCurve).toBe('secp384r1');
    expect(samePublicKey(copiedKey, cert)).toBe(true);

    expect(await env.exporter.savePfx(ref, PASSWORD)).toEqual({ saved: true, fileName: 'ec-intranet.pfx' });
    const path = join(env.dir, 'ec-intranet.pfx');
    const { key, certs } = opensslOpen(path, PASSWORD);
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('secp384r1');
    expect(samePublicKey(key, certs[0]!)).toBe(true);
    expect(certs[0]!.raw.equals(cert.raw)).toBe(true);
    expect(() => opensslOpen(path, 'wrong-password')).toThrow();
    expect(env.journalText()).not.toContain(PASSWORD);
  });

  it('a named issuer signs an EC P-256 leaf (PKCS#12): the saved PFX holds the EC key, the leaf and the RSA issuing CA, leaf first', async () => {
    const ref = { vault: WEB_VAULT, name: 'ec-shop' };
    await env.officer.create(ref, template({ issuer: 'Contoso-Issuing-CA', subject: 'CN=shop.contoso.example', dnsNames: ['shop.contoso.example'] }));
    expect((await env.officer.operation(ref)).status).toBe('completed');
    await env.exporter.savePfx(ref, PASSWORD);
    const { key, certs } = opensslOpen(join(env.dir, 'ec-shop.pfx'), PASSWORD);
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(certs).toHaveLength(2);
    expect(samePublicKey(key, certs[0]!)).toBe(true);
    expect(certs[0]!.checkIssued(certs[1]!)).toBe(true);
    expect(certs[1]!.publicKey.asymmetricKeyType).toBe('rsa');
    expect(await env.exporter.saveChain(ref)).toEqual({ saved: true, fileName: 'ec-shop-chain.pem' });
    expect(readFileSync(join(env.dir, 'ec-shop-chain.pem'), 'utf8')).not.toMatch(/PRIVATE KEY/);
  });

  it('creates with issuer Unknown and EC P-521: the saved CSR verifies in OpenSSL, and the chain OpenSSL signs merges', async () => {
    const ref = { vault: WEB_VAULT, name: 'ec-partner' };
    const op = await env.officer.create(ref, template({ issuer: 'Unknown', subject: 'CN=partner.contoso.example', dnsNames: ['partner.contoso.example'], curve: 'P-521' }));
    expect(op).toMatchObject({ status: 'inProgress', issuerName: 'Unknown' });
    await env.exporter.saveCsr(ref);
    const csrPem = readFileSync(join(env.dir, 'ec-partner.csr'), 'utf8');
    const csrText = execFileSync('openssl', ['req', '-in', join(env.dir, 'ec-partner.csr'), '-verify', '-noout', '-text'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(csrText).toMatch(/ASN1 OID: secp521r1/);
    const chain = outside.signCsr(Buffer.from(csrPem.replace(/-----[A-Z ]+-----|\s+/g, ''), 'base64'));
    const chainPem = chain.map((der) => new X509Certificate(der).toString()).join('');
    expect(await env.officer.merge(ref, chainPem)).toMatchObject({ status: 'completed' });
    await env.service.refresh([WEB_VAULT]);
    expect(env.service.item(WEB_VAULT, 'ec-partner')).toMatchObject({ keyType: 'EC P-521', issuerName: 'Unknown' });
  });

  it('imports an EC PFX OpenSSL wrote and an EC PEM whose key is SEC1 ("EC PRIVATE KEY", re-wrapped to PKCS#8); both list as EC on their curve', async () => {
    let chosen: string | undefined;
    const importer = new CertificateImport({ certificates: env.service, journal: env.journal, clock: new ManualClock(Date.now()), openLocation: { choose: async () => chosen }, files: nodeImportFileSystem });
    const importPath = async (fileName: string, bytes: Uint8Array | string, name: string, password?: string) => {
      chosen = join(files, fileName);
      writeFileSync(chosen, bytes);
      const held = (await importer.chooseFile())!;
      return { held, imported: await importer.importFile({ vault: WEB_VAULT, name, fileId: held.fileId, ...(password ? { password } : {}) }) };
    };
    const pfx = await importPath('ec-web.pfx', outside.pfx('ec-web.contoso.example', 'P-384', 'Imp0rt-pw!'), 'ec-web', 'Imp0rt-pw!');
    expect(pfx.imported).toMatchObject({ name: 'ec-web', subject: 'CN=ec-web.contoso.example' });
    const sec1 = await importPath('ec-legacy.pem', outside.pem('ec-legacy.contoso.example', 'P-256', 'sec1'), 'ec-legacy');
    expect(sec1.held).toMatchObject({ format: 'pem', pem: { certificates: 2, privateKey: 'plain', keyFormat: 'legacy' } });
    expect(sec1.imported).toMatchObject({ subject: 'CN=ec-legacy.contoso.example' });
    await env.service.refresh([WEB_VAULT]);
    expect(env.service.item(WEB_VAULT, 'ec-web')).toMatchObject({ keyType: 'EC P-384', contentType: 'application/x-pkcs12' });
    expect(env.service.item(WEB_VAULT, 'ec-legacy')).toMatchObject({ keyType: 'EC P-256', contentType: 'application/x-pem-file' });
    expect(env.journalText()).not.toContain('Imp0rt-pw!');
  });
});
