import type { TokenCredential } from '@azure/core-auth';
import type { CertificateClient, CertificateKeyCurveName as KeyCurveName } from '@azure/keyvault-certificates';
import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { certificateClient, WEB_VAULT } from './certificate-fixtures.js';
import { restError, secretClient, signedInCredential, uniqueName, USERS } from './keyvault-fixtures.js';
import { OpensslEcCa } from './openssl-ec-fixtures.js';

/**
 * Elliptic-curve certificates through the official @azure/keyvault-certificates client: policies with
 * `keyType: 'EC'` and `keyCurveName` P-256, P-384, P-521 or P-256K (JsonWebKeyCurveName), self-signed,
 * from a named issuer and as an Unknown-issuer CSR merged with an outside chain; the addressable secret
 * as PFX and PEM, the key as a JWK, and EC imports. Keys and chains are checked with Node's X.509/
 * crypto, forge's PKCS#12 reader and the OpenSSL command line, not with the sandbox's own code.
 */

/** OpenSSL's curve names, as Node reports them. */
const NODE_CURVE: Record<string, string> = { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1', 'P-256K': 'secp256k1' };

/** The key (PKCS#8 from the key bag: forge hands EC keys back as ASN.1) and the certificates of an unprotected PFX. */
function openEcPfx(base64: string): { key: KeyObject; certs: X509Certificate[] } {
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(Buffer.from(base64, 'base64').toString('binary')));
  const oids = forge.pki.oids;
  const bag = (p12.getBags({ bagType: oids.keyBag! })[oids.keyBag!] ?? [])[0] as { key: unknown; asn1?: forge.asn1.Asn1 };
  expect(bag.key).toBeNull(); // forge reads RSA keys only: an EC key stays ASN.1
  const key = createPrivateKey({ key: Buffer.from(forge.asn1.toDer(bag.asn1!).getBytes(), 'binary'), format: 'der', type: 'pkcs8' });
  const certs = (p12.getBags({ bagType: oids.certBag! })[oids.certBag!] ?? []).map(
    (b) => new X509Certificate(Buffer.from(forge.asn1.toDer((b as { asn1?: forge.asn1.Asn1 }).asn1 ?? forge.pki.certificateToAsn1(b.cert!)).getBytes(), 'binary')),
  );
  return { key, certs };
}

function samePublicKey(key: KeyObject, cert: X509Certificate): boolean {
  return createPublicKey(key).export({ type: 'spki', format: 'der' }).equals(cert.publicKey.export({ type: 'spki', format: 'der' }));
}

