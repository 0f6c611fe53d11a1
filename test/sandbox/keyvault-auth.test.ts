import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { forgeVaultToken, mintVaultToken, mintedTokenCredential } from '../helpers/minted-token.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { restError, secretClient, SERVERS_READERS_GROUP, signedInCredential, signIn, USERS, VAULTS, vaultFetch } from './keyvault-fixtures.js';

/**
 * Authentication and authorisation of the sandbox's Key Vault: the challenge exactly as the service
 * sends it, token rejections with Key Vault's AKV messages, RBAC and access-policy decisions against
 * the token's claims (the PIM stale-token scenario), the firewall and throttling.
 */
describe('Key Vault challenge authentication and authorisation', () => {
  let sandbox: TestSandbox;
  const tenantId = () => sandbox.info.tenantId;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  describe('challenge', () => {
    it('answers a request without a token with the exact 401 challenge, before reading the body', async () => {
      const expectedChallenge = `Bearer authorization="${new URL(sandbox.info.authority).origin}/${tenantId()}", resource="https://vault.azure.net"`;
      // The SDK's first request: a PUT with Content-Type but no body and no token.
      const first = await vaultFetch(sandbox, VAULTS.servers, 'PUT', '/secrets/anything?api%2Dversion=2026-04-01', {
        headers: { 'content-type': 'application/json', 'x-ms-client-request-id': 'client-req-1' },
      });
      expect(first.status).toBe(401);
      expect(first.headers.get('www-authenticate')).toBe(expectedChallenge);
      expect(first.text).toBe('{"error":{"code":"Unauthorized","message":"AKV10000: Request is missing a Bearer or PoP token."}}');
      expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(first.headers.get('x-ms-client-request-id')).toBe('client-req-1');
      expect(first.headers.get('x-ms-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(first.headers.get('x-ms-keyvault-service-version')).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(first.headers.get('cache-control')).toBe('no-cache');
      expect(first.headers.get('x-ms-keyvault-rbac-assignment-id')).toBeNull();

      // A body far over any limit still gets the challenge, not a 413: auth comes before the body.
      const big = await vaultFetch(sandbox, VAULTS.servers, 'PUT', '/secrets/anything?api-version=7.5', { body: 'x'.repeat(2 * 1024 * 1024) });
      expect(big.status).toBe(401);
      expect(big.headers.get('www-authenticate')).toBe(expectedChallenge);
    });

    it('names the vault tenant in the challenge of a vault in another tenant', async () => {
      const fabrikam = sandbox.info.vaults.find((v) => v.name === VAULTS.fabrikam)!;
      const response = await vaultFetch(sandbox, VAULTS.fabrikam, 'GET', '/secrets?api-version=7.6');
      expect(response.headers.get('www-authenticate')).toContain(`/${fabrikam.tenantId}"`);
    });
  });

  describe('rejected tokens', () => {
    const reject = async (token: string) => {
      const response = await vaultFetch(sandbox, VAULTS.servers, 'GET', '/secrets?api-version=2026-04-01', { token });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('resource="https://vault.azure.net"');
      return response.json<{ error: { code: string; message: string } }>().error;
    };

    it('refuses a forged token (AKV10046), an expired one, a wrong audience (AKV10022) and another tenant (AKV10032)', async () => {
      const forged = await reject(await forgeVaultToken(sandbox.context, { user: USERS.officer }));
      expect(forged.code).toBe('Unauthorized');
      expect(forged.message).toMatch(/^AKV10046: Unable to resolve the key used for signature validation\. EncodedJwtHeader: '[\w-]+'\.$/);

      const expired = await reject(await mintVaultToken(sandbox.context, { user: USERS.officer, issuedAtOffset: -7200, lifetimeSeconds: 3600 }));
      expect(expired.message).toBe("[TokenExpired] Error validating token: 'S2S12086'.");

      const graphToken = await reject(await mintVaultToken(sandbox.context, { user: USERS.officer, audience: 'https://graph.microsoft.com' }));
      expect(graphToken.message).toBe('AKV10022: Invalid audience. Expected https://vault.azure.net or cfa8b339-82a2-471a-a3c9-0fc0be7a4093, found: https://graph.microsoft.com.');

      const fabrikamTenant = sandbox.info.vaults.find((v) => v.name === VAULTS.fabrikam)!.tenantId;
      const otherTenant = await reject(await mintVaultToken(sandbox.context, { user: USERS.fabrikamOfficer, tenantId: fabrikamTenant }));
      expect(otherTenant.message).toBe(
        `AKV10032: Invalid issuer. Expected one of https://sts.windows.net/${tenantId()}/, found https://sts.windows.net/${fabrikamTenant}/.`,
      );

      const foreignIssuer = await reject(await mintVaultToken(sandbox.context, { user: USERS.officer, issuer: 'https://sts.example.net/evil/' }));
      expect(foreignIssuer.message).toBe(`AKV10032: Invalid issuer. Expected one of https://sts.windows.net/${tenantId()}/, found https://sts.example.net/evil/.`);

      const garbage = await reject('not-a-jwt');
      expect(garbage.message).toBe('AKV10000: Request is missing a Bearer or PoP token.');
    });

    it('surfaces a rejected token through the SDK as a 401 RestError after its one retry', async () => {
      const credential = {
        calls: 0,
        async getToken() {
          credential.calls += 1;
          return { token: await forgeVaultToken(sandbox.context, { user: USERS.officer }), expiresOnTimestamp: Date.now() + 3_600_000 };
        },
      };
      const client = secretClient(sandbox, VAULTS.servers, credential);
      await expect(client.getSecret('dc01-administrator')).rejects.toMatchObject(restError(401, 'Unauthorized'));
      const expired = secretClient(sandbox, VAULTS.servers, mintedTokenCredential(sandbox.context, { user: USERS.officer, issuedAtOffset: -7200 }));
      await expect(expired.getSecret('dc01-administrator')).rejects.toMatchObject(restError(401, 'Unauthorized'));
    });
  });

  describe('RBAC', () => {
    it('lets a Key Vault Reader list but not read values or write, naming the data action', async () => {
      const reader = secretClient(sandbox, VAULTS.servers, await signedInCredential(sandbox, USERS.auditor));
      const names = [];
      for await (const properties of reader.listPropertiesOfSecrets()) names.push(properties.name);
      expect(names).toContain('dc01-administrator');

      const denied = await reader.getSecret('dc01-administrator').catch((e: unknown) => e);
      expect(denied).toMatchObject(restError(403, 'Forbidden', 'ForbiddenByRbac'));
      expect((denied as Error).message).toContain("Action: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'");
      expect((denied as Error).message).toContain('/providers/microsoft.keyvault/vaults/kv-contoso-servers/secrets/dc01-administrator');
      await expect(reader.setSecret('audit-note', 'x')).rejects.toMatchObject({
        ...restError(403, 'Forbidden', 'ForbiddenByRbac'),
        message: expect.stringContaining("Action: 'Microsoft.KeyVault/vaults/secrets/setSecret/action'"),
      });
    });

    it('a standing Key Vault Reader lists names and tags but gets no value (getSecret/action)', async () => {
      const token = await mintVaultToken(sandbox.context, { user: USERS.helpdesk });
      const listed = await vaultFetch(sandbox, VAULTS.servers, 'GET', '/secrets?api-version=7.6', { token });
      expect(listed.status).toBe(200);
      const items = listed.json<{ value: { id: string; tags?: Record<string, string> }[] }>().value;
      expect(items.find((i) => i.id.endsWith('/dc01-administrator'))?.tags).toMatchObject({ username: 'CONTOSO\\Administrator' });
      expect(JSON.stringify(items)).not.toContain('Copper-Lantern');
      const value = await vaultFetch(sandbox, VAULTS.servers, 'GET', '/secrets/dc01-administrator/?api-version=7.6', { token });
      expect(value.status).toBe(403);
      expect(value.json<{ error: { message: string } }>().error.message).toContain("Action: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'");
    });

    it('denies listing to a user with no role (readMetadata) and adds the assignment id on allowed calls', async () => {
      const token = await mintVaultToken(sandbox.context, { user: USERS.fabrikamGuest, tenantId: sandbox.info.vaults.find((v) => v.name === VAULTS.fabrikam)!.tenantId });
      const denied = await vaultFetch(sandbox, VAULTS.fabrikam, 'GET', '/secrets?api-version=7.6', { token });
      expect(denied.status).toBe(403);
      expect(denied.json<{ error: { message: string; innererror: { code: string } } }>().error).toMatchObject({
        message: expect.stringContaining("Action: 'Microsoft.KeyVault/vaults/secrets/readMetadata/action'"),
        innererror: { code: 'ForbiddenByRbac' },
      });
      expect(denied.headers.get('x-ms-keyvault-rbac-assignment-id')).toBeNull();

      const officerToken = await mintVaultToken(sandbox.context, { user: USERS.officer });
      const allowed = await vaultFetch(sandbox, VAULTS.servers, 'GET', '/secrets/dc01-administrator/?api-version=7.6', { token: officerToken });
      expect(allowed.status).toBe(200);
      const officerAssignment = sandbox.context.store.vault(VAULTS.servers)!.roleAssignments.find((a) => a.role === 'Key Vault Secrets Officer')!;
      expect(allowed.headers.get('x-ms-keyvault-rbac-assignment-id')).toBe(officerAssignment.id.replace(/-/g, ''));
      // Authorisation happens before the lookup: a missing secret is a 404 that still names the assignment.
      const missing = await vaultFetch(sandbox, VAULTS.servers, 'GET', '/secrets/nothing-here/?api-version=7.6', { token: officerToken });
      expect(missing.status).toBe(404);
      expect(missing.headers.get('x-ms-keyvault-rbac-assignment-id')).toBe(officerAssignment.id.replace(/-/g, ''));
    });

    it('trusts the groups claim, not the live directory: a token minted before the PIM activation stays 403 until a new token', async () => {
      const tenant = sandbox.context.store.defaultTenant;
      const alex = sandbox.context.store.user(tenant, USERS.helpdesk)!;
      const session = await signIn(sandbox, USERS.helpdesk);
      const staleClient = secretClient(sandbox, VAULTS.servers, session.credential());
      await expect(staleClient.getSecret('dc01-administrator')).rejects.toMatchObject(restError(403, 'Forbidden', 'ForbiddenByRbac'));

      // The activation lands in the directory (as a provisioned PIM assignment would).
      const now = sandbox.context.clock.now();
      tenant.assignments.push({
        id: randomUUID(),
        groupId: SERVERS_READERS_GROUP,
        principalId: alex.oid,
        accessId: 'member',
        assignmentType: 'Activated',
        memberType: 'Direct',
        createdDateTime: new Date(now).toISOString(),
        startDateTime: new Date(now).toISOString(),
        endDateTime: new Date(now + 3_600_000).toISOString(),
        requestId: randomUUID(),
        visibleToTokensAt: now,
      });
      sandbox.context.store.changed();
      expect(sandbox.context.store.memberGroups(tenant, alex.oid)).toContain(SERVERS_READERS_GROUP);

      // The client still holds the token minted before: Key Vault trusts its claim snapshot.
      await expect(staleClient.getSecret('dc01-administrator')).rejects.toMatchObject(restError(403, 'Forbidden', 'ForbiddenByRbac'));

      // Same account, new token: what the app does after an activation (acquireTokenSilent forceRefresh).
      const fresh = secretClient(sandbox, VAULTS.servers, session.credential({ forceRefresh: true }));
      expect((await fresh.getSecret('dc01-administrator')).value).toBe('Copper-Lantern-83#');
      // Secrets User reads values but cannot write.
      await expect(fresh.setSecret('dc01-administrator', 'nope')).rejects.toMatchObject(restError(403, 'Forbidden', 'ForbiddenByRbac'));
    });
  });

  describe('access policies', () => {
    it('allows by permission list and denies with ForbiddenByPolicy naming the permission', async () => {
      const reader = secretClient(sandbox, VAULTS.workstations, await signedInCredential(sandbox, USERS.auditor));
      const names = [];
      for await (const properties of reader.listPropertiesOfSecrets()) names.push(properties.name);
      expect(names).toContain('laps-ws-0142');
      const denied = await reader.getSecret('laps-ws-0142').catch((e: unknown) => e);
      expect(denied).toMatchObject(restError(403, 'Forbidden', 'ForbiddenByPolicy'));
      expect((denied as Error).message).toContain('does not have secrets get permission on key vault');

      const admin = secretClient(sandbox, VAULTS.workstations, await signedInCredential(sandbox, USERS.officer));
      expect((await admin.getSecret('laps-ws-0142')).value).toBe('Lx7#pQ2m!Vt9');
      await expect(reader.beginDeleteSecret('laps-ws-0142')).rejects.toMatchObject({
        ...restError(403, 'Forbidden', 'ForbiddenByPolicy'),
        message: expect.stringContaining('secrets delete permission'),
      });
    });

    it('matches policies for groups by the groups claim of the token', async () => {
      const workstationsGroup = '50ed3b25-c81d-4e62-b2eb-8511a2784e34';
      const get = async (groups: string[]) =>
        vaultFetch(sandbox, VAULTS.workstations, 'GET', '/secrets/laps-ws-0142/?api-version=7.6', {
          token: await mintVaultToken(sandbox.context, { user: 'jamie.helpdesk@contoso-it.example', groups }),
        });
      const without = await get([]);
      expect(without.status).toBe(403);
      expect(without.json<{ error: { innererror: { code: string } } }>().error.innererror.code).toBe('ForbiddenByPolicy');
      expect(without.headers.get('x-ms-keyvault-rbac-assignment-id')).toBeNull();
      const withGroup = await get([workstationsGroup]);
      expect(withGroup.status).toBe(200);
      expect(withGroup.json<{ value: string }>().value).toBe('Lx7#pQ2m!Vt9');
    });
  });

  describe('firewall and throttling', () => {
    const settings = () => sandbox.context.store.data.settings;
    const saved = { limit: 0, retryAfter: undefined as number | undefined };
    beforeAll(() => {
      saved.limit = settings().vaultRequestsPer10Seconds;
      saved.retryAfter = settings().vaultThrottleRetryAfterSeconds;
    });
    afterEach(() => {
      sandbox.context.store.vault(VAULTS.servers)!.firewallEnabled = false;
      settings().vaultRequestsPer10Seconds = saved.limit;
      if (saved.retryAfter === undefined) delete settings().vaultThrottleRetryAfterSeconds;
      else settings().vaultThrottleRetryAfterSeconds = saved.retryAfter;
      sandbox.context.clock.advance(11_000);
    });

    it('denies every call with ForbiddenByFirewall while the vault firewall is on', async () => {
      const client = secretClient(sandbox, VAULTS.servers, await signedInCredential(sandbox, USERS.officer));
      sandbox.context.store.vault(VAULTS.servers)!.firewallEnabled = true;
      const denied = await client.getSecret('dc01-administrator').catch((e: unknown) => e);
      expect(denied).toMatchObject(restError(403, 'Forbidden', 'ForbiddenByFirewall'));
      expect((denied as Error).message).toContain('Client address: 127.0.0.1');
      sandbox.context.store.vault(VAULTS.servers)!.firewallEnabled = false;
      expect((await client.getSecret('dc01-administrator')).value).toBe('Copper-Lantern-83#');
    });

    it('throttles past the per-vault limit in a sliding 10 s window on the sandbox clock; 429s do not count', async () => {
      const client = secretClient(sandbox, VAULTS.servers, await signedInCredential(sandbox, USERS.officer));
      await client.getSecret('dc01-administrator'); // completes the challenge first
      sandbox.context.clock.advance(11_000);
      settings().vaultRequestsPer10Seconds = 3;
      for (let i = 0; i < 3; i++) await client.getSecret('dc01-administrator');
      const throttled = await client.getSecret('dc01-administrator').catch((e: unknown) => e);
      expect(throttled).toMatchObject(restError(429, 'Throttled'));
      expect((throttled as Error).message).toBe('Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached');
      for (let i = 0; i < 5; i++) await expect(client.getSecret('dc01-administrator')).rejects.toMatchObject(restError(429, 'Throttled'));

      sandbox.context.clock.advance(10_001);
      // Had the 429s counted, the window would still be full.
      for (let i = 0; i < 3; i++) await client.getSecret('dc01-administrator');
    });

    it('adds Retry-After only when configured', async () => {
      const token = await mintVaultToken(sandbox.context, { user: USERS.officer });
      settings().vaultRequestsPer10Seconds = 1;
      const get = () => vaultFetch(sandbox, VAULTS.servers, 'GET', '/secrets?api-version=7.6', { token });
      expect((await get()).status).toBe(200);
      const bare = await get();
      expect(bare.status).toBe(429);
      expect(bare.headers.get('retry-after')).toBeNull();
      settings().vaultThrottleRetryAfterSeconds = 7;
      const withHeader = await get();
      expect(withHeader.status).toBe(429);
      expect(withHeader.headers.get('retry-after')).toBe('7');
      expect(withHeader.json()).toEqual({
        error: { code: 'Throttled', message: 'Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached' },
      });
    });
  });
});
