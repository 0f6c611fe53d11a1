import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import forge from 'node-forge';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { OutsideCa, WEB_VAULT } from '../sandbox/certificate-fixtures.js';
import { USERS } from '../sandbox/keyvault-fixtures.js';
import { wireCertificateService } from './certificate-support.js';
import { vaultSettings } from './vault-support.js';

/** PEM of DER certificates (leaf first). */
function pemOf(ders: Uint8Array[]): string {
  return ders.map((der) => forge.pki.certificateToPem(forge.pki.certificateFromAsn1(forge.asn1.fromDer(Buffer.from(der).toString('binary'))))).join('');
}

/**
 * Certificates Officer actions through the REAL SDK against the sandbox: renew now and see the new
 * version, merge a signed CSR (and Key Vault's refusal of one signed for another key), change the
 * renewal, delete and recover — each journalled — and a helpdesk Reader refused in plain words.
 */
describe('CertificateOfficer against the sandbox', () => {
  let sandbox: TestSandbox;
  let env: Awaited<ReturnType<typeof wireCertificateService>>;
  const ca = new OutsideCa();

  beforeAll(async () => {
    sandbox = await startTestSandbox({ settings: { certificateIssueDelaySeconds: 3 } }); // as the demo seed: issuance takes a moment
    env = await wireCertificateService(sandbox, vaultSettings(sandbox, [{ name: WEB_VAULT }]));
    await env.tokens.signIn(USERS.officer); // Sara: KV-SecurityTeam, Key Vault Certificates Officer
    await env.service.refresh();
  });
  afterAll(async () => {
    await env?.close();
    await sandbox?.close();
  });

  it('renews now: a new version from the policy, followed to completion, shown after the relist', async () => {
    const before = await env.service.versions(WEB_VAULT, 'wildcard-contoso-web');
    const oldThumbprint = env.service.item(WEB_VAULT, 'wildcard-contoso-web')!.thumbprint;
    const started = await env.officer.renew({ vault: WEB_VAULT, name: 'wildcard-contoso-web' });
    expect(started).toMatchObject({ vault: WEB_VAULT, name: 'wildcard-contoso-web', issuerName: 'Contoso-Issuing-CA' });
    expect(['inProgress', 'completed']).toContain(started.status);
    expect((await env.officer.operation({ vault: WEB_VAULT, name: 'wildcard-contoso-web' })).status).toBe('inProgress');
    expect((await sandbox.admin('POST', '/clock/advance', { seconds: 4 })).status).toBe(200); // the issuer takes its 3 s
    expect((await env.officer.operation({ vault: WEB_VAULT, name: 'wildcard-contoso-web' })).status).toBe('completed');
    const after = await env.service.versions(WEB_VAULT, 'wildcard-contoso-web');
    expect(after).toHaveLength(before.length + 1);
    await env.service.refresh([WEB_VAULT]);
    const renewed = env.service.item(WEB_VAULT, 'wildcard-contoso-web')!;
    expect(renewed.thumbprint).not.toBe(oldThumbprint);
    expect(renewed.version).toBe(after[0]!.version);
    expect(renewed.expiresOn! - Date.now()).toBeGreaterThan(30 * 86_400_000); // no longer 12 days
    expect(env.journalText()).toMatch(/"action":"certificate","outcome":"ok".*"secretName":"wildcard-contoso-web".*"detail":"renew"/);
  });

  it('follows the pending CSR, refuses a certificate signed for another key with Key Vault\'s words, then merges the right one', async () => {
    const ref = { vault: WEB_VAULT, name: 'vpn-portal-csr' };
    const op = await env.officer.operation(ref);
    expect(op).toMatchObject({ status: 'inProgress', issuerName: 'Unknown' });
    expect(op.csrPem).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n/);

    // A CSR of another key, signed by the CA: Key Vault refuses the merge (400), the app says why.
    const otherKeys = forge.pki.rsa.generateKeyPair(1024);
    const otherCsr = forge.pki.createCertificationRequest();
    otherCsr.publicKey = otherKeys.publicKey;
    otherCsr.setSubject([{ shortName: 'CN', value: 'vpn.contoso.example' }]);
    otherCsr.sign(otherKeys.privateKey);
    const wrong = ca.signCsr(Buffer.from(forge.asn1.toDer(forge.pki.certificationRequestToAsn1(otherCsr)).getBytes(), 'binary'));
    await expect(env.officer.merge(ref, pemOf(wrong))).rejects.toMatchObject({ code: 'item-unsupported', message: expect.stringMatching(/Key Vault refused this for certificate "vpn-portal-csr".*\S/) });
    await expect(env.officer.merge(ref, 'not a certificate')).rejects.toMatchObject({ code: 'item-unsupported', message: expect.stringContaining('No certificate found') });
    await expect(env.officer.merge(ref, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----')).rejects.toMatchObject({ code: 'item-unsupported', message: expect.stringContaining('not a valid X.509') });
    expect(env.journalText()).toMatch(/"action":"certificate","outcome":"failed".*"detail":"merge signed certificate: item-unsupported"/);

    const csrDer = Buffer.from(op.csrPem!.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    expect(await env.officer.merge(ref, pemOf(ca.signCsr(csrDer)))).toMatchObject({ status: 'completed' });
    await env.service.refresh([WEB_VAULT]);
    const merged = env.service.item(WEB_VAULT, 'vpn-portal-csr')!;
    expect(merged.pending).toBeUndefined();
    expect(merged.issuer).toMatch(/Outside Test CA/);
  });

  it('switches the renewal to auto-renew 21 days before expiry', async () => {
    await env.officer.setRenewal({ vault: WEB_VAULT, name: 'rdp-gateway' }, { action: 'AutoRenew', daysBeforeExpiry: 21 });
    await env.service.refresh([WEB_VAULT]);
    expect(env.service.item(WEB_VAULT, 'rdp-gateway')).toMatchObject({ renewal: 'auto', renewalTrigger: '21 days before expiry' });
  });

  it('deletes (soft) and recovers a certificate', async () => {
    const ref = { vault: WEB_VAULT, name: 'legacy-intranet' };
    await env.officer.delete(ref);
    await env.service.refresh([WEB_VAULT]);
    expect(env.service.item(WEB_VAULT, 'legacy-intranet')).toBeUndefined();
    expect((await env.officer.deleted(WEB_VAULT)).map((d) => d.name)).toContain('legacy-intranet');
    await env.officer.recover(ref);
    await env.service.refresh([WEB_VAULT]);
    expect(env.service.item(WEB_VAULT, 'legacy-intranet')).toBeDefined();
    expect(env.journalText()).toMatch(/"detail":"delete"[\s\S]*"detail":"recover"/);
  });

  it('a helpdesk Reader may not renew: refused in plain words naming the role, journalled as denied', async () => {
    const reader = await wireCertificateService(sandbox, vaultSettings(sandbox, [{ name: WEB_VAULT }]));
    try {
      await reader.tokens.signIn(USERS.helpdesk);
      await expect(reader.officer.renew({ vault: WEB_VAULT, name: 'rdp-gateway' })).rejects.toMatchObject({ code: 'vault-forbidden-rbac', message: expect.stringContaining('Key Vault Certificates Officer') });
      expect(reader.journalText()).toMatch(/"action":"certificate","outcome":"denied"/);
    } finally {
      await reader.close();
    }
  });
});
