import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { forgeVaultToken, mintVaultToken } from '../helpers/minted-token.js';
import { CONTOSO, expectGraphError, graphClient, graphError, signIn, type SignedInUser } from './graph-test-kit.js';

const GRAPH_AUD = '00000003-0000-0000-c000-000000000000';

describe('sandbox Graph v1.0 basics (through @microsoft/microsoft-graph-client)', () => {
  let sandbox: TestSandbox;
  let alex: SignedInUser;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    alex = await signIn(sandbox.info, CONTOSO.alex);
  });
  afterAll(async () => sandbox?.close());

  it('GET /me returns the signed-in user with @odata.context', async () => {
    const me = await alex.client.api('/me').get();
    expect(me['@odata.context']).toBe(`${sandbox.info.graph}/v1.0/$metadata#users/$entity`);
    expect(me).toMatchObject({ id: CONTOSO.alex.oid, displayName: 'Alex Moreno', userPrincipalName: CONTOSO.alex.username, mail: CONTOSO.alex.username });
  });

  it('GET /me honours $select and names the projection in the context', async () => {
    const me = await alex.client.api('/me').select(['displayName', 'id']).get();
    expect(me).toEqual({ '@odata.context': `${sandbox.info.graph}/v1.0/$metadata#users(displayName,id)/$entity`, displayName: 'Alex Moreno', id: CONTOSO.alex.oid });
  });

  it('a B2B guest sees its guest object in the resource tenant', async () => {
    const fabrikam = sandbox.info.tenants[1]!.tenantId;
    const token = await mintVaultToken(sandbox.context, { user: 'ff96c1ce-1eae-4191-abc7-c8f62c0b4540', tenantId: fabrikam, audience: GRAPH_AUD, claims: { scp: 'User.Read' } });
    const me = await graphClient(sandbox.info, async () => token).api('/me').get();
    expect(me).toMatchObject({ id: 'ff96c1ce-1eae-4191-abc7-c8f62c0b4540', mail: CONTOSO.alex.username });
    expect(me.userPrincipalName).toContain('#EXT#');
  });

  it('answers every response with request-id and echoes client-request-id', async () => {
    const token = await alex.token();
    const response = await fetch(`${sandbox.info.graph}/v1.0/me`, { headers: { authorization: `Bearer ${token}`, 'client-request-id': 'f0a1b2c3-0000-4000-8000-000000000001' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('client-request-id')).toBe('f0a1b2c3-0000-4000-8000-000000000001');
    expect(response.headers.get('content-type')).toContain('application/json');
  });

  describe('401 InvalidAuthenticationToken', () => {
    it('without a token (no customHosts: the client sends none), with the WWW-Authenticate challenge', async () => {
      const response = await fetch(`${sandbox.info.graph}/v1.0/me`);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="", authorization_uri="https:\/\/localhost:\d+\/common\/oauth2\/authorize", client_id="00000003-0000-0000-c000-000000000000"$/);
      const body = (await response.json()) as { error: { code: string; message: string; innerError: Record<string, string> } };
      expect(body.error.code).toBe('InvalidAuthenticationToken');
      expect(body.error.message).toBe('Access token is empty.');
      expect(body.error.innerError['request-id']).toBe(response.headers.get('request-id'));
      expect(body.error.innerError.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    });

    it('for an expired token', async () => {
      const token = await mintVaultToken(sandbox.context, { user: CONTOSO.alex.username, audience: GRAPH_AUD, issuedAtOffset: -7200, lifetimeSeconds: 3600, claims: { scp: 'User.Read' } });
      expectGraphError(await graphError(graphClient(sandbox.info, async () => token).api('/me').get()), 401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.');
    });

    it('for a Key Vault token (wrong audience)', async () => {
      const token = await mintVaultToken(sandbox.context, { user: CONTOSO.alex.username });
      expectGraphError(await graphError(graphClient(sandbox.info, async () => token).api('/me').get()), 401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
    });

    it('for a forged token', async () => {
      const token = await forgeVaultToken(sandbox.context, { user: CONTOSO.alex.username, audience: GRAPH_AUD });
      expectGraphError(await graphError(graphClient(sandbox.info, async () => token).api('/me').get()), 401, 'InvalidAuthenticationToken');
    });

    it('for garbage', async () => {
      expectGraphError(await graphError(graphClient(sandbox.info, async () => 'not-a-jwt').api('/me').get()), 401, 'InvalidAuthenticationToken');
    });
  });

  it('403 when the token lacks the permission (PIM: UnknownError wrapping PermissionScopeNotGranted)', async () => {
    const token = await mintVaultToken(sandbox.context, { user: CONTOSO.alex.username, audience: GRAPH_AUD, claims: { scp: 'User.Read' } });
    const client = graphClient(sandbox.info, async () => token);
    const error = await graphError(client.api('/identityGovernance/privilegedAccess/group/eligibilitySchedules/filterByCurrentUser(on=\'principal\')').get());
    expectGraphError(error, 403, 'UnknownError');
    expect(JSON.parse(error.message)).toMatchObject({ errorCode: 'PermissionScopeNotGranted' });
    const me = await graphError(graphClient(sandbox.info, async () => mintVaultToken(sandbox.context, { user: CONTOSO.alex.username, audience: GRAPH_AUD, claims: { scp: 'RoleManagementPolicy.Read.AzureADGroup' } })).api('/me').get());
    expectGraphError(me, 403, 'Authorization_RequestDenied');
  });

  it('400 for an unknown segment, in Graph\'s shape', async () => {
    expectGraphError(await graphError(alex.client.api('/me/nonsense').get()), 400, 'BadRequest', "Resource not found for the segment 'nonsense'.");
  });

  it('injected 429s carry Graph\'s error shape and Retry-After; the client retries them', async () => {
    await sandbox.admin('POST', '/faults', { service: 'graph', path: '^/v1\\.0/me$', kind: 'status', status: 429, retryAfterSeconds: 0, count: 1 });
    const me = await alex.client.api('/me').get();
    expect(me.id).toBe(CONTOSO.alex.oid);

    await sandbox.admin('POST', '/faults', { service: 'graph', path: '^/v1\\.0/me$', kind: 'status', status: 429, retryAfterSeconds: 0, count: 4 });
    const error = await graphError(alex.client.api('/me').get());
    expect(error.statusCode).toBe(429);
    expect(error.code).toBe('TooManyRequests');
  });
});
