import { CertificateClient } from '@azure/keyvault-certificates';
import { SecretClient } from '@azure/keyvault-secrets';
import { X509Certificate } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReadyInfo } from '../../sandbox/ready-info.js';
import { createTestMsalApp, msalTokenCredential, signInWithPassword } from '../helpers/msal.js';
import { makeStateDir, spawnSandbox, type SpawnedSandbox } from '../helpers/sandbox.js';
import { OutsideCa, WEB_VAULT } from './certificate-fixtures.js';
import { restError, USERS } from './keyvault-fixtures.js';

const SERVERS_VAULT = 'kv-contoso-servers';

/** Sara (Secrets Officer on the servers vault, Certificates Officer on the web vault) through msal-node and the SDKs. */
async function clients(info: ReadyInfo) {
  const user = info.users.find((u) => u.username === USERS.officer)!;
  const app = createTestMsalApp(info);
  const result = await signInWithPassword(app, user.username, user.password, ['https://vault.azure.net/.default']);
  const credential = msalTokenCredential(app, result.account!);
  const url = (name: string) => info.vaults.find((v) => v.name === name)!.url;
  return {
    secrets: new SecretClient(url(SERVERS_VAULT), credential, { disableChallengeResourceVerification: true }),
    certificates: new CertificateClient(url(WEB_VAULT), credential, { disableChallengeResourceVerification: true }),
  };
}

/**
 * Key Vault backups restore wherever the same vault's data lives on — here, after a REAL restart of
 * the sandbox process (its CLI in a child process, stopped with SIGTERM and started again on the same
 * state directory): the blob key is persisted with the state. A blob from another sandbox's state
 * is "Malformed backup blob", as Key Vault answers a blob it cannot open. Through the official SDKs.
 */
describe('backup blobs across a sandbox restart', () => {
  const stateDir = makeStateDir();
  const otherDir = makeStateDir();
  const running: SpawnedSandbox[] = [];
  afterAll(async () => {
    for (const s of running) await s.stop();
    rmSync(stateDir, { recursive: true, force: true });
    rmSync(otherDir, { recursive: true, force: true });
  });

  it('a secret and a certificate backed up, purged, the process restarted: both restore; another state refuses the blobs', async () => {
    const first = await spawnSandbox(['--state-dir', stateDir, '--reset']);
    running.push(first);
    const before = await clients(first.info);
    await before.secrets.setSecret('restart-backup', 'value-before-restart');
    const secretBlob = (await before.secrets.backupSecret('restart-backup'))!;
    await (await before.secrets.beginDeleteSecret('restart-backup')).pollUntilDone();
    await before.secrets.purgeDeletedSecret('restart-backup');
    const ca = new OutsideCa();
    const imported = await before.certificates.importCertificate('restart-cert', ca.pfx('restart.contoso.example', null));
    const certificateBlob = (await before.certificates.backupCertificate('restart-cert'))!;
    await (await before.certificates.beginDeleteCertificate('restart-cert')).pollUntilDone();
    await before.certificates.purgeDeletedCertificate('restart-cert');
    expect(await first.stop()).toBe(0);
    running.pop();

    // A new process on the same state directory (no --reset): the persisted blob key opens the blobs.
    const second = await spawnSandbox(['--state-dir', stateDir]);
    running.push(second);
    expect(second.process.pid).not.toBe(first.process.pid);
    const after = await clients(second.info);
    await expect(after.secrets.getSecret('restart-backup')).rejects.toMatchObject(restError(404, 'SecretNotFound'));
    const restored = await after.secrets.restoreSecretBackup(secretBlob);
    expect(restored.name).toBe('restart-backup');
    expect((await after.secrets.getSecret('restart-backup')).value).toBe('value-before-restart');
    const certificate = await after.certificates.restoreCertificateBackup(certificateBlob);
    expect(certificate.properties.x509Thumbprint).toEqual(imported.properties.x509Thumbprint);
    expect(new X509Certificate(Buffer.from(certificate.cer!)).subject).toBe('CN=restart.contoso.example');

    // Another sandbox (its own state, its own key) cannot open them.
    const other = await spawnSandbox(['--state-dir', otherDir, '--reset']);
    running.push(other);
    const foreign = await clients(other.info);
    await expect(foreign.secrets.restoreSecretBackup(secretBlob)).rejects.toMatchObject({ statusCode: 400, code: 'Malformed backup blob' });
    await expect(foreign.certificates.restoreCertificateBackup(certificateBlob)).rejects.toMatchObject({ statusCode: 400 });
  }, 120_000);
});
