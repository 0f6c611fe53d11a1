import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { createPrivateKey, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CertificateImport, IMPORT_HOLD_MS } from '../../main/services/certificates/certificate-import.js';
import { MAX_IMPORT_FILE_BYTES, nodeImportFileSystem, type ImportFileSystem } from '../../main/services/certificates/certificate-import-file.js';
import type { OpenLocation } from '../../main/services/ports/open-location.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { OutsideCa, WEB_VAULT } from '../sandbox/certificate-fixtures.js';
import { USERS } from '../sandbox/keyvault-fixtures.js';
import { wireCertificateService } from './certificate-support.js';
import { vaultSettings } from './vault-support.js';

/**
 * Importing a certificate from a file the user chose, through the REAL @azure/keyvault-certificates
 * SDK against the sandbox: PFX with and without a password, PEM, and every kind of bad input — a
 * malformed PFX, a wrong password (typed again without choosing the file again), a PEM without its
 * key, a file too large to read (refused before any byte is read) and one Key Vault refuses as too
 * large — each in plain words with Key Vault's own, journalled, never a crash; a Reader is told
 * which role imports.
 */
describe('CertificateImport against the sandbox', () => {
  let sandbox: TestSandbox;
  let env: Awaited<ReturnType<typeof wireCertificateService>>;
  let importer: CertificateImport;
  let clock: ManualClock;
  let files: string;
  let chosen: string | undefined;
  const reads: string[] = [];
  const ca = new OutsideCa();
  const openLocation: OpenLocation = { choose: async () => chosen };
  /** The real file system, counting reads (to prove a too-large file is never read). */
  const countingFs: ImportFileSystem = {
    stat: (path) => nodeImportFileSystem.stat(path),
    read: (path, max) => {
      reads.push(path);
      return nodeImportFileSystem.read(path, max);
    },
  };
  const file = (name: string, bytes: Uint8Array | string): string => {
    const path = join(files, name);
    writeFileSync(path, bytes);
    return path;
  };
  const choose = async (path: string) => {
    chosen = path;
    const held = await importer.chooseFile();
    expect(held).toBeDefined();
    return held!;
  };

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    env = await wireCertificateService(sandbox, vaultSettings(sandbox, [{ name: WEB_VAULT }]));
    await env.tokens.signIn(USERS.officer); // Sara: KV-SecurityTeam, Key Vault Certificates Officer
    await env.service.refresh();
    files = mkdtempSync(join(tmpdir(), 'jit-vault-import-'));
  });
  beforeEach(() => {
    clock = new ManualClock(Date.now());
    importer = new CertificateImport({ certificates: env.service, journal: env.journal, clock, openLocation, files: countingFs });
    reads.length = 0;
  });
  afterAll(async () => {
    rmSync(files, { recursive: true, force: true });
    await env?.close();
    await sandbox?.close();
  });

  it('imports a password-protected PFX: the file is described (never its folder), imported, listed, journalled without the password', async () => {
    const held = await choose(file('web02.contoso.pfx', ca.pfx('web02.contoso.example', 'Imp0rt-pw!')));
    expect(held).toMatchObject({ fileName: 'web02.contoso.pfx', format: 'pfx', suggestedName: 'web02-contoso' });
    expect(JSON.stringify(held)).not.toContain(files);
    const imported = await importer.importFile({ vault: WEB_VAULT, name: 'web02-contoso', fileId: held.fileId, password: 'Imp0rt-pw!' });
    expect(imported).toMatchObject({ vault: WEB_VAULT, name: 'web02-contoso', subject: 'CN=web02.contoso.example', newVersionOfExisting: false });
    expect(imported.thumbprint).toMatch(/^[0-9A-F]{40}$/);
    await env.service.refresh([WEB_VAULT]);
    expect(env.service.item(WEB_VAULT, 'web02-contoso')).toMatchObject({ thumbprint: imported.thumbprint, subject: 'CN=web02.contoso.example' });
    expect(env.journalText()).toMatch(/"action":"certificate","outcome":"ok".*"secretName":"web02-contoso".*"detail":"import \(PFX\) from web02.contoso.pfx, version /);
    expect(env.journalText()).not.toContain('Imp0rt-pw!');
    // Imported: the file is no longer held.
    await expect(importer.importFile({ vault: WEB_VAULT, name: 'web02-contoso', fileId: held.fileId })).rejects.toThrow(/no longer held.*Choose the file again/);
  });

  it('imports a PFX without a password, a base64 PFX as Key Vault hands it out, and a PEM; a second import is a new version', async () => {
    const plain = await choose(file('nopw.p12', ca.pfx('nopw.example', null)));
    expect((await importer.importFile({ vault: WEB_VAULT, name: 'imported-nopw', fileId: plain.fileId })).subject).toBe('CN=nopw.example');
    const b64 = await choose(file('from-secret.pfx', Buffer.from(ca.pfx('b64.example', null)).toString('base64')));
    expect((await importer.importFile({ vault: WEB_VAULT, name: 'imported-b64', fileId: b64.fileId })).subject).toBe('CN=b64.example');
    const pem = await choose(file('pem-web.pem', ca.pem('pem-web.example')));
    expect(pem).toMatchObject({ format: 'pem', pem: { certificates: 2, privateKey: 'plain' } });
    expect(await importer.importFile({ vault: WEB_VAULT, name: 'imported-nopw', fileId: pem.fileId })).toMatchObject({ subject: 'CN=pem-web.example', newVersionOfExisting: true });
    expect(await env.service.versions(WEB_VAULT, 'imported-nopw')).toHaveLength(2);
  });

  it('a PEM whose key is PKCS#1 (Key Vault takes PKCS#8 only) is re-wrapped and imports; an encrypted PKCS#1 key gets Key Vault\'s refusal and how to convert it', async () => {
    const pkcs8 = ca.pem('legacy.example');
    const block = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\r?\n/.exec(pkcs8)![0];
    const key = createPrivateKey(block);
    const legacy = await choose(file('legacy.pem', pkcs8.replace(block, key.export({ type: 'pkcs1', format: 'pem' }).toString())));
    expect(legacy.pem).toEqual({ certificates: 2, privateKey: 'plain', keyFormat: 'legacy' });
    expect((await importer.importFile({ vault: WEB_VAULT, name: 'imported-legacy', fileId: legacy.fileId })).subject).toBe('CN=legacy.example');
    expect((await env.service.clients.secretClientFor(env.service.vault(WEB_VAULT)).getSecret('imported-legacy')).value).toMatch(/^-----BEGIN PRIVATE KEY-----/);

    const encryptedPkcs1 = key.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'legacy-pw' }).toString();
    expect(encryptedPkcs1).toMatch(/Proc-Type: 4,ENCRYPTED/);
    const locked = await choose(file('legacy-enc.pem', pkcs8.replace(block, encryptedPkcs1)));
    expect(locked.pem).toEqual({ certificates: 2, privateKey: 'encrypted', keyFormat: 'legacy' });
    await expect(importer.importFile({ vault: WEB_VAULT, name: 'imported-legacy-enc', fileId: locked.fileId, password: 'legacy-pw' })).rejects.toMatchObject({
      code: 'item-unsupported',
      message: expect.stringMatching(/Key Vault takes PKCS#8 keys only\. Convert it with "openssl pkcs8 -topk8 .*\(Key Vault: "The specified PEM X\.509 certificate content is in an unexpected format/),
    });
  });

  it('a wrong password gets Key Vault\'s words in plain language; the file stays held, so the right password imports it', async () => {
    const held = await choose(file('pw.pfx', ca.pfx('pw.example', 'right-one')));
    const wrong = importer.importFile({ vault: WEB_VAULT, name: 'imported-pw', fileId: held.fileId, password: 'wrong-one' });
    await expect(wrong).rejects.toMatchObject({ code: 'item-unsupported', message: expect.stringMatching(/^The password does not open "pw.pfx".*Key Vault: "The specified network password is not correct\."/) });
    expect(env.journalText()).toMatch(/"outcome":"failed".*"secretName":"imported-pw".*"detail":"import \(PFX\): item-unsupported"/);
    expect((await importer.importFile({ vault: WEB_VAULT, name: 'imported-pw', fileId: held.fileId, password: 'right-one' })).subject).toBe('CN=pw.example');
    expect(env.journalText()).not.toMatch(/wrong-one|right-one/);
  });

  it('a malformed PFX and a PEM without its key get Key Vault\'s errors in plain words; nothing is created and the sandbox keeps serving', async () => {
    const junk = await choose(file('broken.pfx', randomBytes(2048)));
    await expect(importer.importFile({ vault: WEB_VAULT, name: 'imported-junk', fileId: junk.fileId })).rejects.toMatchObject({
      code: 'item-unsupported',
      message: expect.stringMatching(/could not read "broken.pfx" as a PFX.*Key Vault: "The specified PKCS#12 X.509 certificate content is in an unexpected format/),
    });
    const truncated = await choose(file('cut.pfx', ca.pfx('cut.example', 'pw').subarray(0, 700)));
    await expect(importer.importFile({ vault: WEB_VAULT, name: 'imported-junk', fileId: truncated.fileId, password: 'pw' })).rejects.toMatchObject({ code: 'item-unsupported' });
    const certOnly = ca.pem('nokey.example').replace(/-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\r?\n/, '');
    const noKey = await choose(file('nokey.pem', certOnly));
    expect(noKey.pem).toEqual({ certificates: 2, privateKey: 'none' });
    await expect(importer.importFile({ vault: WEB_VAULT, name: 'imported-junk', fileId: noKey.fileId })).rejects.toMatchObject({
      message: expect.stringMatching(/^The PEM file holds no private key.*\(Key Vault: ".+"\)$/),
    });
    await env.service.refresh([WEB_VAULT]);
    expect(env.service.catalog().vaults[0]!.listing).toBe('listed');
    expect(env.service.item(WEB_VAULT, 'imported-junk')).toBeUndefined();
  });

  it('a file over the limit is refused before a byte is read; one under it that Key Vault refuses as too large gets its 413 in plain words', async () => {
    const huge = join(files, 'disk.img.pfx');
    writeFileSync(huge, '');
    truncateSync(huge, 2 * 1024 * 1024 * 1024); // sparse: 2 GB by stat, nothing on disk
    chosen = huge;
    const before = sandbox.context.log.list().total;
    await expect(importer.chooseFile()).rejects.toMatchObject({ code: 'item-unsupported', message: expect.stringMatching(/^"disk.img.pfx" is 2048.0 MB: too large to be a certificate \(at most 256 kB/) });
    expect(reads).toEqual([]);
    expect(sandbox.context.log.list().total).toBe(before);

    const large = await choose(file('large.pfx', randomBytes(MAX_IMPORT_FILE_BYTES - 1024)));
    await expect(importer.importFile({ vault: WEB_VAULT, name: 'imported-large', fileId: large.fileId })).rejects.toMatchObject({
      code: 'item-unsupported',
      message: expect.stringMatching(/^Key Vault refused "large.pfx" as too large \(HTTP 413: "The request body is too large/),
    });
  });

  it('a cancelled dialog holds nothing; a held file is forgotten after five minutes, when another is chosen, or when the form is cancelled', async () => {
    chosen = undefined;
    expect(await importer.chooseFile()).toBeUndefined();
    const held = await choose(file('late.pfx', ca.pfx('late.example', null)));
    await clock.advance(IMPORT_HOLD_MS - 1);
    expect(held.heldUntil).toBe(clock.now() + 1);
    await clock.advance(1);
    await expect(importer.importFile({ vault: WEB_VAULT, name: 'imported-late', fileId: held.fileId })).rejects.toThrow(/no longer held/);
    // Cancelled in the form: forgotten at once; forgetting another id leaves the held file alone.
    const kept = await choose(file('kept.pfx', ca.pfx('kept.example', null)));
    importer.forget('00000000-0000-4000-8000-000000000000');
    const dropped = await choose(file('dropped.pfx', ca.pfx('dropped.example', null)));
    await expect(importer.importFile({ vault: WEB_VAULT, name: 'imported-kept', fileId: kept.fileId })).rejects.toThrow(/no longer held/); // replaced by the next choice
    importer.forget(dropped.fileId);
    await expect(importer.importFile({ vault: WEB_VAULT, name: 'imported-dropped', fileId: dropped.fileId })).rejects.toThrow(/no longer held/);
  });

  it('a Key Vault Reader is refused (403) with the role that imports, journalled as denied', async () => {
    const reader = await wireCertificateService(sandbox, vaultSettings(sandbox, [{ name: WEB_VAULT }]));
    try {
      await reader.tokens.signIn(USERS.helpdesk); // Alex: standing Key Vault Reader only
      const asReader = new CertificateImport({ certificates: reader.service, journal: reader.journal, clock, openLocation });
      chosen = file('reader.pfx', ca.pfx('reader.example', null));
      const held = (await asReader.chooseFile())!;
      await expect(asReader.importFile({ vault: WEB_VAULT, name: 'imported-reader', fileId: held.fileId })).rejects.toMatchObject({
        code: 'vault-forbidden-rbac',
        message: expect.stringMatching(/Importing into vault "kv-contoso-web" was refused: it needs the Key Vault Certificates Officer role/),
      });
      expect(reader.journalText()).toMatch(/"outcome":"denied".*"secretName":"imported-reader".*"detail":"import \(PFX\): vault-forbidden-rbac"/);
    } finally {
      await reader.close();
    }
  });
});
