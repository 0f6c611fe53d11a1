import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertificateItem } from '../../main/services/certificates/certificate.types.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { certificateClient, WEB_VAULT } from '../sandbox/certificate-fixtures.js';
import { signedInCredential, USERS } from '../sandbox/keyvault-fixtures.js';
import { wireCertificateService } from './certificate-support.js';
import { vaultSettings } from './vault-support.js';

const DAY = 86_400_000;

/**
 * The certificate catalog through the REAL @azure/keyvault-certificates SDK against the sandbox's
 * seeded certificates vault: what a helpdesk engineer with a standing Key Vault Reader sees without
 * any activation (subject, SANs, issuer, thumbprint, key type, expiry, renewal), versions on demand,
 * and a vault that cannot be listed failing alone, with the reason.
 */
describe('CertificateService listing against the sandbox', () => {
  let sandbox: TestSandbox;
  let env: Awaited<ReturnType<typeof wireCertificateService>>;
  let items: Map<string, CertificateItem>;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    env = await wireCertificateService(sandbox, vaultSettings(sandbox, [{ name: WEB_VAULT }, { name: 'kv-contoso-servers' }, { name: 'kv-fabrikam-ops' }]));
    await env.tokens.signIn(USERS.helpdesk); // Alex: standing Key Vault Reader on the web vault, nothing in Fabrikam's tenant signed in
    await env.service.refresh();
    items = new Map(env.service.catalog().items.map((i) => [i.name, i]));
  });
  afterAll(async () => {
    await env?.close();
    await sandbox?.close();
  });

  it('lists every seeded certificate of the web vault, pending CSR included, with the fields the catalog shows', async () => {
    expect([...items.keys()].sort()).toEqual(['api-contoso-autorenew', 'legacy-intranet', 'rdp-gateway', 'vpn-portal-csr', 'wildcard-contoso-web']);
    const wildcard = items.get('wildcard-contoso-web')!;
    // Checked against the certificate bytes the SDK hands an officer, parsed independently here.
    const sdk = await certificateClient(sandbox, WEB_VAULT, await signedInCredential(sandbox, USERS.officer)).getCertificate('wildcard-contoso-web');
    const x509 = new X509Certificate(sdk.cer!);
    expect(wildcard).toMatchObject({
      key: `${WEB_VAULT}/wildcard-contoso-web`,
      vault: WEB_VAULT,
      customer: 'Contoso',
      subjectAlternativeNames: ['*.contoso.example', 'contoso.example'],
      issuerName: 'Contoso-Issuing-CA',
      keyType: 'RSA 2048',
      thumbprint: Buffer.from(sdk.properties.x509Thumbprint!).toString('hex').toUpperCase(),
      version: sdk.properties.version,
      renewal: 'email',
      renewalTrigger: '30 days before expiry',
      enabled: true,
    });
    expect(wildcard.thumbprint).toBe(x509.fingerprint.replace(/:/g, ''));
    expect(wildcard.subject).toMatch(/CN=\*\.contoso\.example/);
    expect(wildcard.subject).toMatch(/O=Contoso Ltd/);
    expect(wildcard.issuer).toBe(x509.issuer.split('\n').join(', '));
    expect(wildcard.pending).toBeUndefined();
    // 12 days left in the seed (sandbox clock = wall clock here).
    expect(Math.round((wildcard.expiresOn! - Date.now()) / DAY)).toBe(12);
    expect(wildcard.expiresOn).toBe(Date.parse(x509.validTo));
  });

  it('shows the renewal setting of each policy and marks the CSR still waiting for its merge as pending', () => {
    expect(items.get('api-contoso-autorenew')).toMatchObject({ renewal: 'auto', renewalTrigger: '30 days before expiry', contentType: 'application/x-pem-file' });
    expect(items.get('rdp-gateway')).toMatchObject({ renewal: 'email', renewalTrigger: 'at 80 % of its lifetime', contentType: 'application/x-pkcs12' });
    expect(items.get('legacy-intranet')!.expiresOn).toBeLessThan(Date.now());
    const csr = items.get('vpn-portal-csr')!;
    expect(csr).toMatchObject({ pending: true, issuerName: 'Unknown', subject: 'CN=vpn.contoso.example, O=Contoso Ltd', subjectAlternativeNames: ['vpn.contoso.example'] });
    expect(csr.thumbprint).toBeUndefined();
    expect(csr.detailsError).toBeUndefined();
  });

  it('loads versions on demand, newest first', async () => {
    const versions = await env.service.versions(WEB_VAULT, 'rdp-gateway');
    expect(versions).toHaveLength(3);
    expect(versions[0]!.version).toBe(items.get('rdp-gateway')!.version);
    expect(versions.map((v) => v.createdOn)).toEqual([...versions.map((v) => v.createdOn!)].sort((a, b) => b - a));
    expect(new Set(versions.map((v) => v.thumbprint)).size).toBe(3);
    expect(versions.filter((v) => v.expiresOn! < Date.now())).toHaveLength(2);
  });

  it('keeps each vault apart: an empty vault lists nothing, a vault of a tenant nobody signed in to fails alone with the reason', () => {
    const vaults = Object.fromEntries(env.service.catalog().vaults.map((v) => [v.vault, v]));
    expect(vaults[WEB_VAULT]).toMatchObject({ listing: 'listed', count: 5 });
    expect(vaults['kv-contoso-servers']).toMatchObject({ listing: 'listed', count: 0 });
    expect(vaults['kv-fabrikam-ops']).toMatchObject({ listing: 'failed', count: 0, error: { code: 'not-signed-in' } });
    expect(vaults['kv-fabrikam-ops']!.error!.message).toMatch(/Sign in to that tenant/);
  });

  it('announces each listing, and a missing certificate reads as such', async () => {
    const seen: string[] = [];
    const off = env.service.on('changed', (e) => seen.push(`${e.vault}:${e.listing}`));
    await env.service.refresh([WEB_VAULT]);
    off();
    expect(seen).toEqual([`${WEB_VAULT}:listed`]);
    await expect(env.service.versions('kv-nowhere', 'x')).rejects.toMatchObject({ code: 'vault-not-found' });
  });
});
