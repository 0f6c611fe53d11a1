import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogEvent } from '../../main/services/vault/vault.types.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { secretClient, signedInCredential, USERS } from '../sandbox/keyvault-fixtures.js';
import { vaultSettings, wireVaultService } from './vault-support.js';

const VAULTS = ['kv-contoso-servers', 'kv-contoso-network', 'kv-contoso-workstations'] as const;
/** Extra secrets per vault so every listing needs more than one page of 25. */
const EXTRA = { 'kv-contoso-servers': 26, 'kv-contoso-network': 30, 'kv-contoso-workstations': 47 } as const;

/**
 * The catalog through the REAL Key Vault SDK against the sandbox: paging past 25 items in three
 * vaults listed in parallel, results streaming per page, staleness from the seed's dates, search.
 * Sara has standing access (KV-SecurityTeam) to all three, so they are configured without PIM.
 */
describe('VaultService catalog against the sandbox Key Vault', () => {
  let sandbox: TestSandbox;
  let env: Awaited<ReturnType<typeof wireVaultService>>;
  const expected: Record<string, number> = {};

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    const officer = await signedInCredential(sandbox, USERS.officer);
    for (const vault of VAULTS) {
      const client = secretClient(sandbox, vault, officer);
      const names = Array.from({ length: EXTRA[vault] }, (_, i) => `bulk-${vault.split('-')[2]}-${String(i).padStart(2, '0')}`);
      // One call first: concurrent first calls of a fresh SecretClient race its challenge handshake.
      await client.setSecret(names[0]!, 'bulk-value', { tags: { batch: 'bulk' } });
      for (let i = 1; i < names.length; i += 10) await Promise.all(names.slice(i, i + 10).map((name) => client.setSecret(name, `bulk-value-${i}`, { tags: { batch: 'bulk' } })));
      expected[vault] = Object.values(sandbox.context.store.vault(vault)!.secrets).filter((s) => !s.deleted).length;
    }
    env = await wireVaultService(sandbox, vaultSettings(sandbox, VAULTS.map((name) => ({ name, customer: 'Contoso' }))));
    await env.tokens.signIn(USERS.officer);
  });
  afterAll(async () => {
    await env?.close();
    await sandbox?.close();
  });

  /** `refresh`, with the catalog events it caused as the app's event forwarder sees them (`on`). */
  async function refreshEvents(): Promise<CatalogEvent[]> {
    const events: CatalogEvent[] = [];
    const off = env.service.on('catalog', (event) => {
      if (event.type !== 'changed') events.push(event);
    });
    try {
      await env.service.refresh();
    } finally {
      off();
    }
    return events;
  }

  it('lists every vault to the end in pages of 25, streaming each page as it arrives', async () => {
    const events = await refreshEvents();
    for (const vault of VAULTS) {
      const mine = events.filter((e) => 'vault' in e && e.vault === vault);
      const pages = mine.filter((e): e is Extract<CatalogEvent, { type: 'page' }> => e.type === 'page');
      const total = expected[vault]!;
      expect(total).toBeGreaterThan(25);
      expect(pages.map((p) => p.items.length)).toEqual([...Array(Math.floor(total / 25)).fill(25), ...(total % 25 ? [total % 25] : [])]);
      expect(mine.at(-1)).toMatchObject({ type: 'listed', vault, count: total });
      expect(mine.findIndex((e) => e.type === 'listed')).toBe(mine.length - 1);
    }
    expect(env.service.items()).toHaveLength(Object.values(expected).reduce((a, b) => a + b, 0));
    expect(env.service.vaultStatuses().every((s) => s.listing === 'listed' && s.access === 'standing')).toBe(true);
  });

  it('lists vaults in parallel: a slow vault does not hold back the others', async () => {
    const fault = await sandbox.admin('POST', '/faults', { service: 'vault', vault: 'kv-contoso-servers', kind: 'latency', latencyMs: 400 });
    expect(fault.status).toBe(201);
    try {
      const order = (await refreshEvents()).flatMap((event) => (event.type === 'listed' ? [event.vault] : []));
      expect(order.at(-1)).toBe('kv-contoso-servers');
      expect(order).toHaveLength(3);
    } finally {
      await sandbox.admin('DELETE', '/faults');
    }
  });

  it("flags staleness from the seed's dates and searches names, tags and the customer label", async () => {
    await env.service.refresh();
    const item = (name: string) => env.service.items().find((i) => i.name === name)!;
    expect(item('sql-prod-sa').staleness).toEqual(['expiring-soon', 'not-updated']); // expires in 5 days, set 200 days ago
    expect(item('vpn-psk-branch-oslo').staleness).toEqual(['expired']);
    expect(item('esxi-root').staleness).toEqual(['no-expiry', 'not-updated']);
    expect(item('old-fileserver-admin')).toMatchObject({ enabled: false, contentType: 'password', tags: { host: 'fs-old-01' } });
    expect(env.service.searchHits('oslo').hits.map((h) => h.item.name)).toEqual(['vpn-psk-branch-oslo']); // tag site=Oslo
    expect(env.service.searchHits('esxi').hits[0]!.item.name).toBe('esxi-root');
    expect(env.service.searchHits('contoso bulk').total).toBe(EXTRA['kv-contoso-servers'] + EXTRA['kv-contoso-network'] + EXTRA['kv-contoso-workstations']);
    expect(env.service.searchHits('fortinet').hits.map((h) => h.item.name)).toEqual(['fw-edge-01-admin']);
  });
});
