import { createPublicKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertificateTemplate } from '../../main/services/certificates/certificate-template.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { WEB_VAULT } from '../sandbox/certificate-fixtures.js';
import { USERS } from '../sandbox/keyvault-fixtures.js';
import { wireCertificateService } from './certificate-support.js';
import { vaultSettings } from './vault-support.js';

const INSTALLERS = '6d0f6f52-3c1b-4f0e-9a3e-2b7d1c9e4a51';

function template(overrides: Partial<CertificateTemplate> = {}): CertificateTemplate {
  return { issuer: 'Self', subject: 'CN=intranet.contoso.example', dnsNames: ['intranet.contoso.example'], emails: [], keyType: 'RSA', keySize: 2048, validityMonths: 12, contentType: 'application/x-pem-file', exportable: true, ...overrides };
}

/**
 * The officer actions the UI adds in issue 14b, through the REAL SDKs against the sandbox: create
 * from a policy template (self-signed, and `Unknown` with its CSR saved and then cancelled), who is
 * an officer (asked of Key Vault), the vault's certificate contacts, and "copy PEM private key"
 * through the clipboard policy — each journalled, bad input refused in words.
 */
describe('Officer create, contacts and PEM key copy against the sandbox', () => {
  let sandbox: TestSandbox;
  let env: Awaited<ReturnType<typeof wireCertificateService>>;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ settings: { certificateIssueDelaySeconds: 3 } });
    env = await wireCertificateService(sandbox, vaultSettings(sandbox, [{ name: WEB_VAULT }]));
    const accountId = await env.tokens.signIn(USERS.officer); // Sara: Certificates Officer + Secrets Officer on the web vault
    env.session.unlock({ vault: WEB_VAULT, accountId, endsAt: null });
    await env.service.refresh();
  });
  afterAll(async () => {
    await env?.close();
    await sandbox?.close();
  });

  it('creates a self-signed certificate from a template, follows it to completion, and lists it with the template\'s fields', async () => {
    const ref = { vault: WEB_VAULT, name: 'intranet-new' };
    const started = await env.officer.create(ref, template());
    expect(started).toMatchObject({ vault: WEB_VAULT, name: 'intranet-new', status: 'inProgress', issuerName: 'Self' });
    expect((await sandbox.admin('POST', '/clock/advance', { seconds: 4 })).status).toBe(200);
    expect((await env.officer.operation(ref)).status).toBe('completed');
    await env.service.refresh([WEB_VAULT]);
    expect(env.service.item(WEB_VAULT, 'intranet-new')).toMatchObject({ subject: 'CN=intranet.contoso.example', subjectAlternativeNames: ['intranet.contoso.example'], keyType: 'RSA 2048', contentType: 'application/x-pem-file', issuerName: 'Self', renewal: 'auto' });
    expect(env.journalText()).toMatch(/"action":"certificate","outcome":"ok".*"secretName":"intranet-new".*"detail":"create \(issuer Self, RSA 2048, 12 months, PEM\)"/);
  });

  it('refuses a name already in use (Key Vault would silently add a version) and bad templates, in words, before Key Vault is asked', async () => {
    await expect(env.officer.create({ vault: WEB_VAULT, name: 'rdp-gateway' }, template())).rejects.toMatchObject({ code: 'item-unsupported', message: expect.stringContaining('already exists') });
    expect(env.journalText()).toMatch(/"outcome":"failed".*"secretName":"rdp-gateway".*"detail":"create \(issuer Self.*item-unsupported"/);
    await expect(env.officer.create({ vault: WEB_VAULT, name: 'x1' }, template({ subject: '', dnsNames: [] }))).rejects.toMatchObject({ message: expect.stringContaining('subject') });
    await expect(env.officer.create({ vault: WEB_VAULT, name: 'x1' }, template({ subject: 'intranet' }))).rejects.toMatchObject({ message: expect.stringContaining('not a distinguished name') });
    await expect(env.officer.create({ vault: WEB_VAULT, name: 'x1' }, template({ dnsNames: ['bad host!'] }))).rejects.toMatchObject({ message: expect.stringContaining('not a DNS name') });
  });

  it('passes on Key Vault\'s own refusal of a template it will not issue (here: an unknown issuer)', async () => {
    await expect(env.officer.create({ vault: WEB_VAULT, name: 'no-such-issuer' }, template({ issuer: 'NoSuchIssuer' }))).rejects.toMatchObject({
      code: 'item-unsupported',
      message: expect.stringMatching(/^Key Vault refused this for certificate "no-such-issuer" in vault "kv-contoso-web": \S/),
    });
  });

  it('creates with issuer Unknown: the CSR is saved as a PEM request for the same key, then the request is cancelled', async () => {
    const ref = { vault: WEB_VAULT, name: 'partner-portal' };
    const op = await env.officer.create(ref, template({ issuer: 'Unknown', subject: 'CN=partner.contoso.example', dnsNames: ['partner.contoso.example'], contentType: 'application/x-pkcs12' }));
    expect(op).toMatchObject({ status: 'inProgress', issuerName: 'Unknown' });
    expect(await env.exporter.saveCsr(ref)).toEqual({ saved: true, fileName: 'partner-portal.csr' });
    const csrPem = readFileSync(join(env.dir, 'partner-portal.csr'), 'utf8');
    expect(csrPem).toBe(op.csrPem);
    const csr = forge.pki.certificationRequestFromPem(csrPem);
    expect(csr.verify()).toBe(true);
    expect(csr.subject.getField('CN').value).toBe('partner.contoso.example');
    const cancelled = await env.officer.cancel(ref);
    expect(['cancelled', 'inProgress']).toContain(cancelled.status); // Key Vault accepts the cancel; the status follows
    expect(env.journalText()).toMatch(/"secretName":"partner-portal".*"detail":"cancel pending operation"/);
    await expect(env.exporter.saveCsr({ vault: WEB_VAULT, name: 'rdp-gateway' })).rejects.toMatchObject({ code: expect.any(String) });
  });

  it('says who is an officer, asking Key Vault: Sara is (contacts readable), a standing Reader is not, with the role named', async () => {
    expect(await env.officer.access(WEB_VAULT)).toMatchObject({ vault: WEB_VAULT, officer: true });
    const reader = await wireCertificateService(sandbox, vaultSettings(sandbox, [{ name: WEB_VAULT, pimGroupId: INSTALLERS }]));
    try {
      await reader.tokens.signIn(USERS.helpdesk);
      const access = await reader.officer.access(WEB_VAULT);
      expect(access).toMatchObject({ officer: false, reason: { code: 'vault-forbidden-rbac', message: expect.stringContaining('Key Vault Certificates Officer') } });
      expect(reader.journalText()).toBe(''); // asking is not an action
      await expect(reader.officer.setContacts(WEB_VAULT, [{ email: 'x@contoso.example' }])).rejects.toMatchObject({ code: 'vault-forbidden-rbac' });
      expect(reader.journalText()).toMatch(/"action":"certificate","outcome":"denied".*"detail":"contacts: 1 set: vault-forbidden-rbac"/);
    } finally {
      await reader.close();
    }
  });

  it('sets, reads back and removes the vault\'s certificate contacts; a bad address is refused before Key Vault', async () => {
    await env.officer.setContacts(WEB_VAULT, [{ email: 'pki@contoso.example', name: 'PKI team', phone: '+1 555 0100' }, { email: 'sara.admin@contoso-it.example' }]);
    expect(await env.officer.access(WEB_VAULT)).toEqual({ vault: WEB_VAULT, officer: true, contacts: [{ email: 'pki@contoso.example', name: 'PKI team', phone: '+1 555 0100' }, { email: 'sara.admin@contoso-it.example' }] });
    await expect(env.officer.setContacts(WEB_VAULT, [{ email: 'not-an-address' }])).rejects.toMatchObject({ code: 'item-unsupported', message: expect.stringContaining('not an e-mail address') });
    await env.officer.setContacts(WEB_VAULT, []);
    expect(await env.officer.access(WEB_VAULT)).toEqual({ vault: WEB_VAULT, officer: true, contacts: [] });
    expect(env.journalText()).toMatch(/"detail":"contacts: 2 set"[\s\S]*"detail":"contacts: 0 set"/);
  });

  it('copies the PEM private key of a PEM certificate to the clipboard (concealed), the key matching the certificate; journalled without the key', async () => {
    const { clearsAt } = await env.keyCopy.copyPrivateKey({ vault: WEB_VAULT, name: 'api-contoso-autorenew' });
    expect(clearsAt).toBeGreaterThan(Date.now());
    const copied = env.clipboard.current();
    expect(copied).toMatch(/^-----BEGIN (RSA )?PRIVATE KEY-----\n[\s\S]+-----END (RSA )?PRIVATE KEY-----\n$/);
    expect(copied).not.toMatch(/CERTIFICATE/);
    expect(env.clipboard.writes.at(-1)).toEqual({ concealed: true });
    const cert = new X509Certificate((await env.service.clients.clientFor(env.service.vault(WEB_VAULT)).getCertificate('api-contoso-autorenew')).cer!);
    expect(createPublicKey(copied).export({ type: 'spki', format: 'der' }).equals(cert.publicKey.export({ type: 'spki', format: 'der' }))).toBe(true);
    const journal = env.journalText();
    expect(journal).toMatch(/"action":"copy","outcome":"ok".*"secretName":"api-contoso-autorenew".*"detail":"PEM private key"/);
    const keyBody = copied.split('\n')[1]!;
    expect(journal).not.toContain(keyBody);
  });

  it('refuses to copy a key from a PKCS#12 certificate (use Save PFX), and from a locked vault', async () => {
    await expect(env.keyCopy.copyPrivateKey({ vault: WEB_VAULT, name: 'rdp-gateway' })).rejects.toMatchObject({ code: 'item-unsupported', message: expect.stringContaining('Save PFX') });
    const locked = await wireCertificateService(sandbox, vaultSettings(sandbox, [{ name: WEB_VAULT, pimGroupId: INSTALLERS }]));
    try {
      await locked.tokens.signIn(USERS.helpdesk);
      await expect(locked.keyCopy.copyPrivateKey({ vault: WEB_VAULT, name: 'api-contoso-autorenew' })).rejects.toMatchObject({ code: 'vault-locked' });
      expect(locked.clipboard.writes).toEqual([]);
    } finally {
      await locked.close();
    }
  });
});
