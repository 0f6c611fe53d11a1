import type { TokenCredential } from '@azure/core-auth';
import type { CertificateClient } from '@azure/keyvault-certificates';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { certificateClient, keyMatches, openPfx, OutsideCa, WEB_VAULT } from './certificate-fixtures.js';
import { restError, secretClient, signedInCredential, uniqueName, USERS } from './keyvault-fixtures.js';

/**
 * Conformance of the sandbox's certificates data plane through the official
 * @azure/keyvault-certificates 4.10 client (and @azure/keyvault-secrets for the addressable secret),
 * unchanged except disableChallengeResourceVerification (loopback): create with the poller, pending
 * operations and merge, import of PFX and PEM, the managed secret and key, policies and properties.
 */
describe('Key Vault certificates through @azure/keyvault-certificates', () => {
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

  it('creates a self-signed certificate through the poller: cer, x5t, kid, sid, attributes and policy', async () => {
    const name = uniqueName('self');
    const origin = sandbox.context.origins.vault(WEB_VAULT);
    const poller = await client.beginCreateCertificate(name, { issuerName: 'Self', subject: 'CN=app.contoso.example', subjectAlternativeNames: { dnsNames: ['app.contoso.example'] }, validityInMonths: 6 }, poll);
    const cert = await poller.pollUntilDone();
    expect(cert.properties).toMatchObject({ name, vaultUrl: origin, enabled: true, recoveryLevel: 'Recoverable+Purgeable', recoverableDays: 90 });
    expect(cert.keyId).toBe(`${origin}/keys/${name}/${cert.properties.version}`);
    expect(cert.secretId).toBe(`${origin}/secrets/${name}/${cert.properties.version}`);
    const x509 = new X509Certificate(Buffer.from(cert.cer!));
    expect(x509.subject).toBe('CN=app.contoso.example');
    expect(x509.issuer).toBe(x509.subject);
    expect(x509.subjectAltName).toBe('DNS:app.contoso.example');
    expect(cert.properties.x509ThumbprintString).toBe(x509.fingerprint.replace(/:/g, '').toLowerCase());
    expect(cert.properties.expiresOn!.getTime()).toBe(Date.parse(x509.validTo));
    expect(cert.policy).toMatchObject({ issuerName: 'Self', keyType: 'RSA', keySize: 2048, contentType: 'application/x-pkcs12', validityInMonths: 6, enhancedKeyUsage: ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2'] });
    expect(cert.policy!.lifetimeActions).toEqual([{ action: 'AutoRenew', lifetimePercentage: 80, daysBeforeExpiry: undefined }]);
    const byVersion = await client.getCertificateVersion(name, cert.properties.version!);
    expect(Buffer.from(byVersion.cer!).equals(Buffer.from(cert.cer!))).toBe(true);
    expect((await client.getCertificateOperation(name)).getOperationState().certificateOperation).toMatchObject({ status: 'completed', target: `${origin}/certificates/${name}` });
  });

  it('serves the addressable secret (PFX base64 or PEM, managed, kid) and the public key', async () => {
    const secrets = secretClient(sandbox, WEB_VAULT, officer);
    const pfxName = uniqueName('pfx');
    const pfxCert = await (await client.beginCreateCertificate(pfxName, { issuerName: 'Self', subject: 'CN=pfx.example' }, poll)).pollUntilDone();
    const secret = await secrets.getSecret(pfxName);
    expect(secret.properties).toMatchObject({ contentType: 'application/x-pkcs12', managed: true, certificateKeyId: pfxCert.keyId, version: pfxCert.properties.version });
    const opened = openPfx(secret.value!);
    expect(keyMatches(opened.key, opened.certs[0]!)).toBe(true);

    const pemName = uniqueName('pem');
    await (await client.beginCreateCertificate(pemName, { issuerName: 'Self', subject: 'CN=pem.example', contentType: 'application/x-pem-file' }, poll)).pollUntilDone();
    const pem = await secrets.getSecret(pemName);
    expect(pem.properties.contentType).toBe('application/x-pem-file');
    expect(pem.value).toMatch(/^-----BEGIN PRIVATE KEY-----[\s\S]+-----BEGIN CERTIFICATE-----/);
    // 2025-07-01: outContentType turns the PFX into PEM.
    const converted = await secrets.getSecret(pfxName, { outContentType: 'application/x-pem-file' });
    expect(converted.value).toMatch(/-----BEGIN CERTIFICATE-----/);
    // A managed secret changes only through its certificate.
    await expect(secrets.setSecret(pfxName, 'overwrite')).rejects.toMatchObject(restError(403, 'Forbidden', 'ManagedObjectOperationNotAllowed'));

    // Reading the key needs keys/read: Certificates Officer lacks it (as in Azure), Reader has it (vaults/*/read).
    const keyUrl = `${sandbox.context.origins.vault(WEB_VAULT)}/keys/${pfxName}?api-version=7.6`;
    const bearer = async (credential: TokenCredential) => ({ authorization: `Bearer ${(await credential.getToken('https://vault.azure.net/.default'))!.token}` });
    expect((await fetch(keyUrl, { headers: await bearer(officer) })).status).toBe(403);
    const key = await fetch(keyUrl, { headers: await bearer(await signedInCredential(sandbox, USERS.auditor)) });
    expect(key.status).toBe(200);
    const jwk = (await key.json()) as { key: { kty: string; n: string; d?: string; kid: string }; managed: boolean };
    expect(jwk).toMatchObject({ managed: true, key: { kty: 'RSA', kid: pfxCert.keyId } });
    expect(jwk.key.d).toBeUndefined();
  });

  it('Unknown issuer: a pending CSR, followed by getCertificateOperation and merged with the signed chain', async () => {
    const name = uniqueName('csr');
    const poller = await client.beginCreateCertificate(name, { issuerName: 'Unknown', subject: 'CN=vpn2.contoso.example' }, poll);
    const pending = await client.getCertificate(name);
    expect(pending.cer).toBeUndefined();
    expect(pending.properties.enabled).toBe(false);
    const op = (await client.getCertificateOperation(name)).getOperationState().certificateOperation!;
    expect(op).toMatchObject({ status: 'inProgress', issuerName: 'Unknown' });
    expect(poller.isDone()).toBe(false);

    const other = uniqueName('other');
    await client.beginCreateCertificate(other, { issuerName: 'Unknown', subject: 'CN=x' }, poll);
    const wrong = new OutsideCa().signCsr((await client.getCertificateOperation(other)).getOperationState().certificateOperation!.csr!);
    await expect(client.mergeCertificate(name, wrong)).rejects.toMatchObject({ ...restError(400, 'BadParameter'), message: "Public key from x509 certificate and key of this instance doesn't match" });

    const merged = await client.mergeCertificate(name, ca.signCsr(op.csr!));
    expect(new X509Certificate(Buffer.from(merged.cer!)).issuer).toBe('CN=Outside Test CA');
    expect(merged.properties.enabled).toBe(true);
    expect((await poller.pollUntilDone()).properties.version).toBe(merged.properties.version);
  });

  it('cancels and deletes a pending operation; afterwards the operation is PendingCertificateNotFound', async () => {
    const name = uniqueName('cancel');
    const poller = await client.beginCreateCertificate(name, { issuerName: 'Unknown', subject: 'CN=cancel.example' }, poll);
    await poller.cancelOperation();
    expect((await client.getCertificateOperation(name)).getOperationState().certificateOperation).toMatchObject({ status: 'cancelled', cancellationRequested: true });
    const deleted = await client.deleteCertificateOperation(name);
    expect(deleted.status).toBe('cancelled');
    // The certificate never had a version, so it goes with its operation.
    await expect(client.getCertificate(name)).rejects.toMatchObject(restError(404, 'CertificateNotFound'));
    const other = uniqueName('pending');
    await (await client.beginCreateCertificate(other, { issuerName: 'Self', subject: 'CN=done.example' }, poll)).pollUntilDone();
    await client.deleteCertificateOperation(other);
    await expect(client.getCertificateOperation(other)).rejects.toMatchObject({ ...restError(404, 'PendingCertificateNotFound'), message: `Pending Certificate not found: ${other}` });
  });

  it('imports a PFX with and without a password, and a PEM; the stored policy comes from the certificate', async () => {
    const withPassword = await client.importCertificate(uniqueName('imp'), ca.pfx('import.contoso.example', 'S3cret!'), { password: 'S3cret!', tags: { host: 'web02' } });
    expect(new X509Certificate(Buffer.from(withPassword.cer!)).subject).toBe('CN=import.contoso.example');
    expect(withPassword.policy).toMatchObject({ issuerName: 'Unknown', subject: 'CN=import.contoso.example', contentType: 'application/x-pkcs12' });
    expect(withPassword.properties.tags).toEqual({ host: 'web02' });
    const secret = await secretClient(sandbox, WEB_VAULT, officer).getSecret(withPassword.name);
    expect(openPfx(secret.value!).certs.map((c) => c.subject.getField('CN').value)).toEqual(['import.contoso.example', 'Outside Test CA']);

    const noPassword = await client.importCertificate(uniqueName('imp'), ca.pfx('nopw.example', null));
    expect(noPassword.properties.enabled).toBe(true);
    const pemName = uniqueName('imp');
    const pem = await client.importCertificate(pemName, Buffer.from(ca.pem('pem-import.example')), { policy: { contentType: 'application/x-pem-file' } });
    expect(pem.policy!.contentType).toBe('application/x-pem-file');
    expect((await secretClient(sandbox, WEB_VAULT, officer).getSecret(pemName)).value).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('refuses bad imports with Key Vault errors and keeps serving: garbage, wrong password, PEM without key, expired, oversized', async () => {
    const name = uniqueName('bad');
    await expect(client.importCertificate(name, Buffer.from('not a pfx at all'))).rejects.toMatchObject(restError(400, 'BadParameter'));
    await expect(client.importCertificate(name, ca.pfx('pw.example', 'right'), { password: 'wrong' })).rejects.toMatchObject({
      ...restError(400, 'BadParameter'),
      message: 'The specified network password is not correct.',
    });
    // "Key Vault will only accept a key in PKCS#8 format" (REST reference): the same key as PKCS#1 is refused.
    const pkcs8 = ca.pem('pkcs1.example');
    const keyBlock = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\r?\n/.exec(pkcs8)![0];
    const pkcs1 = pkcs8.replace(keyBlock, createPrivateKey(keyBlock).export({ type: 'pkcs1', format: 'pem' }).toString());
    expect(pkcs1).toContain('-----BEGIN RSA PRIVATE KEY-----');
    await expect(client.importCertificate(name, Buffer.from(pkcs1), { policy: { contentType: 'application/x-pem-file' } })).rejects.toMatchObject({
      ...restError(400, 'BadParameter'),
      message: 'The specified PEM X.509 certificate content is in an unexpected format. Please check if certificate is in valid PEM format.',
    });
    const certOnly = ca.pem('nokey.example').replace(/-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\r?\n/, '');
    await expect(client.importCertificate(name, Buffer.from(certOnly), { policy: { contentType: 'application/x-pem-file' } })).rejects.toMatchObject(restError(400, 'BadParameter'));
    await expect(client.importCertificate(name, Buffer.from('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'), { policy: { contentType: 'application/x-pem-file' } })).rejects.toMatchObject({
      message: 'The specified PEM X.509 certificate content is in an unexpected format. Please check if certificate is in valid PEM format.',
    });
    await expect(client.importCertificate(name, ca.pfx('old.example', 'pw', { from: Date.now() - 100 * 86400_000, days: 30 }), { password: 'pw' })).rejects.toMatchObject(restError(400, 'BadParameter'));
    await expect(client.importCertificate(name, Buffer.alloc(400 * 1024, 7))).rejects.toMatchObject(restError(413, 'RequestEntityTooLarge'));
    await expect(client.getCertificate(name)).rejects.toMatchObject(restError(404, 'CertificateNotFound'));
    expect((await client.importCertificate(name, ca.pfx('after.example', null))).name).toBe(name);
  });

  it('lists certificates and versions with paging; includePending shows certificates still waiting', async () => {
    const name = uniqueName('paged');
    for (let i = 0; i < 3; i += 1) await client.importCertificate(name, ca.pfx(`v${i}.example`, null));
    const versions: string[] = [];
    for await (const page of client.listPropertiesOfCertificateVersions(name).byPage({ maxPageSize: 2 })) versions.push(...page.map((p) => p.version!));
    expect(versions).toHaveLength(3);
    const names: string[] = [];
    for await (const page of client.listPropertiesOfCertificates().byPage({ maxPageSize: 3 })) names.push(...page.map((p) => p.name!));
    expect(names).toContain(name);
    expect(names).toContain('wildcard-contoso-web');
    expect(names).not.toContain('vpn-portal-csr');
    const withPending: string[] = [];
    for await (const p of client.listPropertiesOfCertificates({ includePending: true })) withPending.push(p.name!);
    expect(withPending).toContain('vpn-portal-csr');
  });

  it('gets and updates the policy and the properties of a version', async () => {
    const name = uniqueName('policy');
    const cert = await (await client.beginCreateCertificate(name, { issuerName: 'Self', subject: 'CN=policy.example' }, poll)).pollUntilDone();
    // updateCertificatePolicy 4.10 returns toPublicPolicy(undefined) (an SDK quirk): read it back instead.
    await client.updateCertificatePolicy(name, { ...cert.policy!, lifetimeActions: [{ action: 'AutoRenew', daysBeforeExpiry: 20 }], validityInMonths: 3 });
    expect(await client.getCertificatePolicy(name)).toMatchObject({ validityInMonths: 3, lifetimeActions: [{ action: 'AutoRenew', daysBeforeExpiry: 20 }] });
    const props = await client.updateCertificateProperties(name, cert.properties.version!, { enabled: false, tags: { owner: 'pki' } });
    expect(props.properties).toMatchObject({ enabled: false, tags: { owner: 'pki' } });
    await expect(client.updateCertificatePolicy(name, { issuerName: 'Self', subject: 'not a distinguished name' })).rejects.toMatchObject(restError(400, 'BadParameter'));
  });
});