describe('EC certificates through @azure/keyvault-certificates', () => {
  let sandbox: TestSandbox;
  let officer: TokenCredential;
  let client: CertificateClient;
  const outside = new OpensslEcCa();
  const poll = { intervalInMs: 20 };

  beforeAll(async () => {
    sandbox = await startTestSandbox({ settings: { certificateIssueDelaySeconds: 0 } });
    officer = await signedInCredential(sandbox, USERS.officer);
    client = certificateClient(sandbox, WEB_VAULT, officer);
  });
  afterAll(async () => {
    outside.close();
    await sandbox?.close();
  });

  it.each(['P-256', 'P-384', 'P-521', 'P-256K'] as KeyCurveName[])('creates a self-signed %s certificate: policy, certificate, PFX secret and JWK all on that curve', async (curve) => {
    const name = uniqueName('ec');
    const cert = await (await client.beginCreateCertificate(name, { issuerName: 'Self', subject: 'CN=ec.contoso.example', subjectAlternativeNames: { dnsNames: ['ec.contoso.example'] }, keyType: 'EC', keyCurveName: curve }, poll)).pollUntilDone();
    expect(cert.policy).toMatchObject({ issuerName: 'Self', keyType: 'EC', keyCurveName: curve, contentType: 'application/x-pkcs12' });
    expect(cert.policy!.keySize).toBeUndefined(); // an EC key is named by its curve, not the RSA default size
    const x509 = new X509Certificate(Buffer.from(cert.cer!));
    expect(x509.publicKey.asymmetricKeyDetails?.namedCurve).toBe(NODE_CURVE[curve]);
    expect(x509.subjectAltName).toBe('DNS:ec.contoso.example');
    expect(x509.verify(x509.publicKey)).toBe(true); // self-signed with its own EC key (ECDSA)

    const secret = await secretClient(sandbox, WEB_VAULT, officer).getSecret(name);
    expect(secret.properties).toMatchObject({ contentType: 'application/x-pkcs12', managed: true });
    const opened = openEcPfx(secret.value!);
    expect(opened.key.asymmetricKeyDetails?.namedCurve).toBe(NODE_CURVE[curve]);
    expect(samePublicKey(opened.key, opened.certs[0]!)).toBe(true);
    expect(opened.certs[0]!.raw.equals(x509.raw)).toBe(true);

    const keyUrl = `${sandbox.context.origins.vault(WEB_VAULT)}/keys/${name}?api-version=7.6`;
    const reader = await signedInCredential(sandbox, USERS.auditor);
    const response = await fetch(keyUrl, { headers: { authorization: `Bearer ${(await reader.getToken('https://vault.azure.net/.default'))!.token}` } });
    const jwk = ((await response.json()) as { key: { kty: string; crv: string; x: string; y: string; d?: string; key_ops: string[]; kid: string } }).key;
    expect(jwk).toMatchObject({ kty: 'EC', crv: curve, kid: cert.keyId, key_ops: ['sign', 'verify'] });
    expect(jwk.d).toBeUndefined();
  });

  it('serves an EC certificate as PEM: a PKCS#8 EC key, then the chain', async () => {
    const name = uniqueName('ecpem');
    await (await client.beginCreateCertificate(name, { issuerName: 'Self', subject: 'CN=pem.ec.example', keyType: 'EC', keyCurveName: 'P-384', contentType: 'application/x-pem-file' }, poll)).pollUntilDone();
    const pem = (await secretClient(sandbox, WEB_VAULT, officer).getSecret(name)).value!;
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+-----END PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----/);
    const key = createPrivateKey(pem);
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('secp384r1');
    expect(samePublicKey(key, new X509Certificate(pem.slice(pem.indexOf('-----BEGIN CERTIFICATE-----'))))).toBe(true);
  });

  it('a named issuer signs an EC leaf with the sandbox\'s RSA issuing CA; the PFX carries the chain', async () => {
    const name = uniqueName('ecca');
    const cert = await (await client.beginCreateCertificate(name, { issuerName: 'Contoso-Issuing-CA', subject: 'CN=shop.ec.example', keyType: 'EC', keyCurveName: 'P-256' }, poll)).pollUntilDone();
    const leaf = new X509Certificate(Buffer.from(cert.cer!));
    expect(leaf.issuer).toMatch(/^CN=JIT Vault Sandbox Issuing CA/);
    expect(leaf.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const { key, certs } = openEcPfx((await secretClient(sandbox, WEB_VAULT, officer).getSecret(name)).value!);
    expect(certs).toHaveLength(2);
    expect(leaf.checkIssued(certs[1]!) && leaf.verify(certs[1]!.publicKey)).toBe(true);
    expect(certs[1]!.publicKey.asymmetricKeyType).toBe('rsa');
    expect(samePublicKey(key, leaf)).toBe(true);
  });

  it('Unknown issuer: the pending CSR carries an EC key (OpenSSL verifies it), merged with a chain OpenSSL signed', async () => {
    const name = uniqueName('eccsr');
    const poller = await client.beginCreateCertificate(name, { issuerName: 'Unknown', subject: 'CN=vpn.ec.example', keyType: 'EC', keyCurveName: 'P-384' }, poll);
    const op = (await client.getCertificateOperation(name)).getOperationState().certificateOperation!;
    expect(op).toMatchObject({ status: 'inProgress', issuerName: 'Unknown' });
    const chain = outside.signCsr(op.csr!); // `openssl x509 -req` refuses a CSR whose signature does not verify
    const leaf = new X509Certificate(chain[0]!);
    expect(leaf.publicKey.asymmetricKeyDetails?.namedCurve).toBe('secp384r1');

    const other = uniqueName('eccsr');
    await client.beginCreateCertificate(other, { issuerName: 'Unknown', subject: 'CN=x', keyType: 'EC', keyCurveName: 'P-384' }, poll);
    const wrong = outside.signCsr((await client.getCertificateOperation(other)).getOperationState().certificateOperation!.csr!);
    await expect(client.mergeCertificate(name, wrong)).rejects.toMatchObject({ ...restError(400, 'BadParameter'), message: "Public key from x509 certificate and key of this instance doesn't match" });

    const merged = await client.mergeCertificate(name, chain);
    expect(merged.policy).toMatchObject({ keyType: 'EC', keyCurveName: 'P-384' });
    expect(Buffer.from(merged.cer!).equals(chain[0]!)).toBe(true);
    expect((await poller.pollUntilDone()).properties.version).toBe(merged.properties.version);
    const { key } = openEcPfx((await secretClient(sandbox, WEB_VAULT, officer).getSecret(name)).value!);
    expect(samePublicKey(key, leaf)).toBe(true);
  });

  it('imports EC PFX files OpenSSL wrote (with a password and with the empty one) and an EC PEM; the policy says EC and the curve', async () => {
    const withPassword = await client.importCertificate(uniqueName('ecimp'), outside.pfx('imp.ec.example', 'P-384', 'S3cret!'), { password: 'S3cret!' });
    expect(withPassword.policy).toMatchObject({ issuerName: 'Unknown', subject: 'CN=imp.ec.example', keyType: 'EC', keyCurveName: 'P-384', contentType: 'application/x-pkcs12' });
    expect(withPassword.policy!.keySize).toBeUndefined();
    const secret = openEcPfx((await secretClient(sandbox, WEB_VAULT, officer).getSecret(withPassword.name)).value!);
    expect(secret.certs.map((c) => c.subject)).toEqual(['CN=imp.ec.example', 'CN=OpenSSL Test CA']);
    expect(samePublicKey(secret.key, secret.certs[0]!)).toBe(true);

    const emptyPassword = await client.importCertificate(uniqueName('ecimp'), outside.pfx('nopw.ec.example', 'P-521', ''));
    expect(emptyPassword.policy).toMatchObject({ keyType: 'EC', keyCurveName: 'P-521' });

    const pemName = uniqueName('ecimp');
    const pem = await client.importCertificate(pemName, Buffer.from(outside.pem('pem.ec.example', 'P-256')), { policy: { contentType: 'application/x-pem-file' } });
    expect(pem.policy).toMatchObject({ keyType: 'EC', keyCurveName: 'P-256', contentType: 'application/x-pem-file' });
    expect(createPrivateKey((await secretClient(sandbox, WEB_VAULT, officer).getSecret(pemName)).value!).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');

    // "Key Vault will only accept a key in PKCS#8 format" (REST reference): a SEC1 "EC PRIVATE KEY" is refused (the app re-wraps it first).
    await expect(client.importCertificate(uniqueName('ecimp'), Buffer.from(outside.pem('sec1.ec.example', 'P-256', 'sec1')), { policy: { contentType: 'application/x-pem-file' } })).rejects.toMatchObject({
      ...restError(400, 'BadParameter'),
      message: 'The specified PEM X.509 certificate content is in an unexpected format. Please check if certificate is in valid PEM format.',
    });
  });

  it('a new version with reuse_key keeps the EC key; after the policy moves to another curve it gets a fresh key on that curve', async () => {
    const name = uniqueName('ecrenew');
    const first = await (await client.beginCreateCertificate(name, { issuerName: 'Self', subject: 'CN=renew.ec.example', keyType: 'EC', keyCurveName: 'P-384', reuseKey: true }, poll)).pollUntilDone();
    const again = await (await client.beginCreateCertificate(name, first.policy!, poll)).pollUntilDone();
    expect(again.properties.version).not.toBe(first.properties.version);
    const spki = (cer: Uint8Array) => new X509Certificate(Buffer.from(cer)).publicKey.export({ type: 'spki', format: 'der' });
    expect(spki(again.cer!).equals(spki(first.cer!))).toBe(true);
    await client.updateCertificatePolicy(name, { ...first.policy!, keyCurveName: 'P-256' });
    const moved = await (await client.beginCreateCertificate(name, { ...first.policy!, keyCurveName: 'P-256' }, poll)).pollUntilDone();
    expect(new X509Certificate(Buffer.from(moved.cer!)).publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });

  it('refuses a curve outside JsonWebKeyCurveName and a key size that is not the curve\'s, as invalid policy properties', async () => {
    await expect(client.beginCreateCertificate(uniqueName('ecbad'), { issuerName: 'Self', subject: 'CN=x', keyType: 'EC', keyCurveName: 'P-192' as KeyCurveName }, poll)).rejects.toMatchObject({
      ...restError(400, 'BadParameter'),
      message: 'Property policy.key_props.crv has invalid value',
    });
    await expect(client.beginCreateCertificate(uniqueName('ecbad'), { issuerName: 'Self', subject: 'CN=x', keyType: 'EC', keyCurveName: 'P-256', keySize: 2048 }, poll)).rejects.toMatchObject({
      ...restError(400, 'BadParameter'),
      message: 'Property policy.key_props.key_size has invalid value',
    });
  });
});
