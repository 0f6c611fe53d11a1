import { ManagedIdentityCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

/**
 * IMDS's retry-worthy answers through @azure/identity: a 429 with Retry-After is retried by the
 * credential's pipeline. Its own file: msal-node keeps the first credential's HTTP client (and its
 * retry options) process-wide.
 */
let sandbox: TestSandbox;

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  delete process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST;
  await sandbox.close();
});

describe('IMDS throttling', () => {
  it('retries a 429 from IMDS (Retry-After) and then succeeds', async () => {
    await sandbox.admin('POST', '/faults', { service: 'imds', kind: 'status', status: 429, retryAfterSeconds: 1, count: 1 });
    process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST = sandbox.info.imds.url;
    const credential = new ManagedIdentityCredential({ retryOptions: { maxRetries: 2, retryDelayInMs: 10 } } as never);
    await expect(credential.getToken('https://management.azure.com/.default')).resolves.toMatchObject({ tokenType: 'Bearer' });
    const log = await sandbox.admin<{ entries: { status: number; service: string }[] }>('GET', '/requests');
    expect(log.body.entries.filter((r) => r.service === 'imds').map((r) => r.status).slice(-2)).toEqual([429, 200]);
  });
});
