import type { TokenCredential } from '@azure/core-auth';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import type { SecretClient } from '@azure/keyvault-secrets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { restError, secretClient, signedInCredential, uniqueName, USERS, VAULTS } from './keyvault-fixtures.js';

/**
 * Conformance of the sandbox's Key Vault secrets data plane through the official
 * @azure/keyvault-secrets 4.12 client, unchanged except disableChallengeResourceVerification
 * (loopback), with tokens from msal-node. Every operation, paging, soft delete with the pollers,
 * backup/restore and the service versions the SDK can send.
 */
describe('Key Vault secrets through @azure/keyvault-secrets', () => {
  let sandbox: TestSandbox;
  let officer: TokenCredential;
  let client: SecretClient;
  const poll = { intervalInMs: 20 };

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    officer = await signedInCredential(sandbox, USERS.officer);
    client = secretClient(sandbox, VAULTS.servers, officer);
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('sets, gets (latest and by version), updates and lists the versions of a secret', async () => {
    const name = uniqueName('crud');
    const origin = sandbox.context.origins.vault(VAULTS.servers);
    const first = await client.setSecret(name, 'value-one', { contentType: 'password', tags: { host: 'dc01' } });
    expect(first.value).toBe('value-one');
    expect(first.properties.id).toBe(`${origin}/secrets/${name}/${first.properties.version}`);
    expect(first.properties.version).toMatch(/^[0-9a-f]{32}$/);
    expect(first.properties).toMatchObject({ contentType: 'password', tags: { host: 'dc01' }, enabled: true, vaultUrl: origin, recoveryLevel: 'Recoverable+Purgeable', recoverableDays: 90 });

    const second = await client.setSecret(name, 'value-two');
    expect((await client.getSecret(name)).value).toBe('value-two');
    expect((await client.getSecret(name, { version: first.properties.version! })).value).toBe('value-one');

    const updated = await client.updateSecretProperties(name, first.properties.version!, { contentType: 'text/plain', tags: { host: 'dc02' }, enabled: false });
    expect(updated).toMatchObject({ contentType: 'text/plain', tags: { host: 'dc02' }, enabled: false, version: first.properties.version });
    expect((updated as unknown as { value?: string }).value).toBeUndefined();
    await expect(client.getSecret(name, { version: first.properties.version! })).rejects.toMatchObject(restError(403, 'Forbidden', 'SecretDisabled'));

    const versions = [];
    for await (const properties of client.listPropertiesOfSecretVersions(name)) versions.push(properties);
    expect(versions.map((v) => v.version).sort()).toEqual([first.properties.version, second.properties.version].sort());
    expect(versions.every((v) => v.id === `${origin}/secrets/${name}/${v.version}`)).toBe(true);
  });

  it('round-trips enabled, notBefore and expiresOn, and still returns a secret outside its nbf/exp window', async () => {
    const name = uniqueName('dates');
    const notBefore = new Date(Math.floor(Date.now() / 1000 + 86_400) * 1000);
    const expiresOn = new Date(Math.floor(Date.now() / 1000 - 3600) * 1000);
    const set = await client.setSecret(name, 'dated', { notBefore, expiresOn, enabled: true });
    expect(set.properties.notBefore?.getTime()).toBe(notBefore.getTime());
    expect(set.properties.expiresOn?.getTime()).toBe(expiresOn.getTime());
    // Microsoft documents nbf/exp as informational for secrets: get works outside the window.
    expect((await client.getSecret(name)).value).toBe('dated');
  });

  it('refuses outContentType conversions of a plain secret from 2025-07-01 on, as recorded', async () => {
    const name = uniqueName('pfx');
    await client.setSecret(name, 'not-a-certificate', { contentType: 'application/x-pkcs12' });
    const pem = await client.getSecret(name, { outContentType: 'application/x-pem-file' }).catch((e: unknown) => e);
    expect(pem).toMatchObject(restError(400, 'BadParameter'));
    expect((pem as Error).message).toBe("The 'Unsupported' to 'PEM' transformation is not supported. Only PFX to PEM transformation is supported.");
    const old = secretClient(sandbox, VAULTS.servers, officer, { serviceVersion: '7.6' });
    expect((await old.getSecret(name, { outContentType: 'application/x-pem-file' })).value).toBe('not-a-certificate');
  });

  it('gets a missing secret as 404 SecretNotFound with the service text', async () => {
    const error = await client.getSecret('no-such-secret').catch((e: unknown) => e);
    expect(error).toMatchObject(restError(404, 'SecretNotFound'));
    expect((error as Error).message).toBe(
      'A secret with (name/id) no-such-secret was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182',
    );
  });

  it('pages a listing of more than 25 secrets by 25, without values or versions in the ids', async () => {
    const prefix = uniqueName('page');
    await Promise.all(Array.from({ length: 30 }, (_, i) => client.setSecret(`${prefix}-${String(i).padStart(2, '0')}`, `v${i}`)));
    const pageSizes: number[] = [];
    const names: string[] = [];
    for await (const page of client.listPropertiesOfSecrets().byPage()) {
      pageSizes.push(page.length);
      for (const properties of page) {
        expect(properties.id).toBe(`${properties.vaultUrl}/secrets/${properties.name}`);
        expect((properties as unknown as { value?: string }).value).toBeUndefined();
        names.push(properties.name);
      }
    }
    expect(pageSizes[0]).toBe(25);
    expect(pageSizes.every((size) => size <= 25)).toBe(true);
    expect(names.filter((n) => n.startsWith(prefix))).toHaveLength(30);
    expect(new Set(names).size).toBe(names.length);

    const small: number[] = [];
    for await (const page of client.listPropertiesOfSecrets().byPage({ maxPageSize: 7 })) small.push(page.length);
    expect(small.slice(0, -1).every((size) => size === 7)).toBe(true);
    expect(small.reduce((a, b) => a + b, 0)).toBe(names.length);
  });

  it('pages the versions of a secret with more than 25 versions', async () => {
    const name = uniqueName('versions');
    for (let i = 0; i < 27; i++) await client.setSecret(name, `v${i}`);
    const pages: number[] = [];
    for await (const page of client.listPropertiesOfSecretVersions(name).byPage({ maxPageSize: 25 })) pages.push(page.length);
    expect(pages).toEqual([25, 2]);
    const none = [];
    for await (const properties of client.listPropertiesOfSecretVersions(uniqueName('missing'))) none.push(properties);
    expect(none).toEqual([]);
  });

  it('soft-deletes and recovers through the pollers, waiting out the configured propagation 404s', async () => {
    const name = uniqueName('lifecycle');
    await client.setSecret(name, 'keep-me', { tags: { kind: 'demo' } });
    sandbox.context.store.data.settings.softDeletePropagationPolls = 2;
    const logStart = sandbox.context.log.list().next;
    try {
      const deleted = await (await client.beginDeleteSecret(name, poll)).pollUntilDone();
      expect(deleted.recoveryId).toBe(`${sandbox.context.origins.vault(VAULTS.servers)}/deletedsecrets/${name}`);
      expect(deleted.properties.scheduledPurgeDate!.getTime() - deleted.properties.deletedOn!.getTime()).toBe(90 * 86_400_000);
      const polls = sandbox.context.log.list(logStart).entries.filter((e) => e.method === 'GET' && e.path === `/deletedsecrets/${name}`);
      expect(polls.map((e) => e.status)).toEqual([404, 404, 200]);

      await expect(client.getSecret(name)).rejects.toMatchObject(restError(404, 'SecretNotFound'));
      await expect(client.setSecret(name, 'reuse')).rejects.toMatchObject(restError(409, 'Conflict', 'ObjectIsDeletedButRecoverable'));
      expect((await client.getDeletedSecret(name)).properties.tags).toEqual({ kind: 'demo' });
      const deletedNames = [];
      for await (const item of client.listDeletedSecrets()) deletedNames.push(item.name);
      expect(deletedNames).toContain(name);

      const recovered = await (await client.beginRecoverDeletedSecret(name, poll)).pollUntilDone();
      expect(recovered.name).toBe(name);
      expect((await client.getSecret(name)).value).toBe('keep-me');
    } finally {
      sandbox.context.store.data.settings.softDeletePropagationPolls = 0;
    }
  });

  it('purges a deleted secret (204) and then knows it no more', async () => {
    const name = uniqueName('purge');
    await client.setSecret(name, 'gone');
    await (await client.beginDeleteSecret(name, poll)).pollUntilDone();
    const logStart = sandbox.context.log.list().next;
    await client.purgeDeletedSecret(name);
    expect(sandbox.context.log.list(logStart).entries.find((e) => e.method === 'DELETE')?.status).toBe(204);
    await expect(client.getDeletedSecret(name)).rejects.toMatchObject(restError(404, 'SecretNotFound'));
    await expect(client.purgeDeletedSecret(name)).rejects.toMatchObject(restError(404, 'SecretNotFound'));
    expect((await client.setSecret(name, 'reborn')).value).toBe('reborn');
  });

  it('reports recovery level from retention and purge protection, and refuses purge when protected', async () => {
    const vault = sandbox.context.store.vault(VAULTS.servers)!;
    const saved = { days: vault.softDeleteRetentionDays, protection: vault.purgeProtection };
    vault.softDeleteRetentionDays = 7;
    vault.purgeProtection = true;
    try {
      const name = uniqueName('protected');
      const set = await client.setSecret(name, 'x');
      expect(set.properties).toMatchObject({ recoveryLevel: 'CustomizedRecoverable', recoverableDays: 7 });
      const deleted = await (await client.beginDeleteSecret(name, poll)).pollUntilDone();
      expect(deleted.properties.scheduledPurgeDate!.getTime() - deleted.properties.deletedOn!.getTime()).toBe(7 * 86_400_000);
      await expect(client.purgeDeletedSecret(name)).rejects.toMatchObject(restError(403, 'Forbidden'));
      // The service purges on its own once the scheduled purge date has passed (sandbox clock). The
      // date is moved rather than the clock, which would also expire every token this file holds.
      vault.secrets[name.toLowerCase()]!.deleted!.scheduledPurgeDate = sandbox.context.clock.seconds() - 1;
      await expect(client.getDeletedSecret(name)).rejects.toMatchObject(restError(404, 'SecretNotFound'));
    } finally {
      vault.softDeleteRetentionDays = saved.days;
      vault.purgeProtection = saved.protection;
    }
  });

  it('backs up and restores a secret with all its versions; refuses conflicts, garbage and other tenants', async () => {
    const name = uniqueName('backup');
    const v1 = await client.setSecret(name, 'first');
    const v2 = await client.setSecret(name, 'second', { contentType: 'password' });
    const blob = await client.backupSecret(name);
    expect(blob).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(blob!).subarray(1, 28).toString('ascii')).toBe('AzureKeyVaultSecretBackupV1');
    expect(Buffer.from(blob!).toString('latin1')).not.toContain('second');

    await expect(client.restoreSecretBackup(blob!)).rejects.toMatchObject(restError(409, 'Conflict'));
    await (await client.beginDeleteSecret(name, poll)).pollUntilDone();
    await expect(client.restoreSecretBackup(blob!)).rejects.toMatchObject(restError(409, 'Conflict', 'ObjectIsDeletedButRecoverable'));
    await client.purgeDeletedSecret(name);

    const restored = await client.restoreSecretBackup(blob!);
    expect(restored).toMatchObject({ name, version: v2.properties.version, contentType: 'password' });
    expect((await client.getSecret(name)).value).toBe('second');
    expect((await client.getSecret(name, { version: v1.properties.version! })).value).toBe('first');

    const garbage = await client.restoreSecretBackup(new Uint8Array(600)).catch((e: unknown) => e);
    expect(garbage).toMatchObject(restError(400, 'Malformed backup blob'));
    expect((garbage as Error).message).toBe('Backup blob contains invalid or corrupt version.');

    const fabrikamTenant = sandbox.info.vaults.find((v) => v.name === VAULTS.fabrikam)!.tenantId;
    const fabrikam = secretClient(sandbox, VAULTS.fabrikam, await signedInCredential(sandbox, USERS.fabrikamOfficer, { tenantId: fabrikamTenant }));
    await expect(fabrikam.restoreSecretBackup(blob!)).rejects.toMatchObject(restError(400, 'BadParameter'));
  });

  it.each(['7.4', '2025-07-01'] as const)('serves serviceVersion %s end to end, nextLinks included', async (serviceVersion) => {
    const seen = new Set<string>();
    const recordVersion: PipelinePolicy = {
      name: 'recordApiVersion',
      sendRequest: (request, next) => {
        seen.add(new URL(request.url).searchParams.get('api-version') ?? '(none)');
        return next(request);
      },
    };
    const versioned = secretClient(sandbox, VAULTS.servers, officer, { serviceVersion, additionalPolicies: [{ policy: recordVersion, position: 'perCall' }] });
    const name = uniqueName(`sv${serviceVersion.replace(/\W/g, '')}`);
    await versioned.setSecret(name, 'versioned');
    expect((await versioned.getSecret(name)).value).toBe('versioned');
    let pages = 0;
    for await (const page of versioned.listPropertiesOfSecrets().byPage({ maxPageSize: 5 })) pages += page.length > 0 ? 1 : 0;
    expect(pages).toBeGreaterThan(1);
    await (await versioned.beginDeleteSecret(name, poll)).pollUntilDone();
    expect([...seen]).toEqual([serviceVersion]);
  });
});
