import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import forge from 'node-forge';
import { afterAll, describe, expect, it } from 'vitest';
import { createCa, ensureTls, issueLeaf, TLS_FILE_NAMES } from '../../sandbox/tls/certificates.js';

/**
 * Issue 12 item 6: the sandbox CA is name-constrained to the loopback names and its private key is
 * never kept. Proven with OpenSSL itself (Node's TLS): a certificate the CA signs for any other
 * host fails verification, whatever the client was told to trust.
 */

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'jit-vault-sandbox-ca-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Verifies `leaf` against `ca` through a real TLS handshake on 127.0.0.1; resolves with OpenSSL's verdict. */
async function handshake(ca: forge.pki.Certificate, leaf: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey }, servername: string): Promise<string> {
  const server = createServer({ cert: forge.pki.certificateToPem(leaf.cert), key: forge.pki.privateKeyToPem(leaf.key) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await new Promise<string>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, servername, ca: forge.pki.certificateToPem(ca), rejectUnauthorized: false }, () => {
        resolve(socket.authorized ? 'authorized' : String(socket.authorizationError));
        socket.end();
      });
      socket.on('error', (error) => resolve(error.message));
    });
  } finally {
    server.close();
  }
}

describe('sandbox CA: name-constrained, key never kept', () => {
  it('keeps only the CA certificate, the leaf and the leaf key; removes a CA key an earlier version left', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'ca-key.pem'), 'an old CA key');
    const tls = ensureTls(dir);
    expect(readdirSync(dir).sort()).toEqual([...TLS_FILE_NAMES].sort());
    expect(tls.leafCertPem).toContain('BEGIN CERTIFICATE');
    expect(readdirSync(dir).join(' ')).not.toMatch(/ca-key/);
  });

  it('the CA carries a critical name constraint permitting only localhost, 127.0.0.1 and ::1', () => {
    const ca = forge.pki.certificateFromPem(ensureTls(tempDir()).caCertPem);
    const extension = ca.getExtension('nameConstraints') as { critical?: boolean } | null;
    expect(extension?.critical).toBe(true);
    // The DER as written: SEQUENCE { [0] { {dNSName localhost} {iPAddress 127.0.0.1/32} {iPAddress ::1/128} } }.
    const der = forge.asn1.fromDer((extension as unknown as { value: string }).value);
    const subtrees = (der.value as forge.asn1.Asn1[])[0]!.value as forge.asn1.Asn1[];
    const names = subtrees.map((subtree) => (subtree.value as forge.asn1.Asn1[])[0]!).map((name) => ({ tag: name.type, bytes: forge.util.bytesToHex(name.value as string) }));
    expect(names).toEqual([
      { tag: 2, bytes: forge.util.bytesToHex('localhost') },
      { tag: 7, bytes: '7f000001ffffffff' },
      { tag: 7, bytes: `${'00'.repeat(15)}01${'ff'.repeat(16)}` },
    ]);
  });

  it('a certificate the CA signs for another host fails verification (OpenSSL enforces the constraint)', async () => {
    const ca = createCa();
    expect(await handshake(ca.cert, issueLeaf(ca, { dns: ['localhost'], ip: ['127.0.0.1'] }), 'localhost')).toBe('authorized');
    const foreign = await handshake(ca.cert, issueLeaf(ca, { dns: ['login.microsoftonline.com'], ip: [] }), 'login.microsoftonline.com');
    // OpenSSL's X509_V_ERR_PERMITTED_VIOLATION (47), which Node reports without a name of its own.
    expect(foreign).not.toBe('authorized');
    expect(foreign).toMatch(/UNSPECIFIED|subtree/i);
    const foreignIp = await handshake(ca.cert, issueLeaf(ca, { dns: [], ip: ['10.0.0.1'] }), 'localhost');
    expect(foreignIp).not.toBe('authorized');
  });

  it('an existing CA without the constraint (an older state folder) is replaced by a constrained one', () => {
    const dir = tempDir();
    const first = ensureTls(dir);
    expect(ensureTls(dir).caCertPem).toBe(first.caCertPem); // kept while valid and constrained
    const unconstrained = createCa();
    unconstrained.cert.setExtensions([{ name: 'basicConstraints', cA: true, critical: true }]);
    unconstrained.cert.sign(unconstrained.key, forge.md.sha256.create());
    writeFileSync(join(dir, 'ca.pem'), forge.pki.certificateToPem(unconstrained.cert));
    const renewed = forge.pki.certificateFromPem(ensureTls(dir).caCertPem);
    expect(forge.pki.certificateToPem(renewed)).not.toBe(forge.pki.certificateToPem(unconstrained.cert));
    expect(renewed.getExtension('nameConstraints')).toMatchObject({ critical: true });
  });
});
