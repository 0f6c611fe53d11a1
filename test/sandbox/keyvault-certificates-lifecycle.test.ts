import type { TokenCredential } from '@azure/core-auth';
import type { CertificateClient } from '@azure/keyvault-certificates';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { certificateClient, OutsideCa, WEB_VAULT } from './certificate-fixtures.js';
import { restError, signedInCredential, uniqueName, USERS, VAULTS } from './keyvault-fixtures.js';

const DAY_S = 86400;

/**
 * Lifecycle and authorisation of certificates through @azure/keyvault-certificates: the delete and
 * recover pollers, purge, backup/restore (with the blob key in the persisted state; a real process restart: backup-restart.test.ts), contacts and issuers,
 * AutoRenew under the advanced sandbox clock, RBAC and access-policy denials, and the demo seed.
 */
describe('Key Vault certificate lifecycle and access', () => {
  let sandbox: TestSandbox;
  let officer: TokenCredential;
  let client: CertificateClient;
  const ca = new OutsideCa();
  const poll = { intervalInMs: 20 };

  beforeAll(async () => {
    sandbox = await startTestSandbox({ settings: { certificateIssueDelaySeconds: 0 } });
    officer = await signedInCredential(sandbox, USERS.officer);
    client = certificateClient(sandbox, WEB_VAULT, officer);
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('soft-deletes with the poller, lists and gets the deleted certificate, recovers it, then purges', async () => {
    const name = uniqueName('del');
    await client.importCertificate(name, ca.pfx('del.example', null));
    const deleted = await (await client.beginDeleteCertificate(name, poll)).pollUntilDone();
    expect(deleted.recoveryId).toBe(`${sandbox.context.origins.vault(WEB_VAULT)}/deletedcertificates/${name}`);
    expect(deleted.scheduledPurgeDate!.getTime() - deleted.deletedOn!.getTime()).toBe(90 * DAY_S * 1000);
    await expect(client.getCertificate(name)).rejects.toMatchObject(restError(404, 'CertificateNotFound'));
    await expect(client.importCertificate(name, ca.pfx('again.example', null))).rejects.toMatchObject(restError(409, 'Conflict', 'ObjectIsDeletedButRecoverable'));
    const listed: string[] = [];
    for await (const d of client.listDeletedCertificates()) listed.push(d.name);
    expect(listed).toContain(name);
    const recovered = await (await client.beginRecoverDeletedCertificate(name, poll)).pollUntilDone();
    expect(recovered.name).toBe(name);
    expect((await client.getCertificate(name)).cer).toBeDefined();
    await (await client.beginDeleteCertificate(name, poll)).pollUntilDone();
    await client.purgeDeletedCertificate(name);
    await expect(client.getDeletedCertificate(name)).rejects.toMatchObject({ ...restError(404, 'CertificateNotFound'), message: `Deleted Certificate not found: ${name}` });
  });

  it('backs up and restores a certificate with the blob key kept in the persisted state; garbage is a malformed blob', async () => {
    const name = uniqueName('bak');
    const original = await client.importCertificate(name, ca.pfx('bak.example', null));
    const blob = (await client.backupCertificate(name))!;
    await expect(client.restoreCertificateBackup(blob)).rejects.toMatchObject(restError(409, 'Conflict'));
    await (await client.beginDeleteCertificate(name, poll)).pollUntilDone();
    await client.purgeDeletedCertificate(name);
    // The blob key is part of the persisted state, so blobs outlive a sandbox restart.
    sandbox.context.store.flush();
    const persisted = JSON.parse(readFileSync(join(sandbox.stateDir, 'state.json'), 'utf8')) as { data: { backupKey?: string } };
    expect(persisted.data.backupKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const restored = await client.restoreCertificateBackup(blob);
    expect(restored.properties.version).toBe(original.properties.version);
    expect(Buffer.from(restored.cer!).equals(Buffer.from(original.cer!))).toBe(true);
    await expect(client.restoreCertificateBackup(new Uint8Array([1, 2, 3, 4]))).rejects.toMatchObject(restError(400, 'Malformed backup blob'));
  });

  it('sets, reads and deletes contacts; manages issuers; a named issuer signs through the sandbox issuing CA', async () => {
    expect(await client.getContacts()).toEqual([{ email: 'pki@contoso-it.example', name: 'Contoso PKI team', phone: '+46 8 555 0100' }]);
    await client.setContacts([{ email: 'secops@contoso-it.example', name: 'SecOps' }]);
    expect((await client.getContacts())?.[0]).toMatchObject({ email: 'secops@contoso-it.example' });
    await client.deleteContacts();
    await expect(client.getContacts()).rejects.toMatchObject(restError(404, 'ContactsNotFound'));

    const issuer = await client.createIssuer('Partner-CA', 'SandboxCA', { accountId: 'acct-1', password: 'never-returned' });
    expect(issuer).toMatchObject({ id: `${sandbox.context.origins.vault(WEB_VAULT)}/certificates/issuers/Partner-CA`, provider: 'SandboxCA', accountId: 'acct-1' });
    expect(issuer.password).toBeUndefined();
    // 4.10 sends attributes only when enabled is truthy, so an update is shown with the account id.
    expect((await client.updateIssuer('Partner-CA', { accountId: 'acct-2' })).accountId).toBe('acct-2');
    // 4.10 yields the wire items ({id, provider}) here.
    const ids: string[] = [];
    for await (const i of client.listPropertiesOfIssuers()) ids.push(i.id!);
    expect(ids.map((id) => id.split('/').pop())).toEqual(['Contoso-Issuing-CA', 'Partner-CA']);
    await client.deleteIssuer('Partner-CA');
    await expect(client.getIssuer('Partner-CA')).rejects.toMatchObject({ statusCode: 404 });

    const cert = await (await client.beginCreateCertificate(uniqueName('named'), { issuerName: 'Contoso-Issuing-CA', subject: 'CN=shop.contoso.example' }, poll)).pollUntilDone();
    const x509 = new X509Certificate(Buffer.from(cert.cer!));
    expect(x509.issuer).toMatch(/^CN=JIT Vault Sandbox Issuing CA [0-9a-f]{6}\nO=JIT Vault local Azure sandbox$/);
    await expect(client.beginCreateCertificate(uniqueName('nobody'), { issuerName: 'No-Such-CA', subject: 'CN=x' }, poll)).rejects.toMatchObject(restError(400, 'BadParameter'));
  });

  it('RBAC: Reader reads the public certificate but not its PFX or any write; denials name the certificate data action', async () => {
    const reader = certificateClient(sandbox, WEB_VAULT, await signedInCredential(sandbox, USERS.auditor));
    const wildcard = await reader.getCertificate('wildcard-contoso-web');
    expect(new X509Certificate(Buffer.from(wildcard.cer!)).subjectAltName).toBe('DNS:*.contoso.example, DNS:contoso.example');
    const denied = await reader.beginCreateCertificate(uniqueName('x'), { issuerName: 'Self', subject: 'CN=x' }, poll).catch((e: unknown) => e);
    expect(denied).toMatchObject(restError(403, 'Forbidden', 'ForbiddenByRbac'));
    expect((denied as Error).message).toContain("Action: 'Microsoft.KeyVault/vaults/certificates/create/action'");
    expect((denied as Error).message).toContain('/vaults/kv-contoso-web/certificates/');
    // A role without certificate actions (Secrets Officer on the servers vault) reads no certificate.
    // (The helpdesk user now holds standing Key Vault Reader there, issue 13, and would get 404.)
    const servers = certificateClient(sandbox, VAULTS.servers, await signedInCredential(sandbox, USERS.officer));
    await expect(servers.getCertificate('anything')).rejects.toMatchObject(restError(403, 'Forbidden', 'ForbiddenByRbac'));
  });

  it('access policies: certificate permissions are their own list (secrets "all" grants no certificate operation)', async () => {
    const policyVault = certificateClient(sandbox, VAULTS.workstations, officer);
    const denied = await policyVault.beginCreateCertificate(uniqueName('ap'), { issuerName: 'Self', subject: 'CN=ap.example' }, poll).catch((e: unknown) => e);
    expect(denied).toMatchObject(restError(403, 'Forbidden', 'ForbiddenByPolicy'));
    expect((denied as Error).message).toContain('does not have certificates create permission');
    await expect(policyVault.getCertificate('anything')).rejects.toMatchObject(restError(403, 'Forbidden', 'ForbiddenByPolicy'));
  });

  it('seeds a wildcard expiring in 12 days, an RDP gateway with 3 versions, an expired one and a pending CSR', async () => {
    const now = Date.now();
    const wildcard = await client.getCertificate('wildcard-contoso-web');
    expect(Math.round((wildcard.properties.expiresOn!.getTime() - now) / 86400_000)).toBe(12);
    const rdp: string[] = [];
    for await (const v of client.listPropertiesOfCertificateVersions('rdp-gateway')) rdp.push(v.version!);
    expect(rdp).toHaveLength(3);
    expect((await client.getCertificate('legacy-intranet')).properties.expiresOn!.getTime()).toBeLessThan(now);
    const op = (await client.getCertificateOperation('vpn-portal-csr')).getOperationState().certificateOperation!;
    expect(op).toMatchObject({ status: 'inProgress', issuerName: 'Unknown' });
    const merged = await client.mergeCertificate('vpn-portal-csr', ca.signCsr(op.csr!));
    expect(new X509Certificate(Buffer.from(merged.cer!)).subject).toBe('CN=vpn.contoso.example\nO=Contoso Ltd');
  });
  it('AutoRenew issues the next version once the advanced sandbox clock passes days-before-expiry', async () => {
    const name = uniqueName('renew');
    const first = await (
      await client.beginCreateCertificate(name, { issuerName: 'Self', subject: 'CN=renew.example', validityInMonths: 12, lifetimeActions: [{ action: 'AutoRenew', daysBeforeExpiry: 30 }] }, poll)
    ).pollUntilDone();
    expect((await sandbox.admin('POST', '/clock/advance', { seconds: 300 * DAY_S })).status).toBe(200);
    // Tokens and refresh tokens expire over such a jump: sign in again at the new sandbox time.
    client = certificateClient(sandbox, WEB_VAULT, await signedInCredential(sandbox, USERS.officer));
    expect((await client.getCertificate(name)).properties.version).toBe(first.properties.version);
    await sandbox.admin('POST', '/clock/advance', { seconds: 40 * DAY_S });
    client = certificateClient(sandbox, WEB_VAULT, await signedInCredential(sandbox, USERS.officer));
    const renewed = await client.getCertificate(name);
    expect(renewed.properties.version).not.toBe(first.properties.version);
    expect(renewed.properties.expiresOn!.getTime()).toBeGreaterThan(first.properties.expiresOn!.getTime());
    const versions: string[] = [];
    for await (const v of client.listPropertiesOfCertificateVersions(name)) versions.push(v.version!);
    expect(versions).toHaveLength(2);
    // The seeded auto-renewing certificate (35 days left, renew at 30) renewed too.
    const seeded: string[] = [];
    for await (const v of client.listPropertiesOfCertificateVersions('api-contoso-autorenew')) seeded.push(v.version!);
    expect(seeded.length).toBeGreaterThanOrEqual(2);
  });

});
