import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { CONTOSO, graphError, signIn, type SignedInUser } from './graph-test-kit.js';
import { VAULTS } from './keyvault-fixtures.js';

/**
 * Injected faults (admin API) answer in each service's own error shape, consistent with the
 * sandbox's real errors. Graph (Graph JS client GraphErrorHandler; DevProxy GraphErrorObjects):
 * `innerError` with a GUID `request-id`, the caller's `client-request-id` and a `date` on the
 * sandbox clock, and the same ids as response headers. Entra: the documented AADSTS body.
 * Key Vault: its request-id headers.
 */
describe('fidelity of injected faults', () => {
  let sandbox: TestSandbox;
  let alex: SignedInUser;
  const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    alex = await signIn(sandbox.info, CONTOSO.alex);
    // Ten days ahead, so a date taken from the real clock would show.
    await sandbox.admin('POST', '/clock/advance', { seconds: 10 * 86_400 });
  });
  afterEach(async () => {
    await sandbox.admin('DELETE', '/faults');
  });
  afterAll(async () => sandbox?.close());

  const sandboxDate = () => sandbox.context.clock.iso().slice(0, 16);

  it.each([429, 503])('Graph %i: GUID request-id, echoed client-request-id, sandbox-clock date, ids as headers', async (status) => {
    await sandbox.admin('POST', '/faults', { service: 'graph', kind: 'status', status, count: 1 });
    const clientRequestId = randomUUID();
    const response = await fetch(`${sandbox.info.graph}/v1.0/me`, { headers: { authorization: `Bearer ${await alex.token()}`, 'client-request-id': clientRequestId } });
    expect(response.status).toBe(status);
    const body = (await response.json()) as { error: { code: string; message: string; innerError: Record<string, string> } };
    expect(body.error.code).toBe(status === 429 ? 'TooManyRequests' : 'serviceNotAvailable');
    expect(Object.keys(body.error.innerError).sort()).toEqual(['client-request-id', 'date', 'request-id']);
    expect(body.error.innerError['request-id']).toMatch(GUID);
    expect(body.error.innerError['client-request-id']).toBe(clientRequestId);
    expect(body.error.innerError.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(body.error.innerError.date!.slice(0, 16)).toBe(sandboxDate());
    expect(response.headers.get('request-id')).toBe(body.error.innerError['request-id']);
    expect(response.headers.get('client-request-id')).toBe(clientRequestId);
  });

  it('Graph: the Graph JS client reads the injected error like a real one (requestId, date)', async () => {
    await sandbox.admin('POST', '/faults', { service: 'graph', kind: 'status', status: 503, count: 10 });
    const error = await graphError(alex.client.api('/me').get());
    expect(error.statusCode).toBe(503);
    expect(error.code).toBe('serviceNotAvailable');
    expect(error.requestId).toMatch(GUID);
    expect(error.date.toISOString().slice(0, 16)).toBe(sandboxDate());
  });

  it('Entra: an injected 503 is the documented AADSTS error body on the sandbox clock, correlated with the caller', async () => {
    await sandbox.admin('POST', '/faults', { service: 'entra', kind: 'status', status: 503, count: 1 });
    const correlation = randomUUID();
    const response = await fetch(`${new URL(sandbox.info.authority).origin}/${sandbox.info.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'client-request-id': correlation },
      body: new URLSearchParams({ client_id: sandbox.info.clientId, grant_type: 'password' }).toString(),
    });
    expect(response.status).toBe(503);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(expect.arrayContaining(['error', 'error_description', 'error_codes', 'timestamp', 'trace_id', 'correlation_id']));
    expect(body).toMatchObject({ error: 'temporarily_unavailable', error_codes: [90033], correlation_id: correlation });
    expect(body.trace_id).toMatch(GUID);
    expect(String(body.timestamp).slice(0, 16)).toBe(sandboxDate().replace('T', ' '));
    expect(String(body.error_description)).toMatch(/^AADSTS90033: .+\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: [0-9a-f-]{36}\r\nTimestamp: /);
    expect(response.headers.get('client-request-id')).toBe(correlation);
  });

  it('Key Vault: an injected 429 carries x-ms-request-id and echoes x-ms-client-request-id', async () => {
    await sandbox.admin('POST', '/faults', { service: 'vault', kind: 'status', status: 429, count: 1 });
    const clientRequestId = randomUUID();
    const response = await fetch(`${sandbox.context.origins.vault(VAULTS.servers)}/secrets?api-version=7.6`, { headers: { 'x-ms-client-request-id': clientRequestId } });
    expect(response.status).toBe(429);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('Throttled');
    expect(response.headers.get('x-ms-request-id')).toMatch(GUID);
    expect(response.headers.get('x-ms-client-request-id')).toBe(clientRequestId);
  });
});
