import { ManagedIdentityCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import { decodeJwt } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seededValue, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

/**
 * The sandbox's managed identity endpoints through the official client (@azure/identity 4.14's
 * ManagedIdentityCredential, which delegates to msal-node's IMDS source), found only through
 * AZURE_POD_IDENTITY_AUTHORITY_HOST, and raw requests for IMDS's error shapes. msal-node keeps the
 * managed identity source (with the first credential's HTTP client) and its tokens process-wide, so
 * the App Service endpoint and IMDS retries have their own files (own processes).
 */
let sandbox: TestSandbox;
const ENV = ['AZURE_POD_IDENTITY_AUTHORITY_HOST', 'IDENTITY_ENDPOINT', 'IDENTITY_HEADER'] as const;

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
afterEach(() => {
  for (const name of ENV) delete process.env[name];
});

const identity = (name: string) => sandbox.info.managedIdentities.find((m) => m.name === name)!;
const vaultUrl = (name: string) => sandbox.info.vaults.find((v) => v.name === name)!.url;
const tokenUrl = (query: string) => `${sandbox.info.imds.url}/metadata/identity/oauth2/token?${query}`;

/** IMDS through AZURE_POD_IDENTITY_AUTHORITY_HOST (read when the credential is built); no retries, so errors surface at once. */
function imdsCredential(options: { clientId?: string; objectId?: string; resourceId?: string } = {}): ManagedIdentityCredential {
  process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST = sandbox.info.imds.url;
  return new ManagedIdentityCredential({ ...options, retryOptions: { maxRetries: 0 } } as never);
}

function client(vault: string, credential: ManagedIdentityCredential): SecretClient {
  // As the app does for loopback sandbox vaults only (DESIGN.md, "Sandbox CA trust is explicit and scoped").
  return new SecretClient(vaultUrl(vault), credential, { disableChallengeResourceVerification: true, retryOptions: { maxRetries: 0 } });
}

describe('ready JSON', () => {
  it('names the IMDS url, the App Service endpoint and header, and every managed identity', () => {
    expect(sandbox.info.imds.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.info.appServiceIdentity.endpoint).toBe(`${sandbox.info.imds.url}/msi/token`);
    expect(sandbox.info.appServiceIdentity.header.length).toBeGreaterThanOrEqual(24);
    expect(sandbox.info.managedIdentities.map((m) => [m.name, m.kind])).toEqual([
      ['vm-backup-01', 'system'],
      ['id-sftp-upload', 'user'],
      ['id-reporting', 'user'],
    ]);
  });
});

describe('IMDS through ManagedIdentityCredential', () => {
  it('gives the system-assigned identity an app-only token like Entra\'s, which Key Vault accepts for its own role', async () => {
    const credential = imdsCredential();
    const token = await credential.getToken('https://vault.azure.net/.default');
    const claims = decodeJwt(token.token);
    const vm = identity('vm-backup-01');
    expect(claims).toMatchObject({ aud: 'https://vault.azure.net', idtyp: 'app', oid: vm.objectId, sub: vm.objectId, appid: vm.clientId, tid: sandbox.info.tenantId, ver: '1.0' });
    expect(String(claims.xms_mirid)).toMatch(/\/providers\/Microsoft\.Compute\/virtualMachines\/vm-backup-01$/);
    expect(claims.groups).toBeUndefined();
    const secret = await client('kv-contoso-network', credential).getSecret('core-switch-enable');
    expect(secret.value).toBe(seededValue(sandbox, 'kv-contoso-network', 'core-switch-enable'));
    await expect(client('kv-contoso-servers', credential).getSecret('dc01-administrator')).rejects.toMatchObject({ statusCode: 403, code: 'Forbidden' });
  });

  it('selects a user-assigned identity by client id, object id or resource id', async () => {
    const sftp = identity('id-sftp-upload');
    for (const options of [{ clientId: sftp.clientId }, { objectId: sftp.objectId }]) {
      const token = await imdsCredential(options).getToken('https://vault.azure.net/.default');
      expect(decodeJwt(token.token)).toMatchObject({ oid: sftp.objectId, appid: sftp.clientId });
    }
    const first = decodeJwt((await imdsCredential({ clientId: sftp.clientId }).getToken('https://vault.azure.net/.default')).token);
    const byResource = await imdsCredential({ resourceId: String(first.xms_mirid) }).getToken('https://vault.azure.net/.default');
    expect(decodeJwt(byResource.token).oid).toBe(sftp.objectId);
    const secret = await client('kv-contoso-servers', imdsCredential({ clientId: sftp.clientId })).getSecret('dc01-administrator');
    expect(secret.value).toBe(seededValue(sandbox, 'kv-contoso-servers', 'dc01-administrator'));
  });

  it('a user-assigned identity without a role is refused by Key Vault (403 ForbiddenByRbac)', async () => {
    const reporting = identity('id-reporting');
    await expect(client('kv-contoso-servers', imdsCredential({ clientId: reporting.clientId })).getSecret('dc01-administrator')).rejects.toMatchObject({
      statusCode: 403,
      details: { error: { innerError: { code: 'ForbiddenByRbac' } } },
    });
  });

  it('an unknown client id fails with IMDS\'s "Identity not found"', async () => {
    await expect(imdsCredential({ clientId: '00000000-0000-4000-8000-000000000000' }).getToken('https://vault.azure.net/.default')).rejects.toThrow(/Identity not found/);
  });
});

describe('IMDS wire errors', () => {
  const get = (url: string, headers: Record<string, string> = { Metadata: 'true' }, method = 'GET') => fetch(url, { method, headers });

  it('400 invalid_request without the Metadata: true header (and with "True")', async () => {
    for (const headers of [{}, { Metadata: 'True' }] as Record<string, string>[]) {
      const response = await get(tokenUrl('api-version=2018-02-01&resource=https://vault.azure.net'), headers);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: 'invalid_request', error_description: 'Required metadata header not specified' });
    }
  });

  it('400 listing the newest versions for a missing or unknown api-version', async () => {
    for (const query of ['resource=https://vault.azure.net', 'api-version=2001-01-01&resource=https://vault.azure.net']) {
      const response = await get(tokenUrl(query));
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: string; 'newest-versions': string[] };
      expect(body.error).toMatch(/^Bad request\. api-version .*aka\.ms\/azureimds$/);
      expect(body['newest-versions']).toHaveLength(3);
    }
  });

  it('400 for no resource, an unknown resource, two identity selectors, duplicate parameters and X-Forwarded-For; 405 for POST', async () => {
    const sftp = identity('id-sftp-upload');
    const cases: [string, Record<string, string> | undefined, string, number, string][] = [
      ['api-version=2018-02-01', undefined, 'GET', 400, 'invalid_request'],
      ['api-version=2018-02-01&resource=https://unknown.example', undefined, 'GET', 400, 'invalid_resource'],
      [`api-version=2018-02-01&resource=https://vault.azure.net&client_id=${sftp.clientId}&object_id=${sftp.objectId}`, undefined, 'GET', 400, 'invalid_request'],
      ['api-version=2018-02-01&api-version=2018-02-01&resource=https://vault.azure.net', undefined, 'GET', 400, 'invalid_request'],
      ['api-version=2018-02-01&resource=https://vault.azure.net', { Metadata: 'true', 'X-Forwarded-For': '10.0.0.1' }, 'GET', 400, 'bad_request'],
      ['api-version=2018-02-01&resource=https://vault.azure.net', undefined, 'POST', 405, 'method_not_allowed'],
    ];
    for (const [query, headers, method, status, error] of cases) {
      const response = await get(tokenUrl(query), headers, method);
      expect({ query, status: response.status, error: ((await response.json()) as { error: string }).error }).toEqual({ query, status, error });
    }
  });

  it('answers a success with string fields only, as IMDS does', async () => {
    const response = await get(tokenUrl('api-version=2018-02-01&resource=https://vault.azure.net'));
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['access_token', 'client_id', 'expires_in', 'expires_on', 'ext_expires_in', 'not_before', 'resource', 'token_type']);
    for (const value of Object.values(body)) expect(typeof value).toBe('string');
  });
});
