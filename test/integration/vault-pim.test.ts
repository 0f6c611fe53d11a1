import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../main/services/errors.js';
import type { CatalogEvent } from '../../main/services/vault/vault.types.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { activation, CONTOSO, graphClient, PIM } from '../sandbox/graph-test-kit.js';
import { vaultSettings, wireVaultService } from './vault-support.js';

const VAULT = 'kv-contoso-network';
const SECRET = 'fw-edge-01-admin';

/**
 * A PIM-granted vault through the REAL SDKs, for a helpdesk user with a standing Key Vault Reader
 * (the demo tenant's recommended set-up): listed and searchable while locked — items marked locked,
 * with their tags — but no value obtainable; the readiness probe reads "granted but not yet
 * effective" until the membership has propagated (listing alone would have said "ready" at once),
 * then 'ok' with a force-refreshed token; unlocking re-lists; locking lists again under Reader.
 */
describe('VaultService with a PIM-granted vault (sandbox Graph + Key Vault)', () => {
  let sandbox: TestSandbox;
  let env: Awaited<ReturnType<typeof wireVaultService>>;
  let accountId: string;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ settings: { propagationDelaySeconds: 5, minimumActivationSeconds: 300 } });
    env = await wireVaultService(sandbox, vaultSettings(sandbox, [{ name: VAULT, pimGroupId: CONTOSO.network, customer: 'Contoso' }]));
    accountId = await env.tokens.signIn(CONTOSO.alex.username);
  });
  afterAll(async () => {
    await env?.close();
    await sandbox?.close();
  });

  const listed = () =>
    new Promise<Extract<CatalogEvent, { type: 'listed' }>>((resolve) => {
      const off = env.service.on('catalog', (e) => {
        if (e.type === 'listed' && e.vault === VAULT) {
          off();
          resolve(e);
        }
      });
    });

  it('is listed but locked before activation (standing Reader): searchable by tag, no value; the probe explains the denial', async () => {
    const summary = await env.service.refresh();
    expect(summary).toMatchObject({ listed: [VAULT], failed: [], skipped: [] });
    expect(env.service.vaultStatuses()[0]).toMatchObject({ access: 'locked', listing: 'listed', itemCount: 4 });
    expect(env.service.searchHits('fortinet').hits[0]?.item).toMatchObject({ name: SECRET, locked: true, tags: { vendor: 'Fortinet', username: 'admin' } });
    await expect(env.service.reveal({ vault: VAULT, name: SECRET })).rejects.toMatchObject({ code: 'vault-locked' });
    await expect(env.service.copy({ vault: VAULT, name: SECRET })).rejects.toMatchObject({ code: 'vault-locked' });
    expect(env.clipboard.current()).toBe('');
    const probe = await env.service.probe(VAULT, accountId);
    expect(probe).toBeInstanceOf(AppError);
    expect(probe).toMatchObject({ code: 'vault-forbidden-rbac' });
    expect((probe as AppError).message).toMatch(/^Access granted but not yet effective — waiting for Azure/);
  });

  it('after activation the probe succeeds only once propagated, always with a force-refreshed token', async () => {
    const graph = graphClient(sandbox.info, async () => (await env.tokens.getAccessToken(accountId, 'graph')).token);
    const request = await graph.api(`${PIM}/assignmentScheduleRequests`).post(activation(CONTOSO.alex.oid, CONTOSO.network, { ticketNumber: 'INC-4711', duration: 'PT1H' }));
    expect(request.status).toBe('Provisioned');
    expect(await env.service.probe(VAULT, accountId)).toMatchObject({ code: 'vault-forbidden-rbac' });
    sandbox.context.clock.advance(5_000);
    expect(await env.service.probe(VAULT, accountId)).toBe('ok');
    const probes = env.tokens.requests.filter((r) => r.resource === 'vault');
    expect(probes.slice(-3).map((r) => r.forceRefresh)).toEqual([true, true, true]);
  });

  it('unlocking lists the vault and values can be read; locking lists it again under Reader, values locked', async () => {
    const whenListed = listed();
    env.session.unlock({ vault: VAULT, accountId, groupId: CONTOSO.network, endsAt: env.clock.now() + 3_600_000 });
    expect(await whenListed).toMatchObject({ count: 4 });
    expect(env.service.searchHits('fortinet').hits[0]?.item).toMatchObject({ name: SECRET, locked: false, tags: { vendor: 'Fortinet' } });
    await expect(env.service.reveal({ vault: VAULT, name: SECRET })).resolves.toMatchObject({ value: 'Granite-Harbor-19!' });

    const relisted = listed();
    await env.session.lock([VAULT], 'expired');
    expect(env.service.searchHits('fw-edge').hits.map((h) => h.item)).toEqual([{ key: `${VAULT}/${SECRET}`, vault: VAULT, customer: 'Contoso', name: SECRET, locked: true, namesAsOf: expect.any(Number), favourite: false, staleness: [] }]);
    expect(await relisted).toMatchObject({ count: 4 });
    expect(env.service.searchHits('fortinet').hits[0]?.item).toMatchObject({ name: SECRET, locked: true, tags: { vendor: 'Fortinet' } });
    expect(env.service.vaultStatuses()[0]).toMatchObject({ access: 'locked', listing: 'listed', itemCount: 4 });
    expect(env.service.vaultStatuses()[0]!.namesAsOf).toBeUndefined();
    await expect(env.service.reveal({ vault: VAULT, name: SECRET })).rejects.toMatchObject({ code: 'vault-locked' });
  });
});
