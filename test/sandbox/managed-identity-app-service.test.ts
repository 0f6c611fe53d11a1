import { ManagedIdentityCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seededValue, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

/**
 * The sandbox's App Service / Functions identity endpoint through @azure/identity's
 * ManagedIdentityCredential, found through IDENTITY_ENDPOINT + IDENTITY_HEADER. Its own file (own
 * process): msal-node caches managed identity tokens process-wide, so IMDS tests would answer these.
 */
let sandbox: TestSandbox;

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
afterEach(() => {
  delete process.env.IDENTITY_ENDPOINT;
  delete process.env.IDENTITY_HEADER;
});

const identity = (name: string) => sandbox.info.managedIdentities.find((m) => m.name === name)!;
const vaultUrl = (name: string) => sandbox.info.vaults.find((v) => v.name === name)!.url;

function client(vault: string, credential: ManagedIdentityCredential): SecretClient {
  return new SecretClient(vaultUrl(vault), credential, { disableChallengeResourceVerification: true, retryOptions: { maxRetries: 0 } });
}

describe('App Service identity endpoint through ManagedIdentityCredential', () => {
  it('serves tokens to a caller with IDENTITY_ENDPOINT and IDENTITY_HEADER', async () => {
    await sandbox.admin('DELETE', '/requests');
    process.env.IDENTITY_ENDPOINT = sandbox.info.appServiceIdentity.endpoint;
    process.env.IDENTITY_HEADER = sandbox.info.appServiceIdentity.header;
    const sftp = identity('id-sftp-upload');
    const credential = new ManagedIdentityCredential({ clientId: sftp.clientId, retryOptions: { maxRetries: 0 } } as never);
    const secret = await client('kv-contoso-servers', credential).getSecret('dc01-administrator');
    expect(secret.value).toBe(seededValue(sandbox, 'kv-contoso-servers', 'dc01-administrator'));
    const log = await sandbox.admin<{ entries: { path: string }[] }>('GET', '/requests');
    expect(log.body.entries.map((e) => e.path)).toContain('/msi/token');
  });

  it('refuses a wrong X-IDENTITY-HEADER, an api-version other than 2019-08-01, and a missing resource', async () => {
    const url = (query: string) => `${sandbox.info.appServiceIdentity.endpoint}?${query}`;
    const header = sandbox.info.appServiceIdentity.header;
    const cases: [string, string | undefined, number][] = [
      ['api-version=2019-08-01&resource=https://vault.azure.net', undefined, 401],
      ['api-version=2019-08-01&resource=https://vault.azure.net', 'wrong', 401],
      ['api-version=2017-09-01&resource=https://vault.azure.net', header, 400],
      ['api-version=2019-08-01', header, 400],
    ];
    for (const [query, value, status] of cases) {
      const response = await fetch(url(query), { headers: value ? { 'X-IDENTITY-HEADER': value } : {} });
      expect({ query, value, status: response.status }).toEqual({ query, value, status });
      expect(((await response.json()) as { message: string }).message.length).toBeGreaterThan(10);
    }
  });
});

