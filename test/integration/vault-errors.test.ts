import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { USERS } from '../sandbox/keyvault-fixtures.js';
import { rejectionOf, vaultSettings, wireVaultService } from './vault-support.js';

const SERVERS = 'kv-contoso-servers';
const WORKSTATIONS = 'kv-contoso-workstations';

/** A loopback port nobody listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Each kind of Key Vault failure, produced by the sandbox (firewall toggle, injected faults, real
 * RBAC / access-policy decisions) and seen through the REAL SDK, classified into the AppError
 * code and message a helpdesk engineer gets.
 */
describe('VaultService error classification against the sandbox', () => {
  let sandbox: TestSandbox;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  describe('as Sara (standing access to every Contoso vault)', () => {
    let env: Awaited<ReturnType<typeof wireVaultService>>;
    beforeAll(async () => {
      env = await wireVaultService(sandbox, vaultSettings(sandbox, [{ name: SERVERS }, { name: WORKSTATIONS }]));
      const accountId = await env.tokens.signIn(USERS.officer);
      env.session.unlock({ vault: SERVERS, accountId, endsAt: null });
    });
    afterAll(async () => env?.close());
    afterEach(async () => {
      await sandbox.admin('DELETE', '/faults');
      await sandbox.admin('PUT', `/vaults/${SERVERS}/firewall`, { enabled: false });
    });

    it("firewall: the listing fails with the firewall message, keeps what it had, and recovers when it is opened", async () => {
      await env.service.refresh([SERVERS]);
      const count = env.service.searchHits('', 1000).hits.map((h) => h.item).filter((i) => i.vault === SERVERS).length;
      expect((await sandbox.admin('PUT', `/vaults/${SERVERS}/firewall`, { enabled: true })).status).toBe(200);
      const summary = await env.service.refresh([SERVERS]);
      expect(summary.failed.map((f) => f.error.code)).toEqual(['vault-forbidden-firewall']);
      expect(summary.failed[0]!.error.message).toMatch(/^Your network is blocked by the firewall of vault "kv-contoso-servers"/);
      expect(env.service.items().filter((i) => i.vault === SERVERS)).toHaveLength(count);
      await expect(env.service.copy({ vault: SERVERS, name: 'esxi-root' })).rejects.toMatchObject({ code: 'vault-forbidden-firewall' });
      await sandbox.admin('PUT', `/vaults/${SERVERS}/firewall`, { enabled: false });
      expect((await env.service.refresh([SERVERS])).listed).toEqual([SERVERS]);
    });

    it('throttling: a 429 without Retry-After is "vault-throttled"', async () => {
      expect((await sandbox.admin('POST', '/faults', { service: 'vault', vault: SERVERS, kind: 'status', status: 429, count: 1 })).status).toBe(201);
      const error = await rejectionOf(env.service.reveal({ vault: SERVERS, name: 'esxi-root' }));
      expect(error).toMatchObject({ code: 'vault-throttled' });
      expect(error.message).toMatch(/limiting requests to vault "kv-contoso-servers"/);
    });

    it('a 503 and a connection reset are network errors', async () => {
      await sandbox.admin('POST', '/faults', { service: 'vault', vault: SERVERS, kind: 'status', status: 503, count: 1 });
      await expect(env.service.reveal({ vault: SERVERS, name: 'esxi-root' })).rejects.toMatchObject({ code: 'network', message: expect.stringMatching(/HTTP 503/) });
      await sandbox.admin('POST', '/faults', { service: 'vault', vault: SERVERS, kind: 'reset', count: 1 });
      await expect(env.service.reveal({ vault: SERVERS, name: 'esxi-root' })).rejects.toMatchObject({ code: 'network', message: expect.stringMatching(/Could not reach vault "kv-contoso-servers" \(ECONNRESET\)/) });
      // And the next call works again.
      await expect(env.service.reveal({ vault: SERVERS, name: 'esxi-root' })).resolves.toMatchObject({ value: expect.any(String) });
    });

    it('a 429 that carries Retry-After is retried by the SDK (throttling survived)', async () => {
      const retrying = await wireVaultService(sandbox, vaultSettings(sandbox, [{ name: SERVERS }]), { client: { retryOptions: { maxRetries: 2, retryDelayInMs: 10, maxRetryDelayInMs: 50 } } });
      try {
        retrying.session.unlock({ vault: SERVERS, accountId: await retrying.tokens.signIn(USERS.officer), endsAt: null });
        await sandbox.admin('POST', '/faults', { service: 'vault', vault: SERVERS, kind: 'status', status: 429, retryAfterSeconds: 0, count: 1 });
        await expect(retrying.service.reveal({ vault: SERVERS, name: 'esxi-root' })).resolves.toMatchObject({ value: expect.any(String) });
      } finally {
        await retrying.close();
      }
    });

    it('a vault nobody answers for is a network error (ECONNREFUSED)', async () => {
      const port = await closedPort();
      const dead = await wireVaultService(sandbox, vaultSettings(sandbox, [{ name: 'kv-gone', url: `https://localhost:${port}` }]));
      try {
        await dead.tokens.signIn(USERS.officer);
        const summary = await dead.service.refresh();
        expect(summary.failed.map((f) => [f.vault, f.error.code])).toEqual([['kv-gone', 'network']]);
        expect(summary.failed[0]!.error.message).toMatch(/ECONNREFUSED/);
      } finally {
        await dead.close();
      }
    });

    it('signed out: no account for the vault tenant gives "not-signed-in"', async () => {
      const signedOut = await wireVaultService(sandbox, vaultSettings(sandbox, [{ name: SERVERS }]));
      try {
        const summary = await signedOut.service.refresh();
        expect(summary.failed.map((f) => f.error.code)).toEqual(['not-signed-in']);
        expect(summary.failed[0]!.error.message).toMatch(/No account is signed in to the tenant of vault "kv-contoso-servers"/);
      } finally {
        await signedOut.close();
      }
    });
  });

  describe('as Pat (auditor: Key Vault Reader on servers, list-only access policy on workstations)', () => {
    let env: Awaited<ReturnType<typeof wireVaultService>>;
    beforeAll(async () => {
      env = await wireVaultService(sandbox, vaultSettings(sandbox, [{ name: SERVERS }, { name: WORKSTATIONS }]));
      const accountId = await env.tokens.signIn(USERS.auditor);
      env.session.unlock({ vault: SERVERS, accountId, endsAt: null });
      env.session.unlock({ vault: WORKSTATIONS, accountId, endsAt: null });
    });
    afterAll(async () => env?.close());

    it('can list both vaults (metadata permissions) but reading a value is refused: RBAC vs access policy', async () => {
      const summary = await env.service.refresh();
      expect(summary.listed.sort()).toEqual([SERVERS, WORKSTATIONS]);
      const rbac = await rejectionOf(env.service.reveal({ vault: SERVERS, name: 'esxi-root' }));
      expect(rbac).toMatchObject({ code: 'vault-forbidden-rbac', reason: 'rbac' });
      expect(rbac.message).toMatch(/no Key Vault role that allows this/);
      const policy = await rejectionOf(env.service.copy({ vault: WORKSTATIONS, name: 'laps-ws-0142' }));
      expect(policy).toMatchObject({ code: 'vault-forbidden-policy', reason: 'policy' });
      expect(policy.message).toMatch(/access policy/);
      expect(env.clipboard.writes).toHaveLength(0);
      expect((await env.journal.read()).map((r) => [r.action, r.outcome, r.detail])).toEqual([
        ['reveal', 'denied', 'vault-forbidden-rbac'],
        ['copy', 'denied', 'vault-forbidden-policy'],
      ]);
    });

    it('an access-policy denial of the listing itself is classified from the paged error', async () => {
      const pat = sandbox.info.users.find((u) => u.username === USERS.auditor)!;
      await sandbox.admin('DELETE', `/vaults/${WORKSTATIONS}/access-policies/${pat.oid}`);
      const summary = await env.service.refresh([WORKSTATIONS]);
      expect(summary.failed.map((f) => f.error.code)).toEqual(['vault-forbidden-policy']);
    });
  });
});
