import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { keyMatches, openPfx, WEB_VAULT } from '../sandbox/certificate-fixtures.js';
import { USERS } from '../sandbox/keyvault-fixtures.js';
import { wireCertificateService } from './certificate-support.js';
import { vaultSettings } from './vault-support.js';

const INSTALLERS = '6d0f6f52-3c1b-4f0e-9a3e-2b7d1c9e4a51';
const PASSWORD = 'Install-Canary-Pw-7731';

/**
 * Saving certificates through the REAL SDKs against the sandbox: the public certificate without any
 * activation (standing Key Vault Reader), the PFX only with the vault unlocked, re-encrypted with the
 * user's password (opened here with node-forge, independently of the app's code), journalled, and
 * written only where the save dialog answered.
 */
describe('CertificateExport against the sandbox', () => {
  let sandbox: TestSandbox;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  describe('a helpdesk engineer with a standing Key Vault Reader (vault locked: PIM for the PFX)', () => {
    let env: Awaited<ReturnType<typeof wireCertificateService>>;
    beforeAll(async () => {
      env = await wireCertificateService(sandbox, vaultSettings(sandbox, [{ name: WEB_VAULT, pimGroupId: INSTALLERS }]));
      await env.tokens.signIn(USERS.helpdesk);
      await env.service.refresh();
    });
    afterAll(async () => env?.close());

    it('saves the public certificate as .pem and .cer without an activation; both parse and match the listing', async () => {
      const item = env.service.item(WEB_VAULT, 'wildcard-contoso-web')!;
      expect(await env.exporter.savePublic({ vault: WEB_VAULT, name: 'wildcard-contoso-web' }, 'pem')).toEqual({ saved: true, fileName: 'wildcard-contoso-web.pem' });
      const pem = readFileSync(join(env.dir, 'wildcard-contoso-web.pem'), 'utf8');
      expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
      expect(pem).not.toMatch(/PRIVATE KEY/);
      const fromPem = forge.pki.certificateFromPem(pem);
      expect(fromPem.subject.getField('CN').value).toBe('*.contoso.example');
      expect(new X509Certificate(pem).fingerprint.replace(/:/g, '')).toBe(item.thumbprint);

      expect(await env.exporter.savePublic({ vault: WEB_VAULT, name: 'wildcard-contoso-web' }, 'cer')).toEqual({ saved: true, fileName: 'wildcard-contoso-web.cer' });
      const der = readFileSync(join(env.dir, 'wildcard-contoso-web.cer'));
      expect(der[0]).toBe(0x30); // DER SEQUENCE, not PEM text
      expect(new X509Certificate(der).fingerprint.replace(/:/g, '')).toBe(item.thumbprint);
      expect(env.saves.map((s) => s.filter.extensions[0])).toEqual(['pem', 'cer']);
    });

    it('refuses the PFX and the full chain while the vault is locked: no dialog, no file, no value read', async () => {
      const before = env.saves.length;
      await expect(env.exporter.savePfx({ vault: WEB_VAULT, name: 'rdp-gateway' }, PASSWORD)).rejects.toMatchObject({ code: 'vault-locked' });
      await expect(env.exporter.saveChain({ vault: WEB_VAULT, name: 'rdp-gateway' })).rejects.toMatchObject({ code: 'vault-locked' });
      expect(env.saves.length).toBe(before);
      expect(existsSync(join(env.dir, 'rdp-gateway.pfx'))).toBe(false);
    });

    it('a pending certificate has nothing public to save yet, and says so', async () => {
      await expect(env.exporter.savePublic({ vault: WEB_VAULT, name: 'vpn-portal-csr' }, 'pem')).rejects.toMatchObject({ code: 'item-unsupported', message: expect.stringContaining('pending') });
    });
  });

  describe('with the vault unlocked (Sara: standing Secrets Officer on the web vault)', () => {
    let env: Awaited<ReturnType<typeof wireCertificateService>>;
    beforeAll(async () => {
      env = await wireCertificateService(sandbox, vaultSettings(sandbox, [{ name: WEB_VAULT }]));
      const accountId = await env.tokens.signIn(USERS.officer);
      env.session.unlock({ vault: WEB_VAULT, accountId, endsAt: null });
      await env.service.refresh();
    });
    afterAll(async () => env?.close());

    it('saves a PFX protected by the chosen password: opens with it (key matches the leaf, chain included), not without it', async () => {
      const result = await env.exporter.savePfx({ vault: WEB_VAULT, name: 'rdp-gateway' }, PASSWORD);
      expect(result).toEqual({ saved: true, fileName: 'rdp-gateway.pfx' });
      const path = join(env.dir, 'rdp-gateway.pfx');
      expect(statSync(path).mode & 0o777).toBe(0o600);
      const base64 = readFileSync(path).toString('base64');
      const { key, certs } = openPfx(base64, PASSWORD);
      expect(keyMatches(key, certs.find((c) => c.subject.getField('CN')?.value === 'rdgw.contoso.example')!)).toBe(true);
      expect(certs.length).toBeGreaterThanOrEqual(2); // leaf + the issuing CA
      expect(() => openPfx(base64, 'wrong-password')).toThrow();
      expect(() => openPfx(base64)).toThrow(); // never an unprotected key

      const journal = env.journalText();
      expect(journal).toContain('"action":"export"');
      expect(journal).toContain('rdp-gateway');
      expect(journal).not.toContain(PASSWORD);
    });

    it('re-protects a PEM-stored certificate (content type application/x-pem-file) as a PFX too', async () => {
      expect(await env.exporter.savePfx({ vault: WEB_VAULT, name: 'api-contoso-autorenew' }, PASSWORD)).toEqual({ saved: true, fileName: 'api-contoso-autorenew.pfx' });
      const { key, certs } = openPfx(readFileSync(join(env.dir, 'api-contoso-autorenew.pfx')).toString('base64'), PASSWORD);
      expect(keyMatches(key, certs[0]!)).toBe(true);
    });

    it('saves the full chain as PEM, leaf first, with no private key in it', async () => {
      expect(await env.exporter.saveChain({ vault: WEB_VAULT, name: 'wildcard-contoso-web' })).toEqual({ saved: true, fileName: 'wildcard-contoso-web-chain.pem' });
      const text = readFileSync(join(env.dir, 'wildcard-contoso-web-chain.pem'), 'utf8');
      expect(text).not.toMatch(/PRIVATE KEY/);
      const pems = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)!;
      expect(pems.length).toBeGreaterThanOrEqual(2);
      const [leaf, issuer] = pems.map((p) => new X509Certificate(p));
      expect(leaf!.subject).toMatch(/CN=\*\.contoso\.example/);
      expect(leaf!.checkIssued(issuer!)).toBe(true);
    });

    it('a cancelled dialog writes nothing and reads nothing; a short password is refused before anything happens', async () => {
      const journalBefore = env.journalText();
      env.dialog.answer = () => undefined;
      try {
        expect(await env.exporter.savePfx({ vault: WEB_VAULT, name: 'legacy-intranet' }, PASSWORD)).toEqual({ saved: false });
      } finally {
        env.dialog.answer = (request) => join(env.dir, request.defaultName);
      }
      expect(existsSync(join(env.dir, 'legacy-intranet.pfx'))).toBe(false);
      expect(env.journalText()).toBe(journalBefore);
      await expect(env.exporter.savePfx({ vault: WEB_VAULT, name: 'legacy-intranet' }, 'short')).rejects.toMatchObject({ code: 'item-unsupported', message: expect.stringContaining('at least 8') });
    });

    it('a folder that cannot be written gets a clear error naming the file, and nothing else changes', async () => {
      env.dialog.answer = (request) => join(env.dir, 'no-such-folder', request.defaultName);
      try {
        await expect(env.exporter.savePublic({ vault: WEB_VAULT, name: 'rdp-gateway' }, 'pem')).rejects.toMatchObject({ code: 'unknown', message: expect.stringContaining('Choose another folder') });
      } finally {
        env.dialog.answer = (request) => join(env.dir, request.defaultName);
      }
    });
  });
});
