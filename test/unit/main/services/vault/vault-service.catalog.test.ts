import { afterEach, describe, expect, it } from 'vitest';
import type { CatalogEvent } from '../../../../../main/services/vault/vault.types.js';
import { InMemoryListingMemory } from '../../../../../main/services/vault/listing-memory.js';
import { kvErrorBodies } from './fake-key-vault.transport.js';
import { deferred, nextEvent, setup } from './vault-service.setup.js';

let env: ReturnType<typeof setup>;
afterEach(async () => {
  env?.service.dispose();
  await env?.session.dispose();
});

const countIn = (vault: string) => env.service.items().filter((i) => i.vault === vault).length;

describe('VaultService catalog: listing and streaming', () => {
  it('lists every vault in parallel, page by page — a locked PIM vault too (standing Reader), its items locked', async () => {
    env = setup();
    env.fakes.standing.seed(60, 'std');
    env.fakes.pim.seed(30, 'pim');
    env.fakes.other.seed(5, 'oth');
    env.unlock('kv-pim');
    await nextEvent(env.service, (e) => e.type === 'listed' && e.vault === 'kv-pim'); // the unlock triggers a listing
    const events: CatalogEvent[] = [];
    const off = env.service.on('catalog', (event) => {
      if (event.type !== 'changed') events.push(event); // what the app's event forwarder sees
    });
    await env.service.refresh();
    off();
    const of = (vault: string) => events.filter((e) => 'vault' in e && e.vault === vault).map((e) => (e.type === 'page' ? `page${e.page}:${e.items.length}` : e.type === 'listed' ? `listed:${e.count}` : e.type));
    expect(of('kv-standing')).toEqual(['page0:25', 'page1:25', 'page2:10', 'listed:60']);
    expect(of('kv-pim')).toEqual(['page0:25', 'page1:5', 'listed:30']);
    expect(of('kv-other')).toEqual(['page0:5', 'listed:5']);
    expect(env.service.items().filter((i) => i.vault === 'kv-other').every((i) => i.locked)).toBe(true);
    expect(env.service.items().filter((i) => i.vault !== 'kv-other').some((i) => i.locked)).toBe(false);
    expect(env.fakes.standing.seen.filter((r) => r.authorized).map((r) => r.query.get('maxresults'))).toEqual(['25', '25', '25']);
    expect(countIn('kv-standing')).toBe(60);
    expect(env.service.vaultStatuses().map((s) => [s.name, s.access, s.listing, s.itemCount])).toEqual([
      ['kv-standing', 'standing', 'listed', 60],
      ['kv-pim', 'unlocked', 'listed', 30],
      ['kv-other', 'locked', 'listed', 5],
    ]);
    expect(env.service.vaultStatuses()[1]!.endsAt).toBe(env.clock.now() + 3_600_000);
    expect(env.service.vaultStatuses()[0]!.endsAt).toBeUndefined();
  });

  it('shows the first page before the listing completes, and interleaves vaults as their pages arrive', async () => {
    env = setup();
    env.fakes.standing.seed(40, 'std');
    env.fakes.pim.seed(3, 'pim');
    const hold = deferred();
    env.fakes.standing.gate = async (r) => {
      if (r.query.get('$skiptoken') === '25') await hold.promise;
    };
    env.unlock('kv-pim');
    const order: string[] = [];
    env.service.on('catalog', (e) => {
      if (e.type === 'page' || e.type === 'listed') order.push(`${e.vault}:${e.type}`);
    });
    const done = env.service.refresh();
    await nextEvent(env.service, (e) => e.type === 'page' && e.vault === 'kv-standing');
    await nextEvent(env.service, (e) => e.type === 'listed' && e.vault === 'kv-pim');
    expect(countIn('kv-standing')).toBe(25);
    expect(env.service.searchHits('std-00').total).toBe(10);
    expect(env.service.vaultStatuses()[0]!.listing).toBe('listing');
    hold.release();
    const summary = await done;
    expect(summary.listed.sort()).toEqual(['kv-other', 'kv-pim', 'kv-standing']);
    expect(order.indexOf('kv-pim:listed')).toBeLessThan(order.lastIndexOf('kv-standing:page'));
    expect(countIn('kv-standing')).toBe(40);
  });

  it('refreshes incrementally: old entries stay until the new listing completes, then vanished names go', async () => {
    env = setup();
    env.fakes.standing.seed(30, 'std');
    await env.service.refresh();
    env.fakes.standing.secrets.delete('std-000');
    env.fakes.standing.secrets.delete('std-001');
    env.fakes.standing.add({ name: 'std-new', value: 'v' });
    const hold = deferred();
    env.fakes.standing.gate = async (r) => {
      if (r.query.get('$skiptoken') === '25') await hold.promise;
    };
    const done = env.service.refresh(['kv-standing']);
    await nextEvent(env.service, (e) => e.type === 'page');
    expect(env.service.searchHits('std-000').total).toBe(1); // still shown mid-refresh
    expect(countIn('kv-standing')).toBe(30);
    hold.release();
    await done;
    expect(env.service.searchHits('std-000').total).toBe(0);
    expect(env.service.searchHits('std-new').total).toBe(1);
    expect(countIn('kv-standing')).toBe(29);
  });

  it('keeps the previous entries and reports a classified error when a listing fails', async () => {
    env = setup();
    env.fakes.standing.seed(3, 'std');
    await env.service.refresh();
    env.fakes.standing.failures.push({ status: 403, body: kvErrorBodies.firewall });
    const summary = await env.service.refresh();
    expect(summary.failed.map((f) => [f.vault, f.error.code])).toEqual([['kv-standing', 'vault-forbidden-firewall']]);
    const status = env.service.vaultStatuses()[0]!;
    expect(status.listing).toBe('failed');
    expect(status.error?.message).toMatch(/firewall/);
    expect(countIn('kv-standing')).toBe(3);
  });

  it('on lock keeps the names at once, then lists again under standing rights: metadata back, values locked', async () => {
    env = setup();
    env.fakes.pim.add({ name: 'srv-dc01-root', value: 'v', tags: { host: 'dc01' }, contentType: 'password', updated: 1_600_000_000 });
    env.unlock('kv-pim');
    await nextEvent(env.service, (e) => e.type === 'listed' && e.vault === 'kv-pim');
    expect(env.service.searchHits('dc01').hits[0]?.item).toMatchObject({ name: 'srv-dc01-root', locked: false, tags: { host: 'dc01' }, staleness: ['no-expiry', 'not-updated'] });
    const listedAt = env.clock.now();
    const relisted = nextEvent(env.service, (e) => e.type === 'listed' && e.vault === 'kv-pim');
    await env.session.lock(['kv-pim'], 'expired');
    expect(env.service.searchHits('srv-dc01').hits[0]?.item).toEqual({ key: 'kv-pim/srv-dc01-root', vault: 'kv-pim', customer: 'Contoso', name: 'srv-dc01-root', locked: true, namesAsOf: listedAt, favourite: false, staleness: [] });
    await relisted;
    expect(env.service.searchHits('host dc01').hits[0]?.item).toMatchObject({ name: 'srv-dc01-root', locked: true, tags: { host: 'dc01' }, staleness: ['no-expiry', 'not-updated'] });
    expect(env.service.searchHits('host dc01').hits[0]!.item.namesAsOf).toBeUndefined();
    expect(env.service.vaultStatuses()[1]).toMatchObject({ access: 'locked', listing: 'listed', itemCount: 1 });
    await expect(env.service.reveal({ vault: 'kv-pim', name: 'srv-dc01-root' })).rejects.toMatchObject({ code: 'vault-locked' });
    env.unlock('kv-pim');
    await nextEvent(env.service, (e) => e.type === 'listed' && e.vault === 'kv-pim');
    await env.session.lock(['kv-pim'], 'signed-out');
    expect(countIn('kv-pim')).toBe(0);
  });

  it('where listing is refused while locked, shows the names of the last listing "as of" its date and says why', async () => {
    env = setup();
    env.fakes.pim.add({ name: 'srv-dc01-root', value: 'v', tags: { host: 'dc01' } });
    env.fakes.pim.add({ name: 'srv-web-root', value: 'v' });
    env.unlock('kv-pim');
    await nextEvent(env.service, (e) => e.type === 'listed' && e.vault === 'kv-pim');
    const listedAt = env.clock.now();
    env.clock.advance(3_600_000);
    env.fakes.pim.failures.push({ status: 403, body: kvErrorBodies.rbac });
    const failed = nextEvent(env.service, (e) => e.type === 'failed' && e.vault === 'kv-pim');
    await env.session.lock(['kv-pim'], 'expired');
    await failed;
    const status = env.service.vaultStatuses()[1]!;
    expect(status).toMatchObject({ access: 'locked', listing: 'failed', itemCount: 2, namesAsOf: listedAt, error: { code: 'vault-forbidden-rbac' } });
    expect(status.error?.message).toMatch(/cannot be listed before access.*Key Vault Reader/);
    expect(env.service.searchHits('srv').hits.map(({ item: i }) => [i.name, i.locked, i.namesAsOf])).toEqual([
      ['srv-dc01-root', true, listedAt],
      ['srv-web-root', true, listedAt],
    ]);
  });

  it('a fresh service whose locked vault refuses listing recalls the remembered names (the ListingMemory port)', async () => {
    const memory = new InMemoryListingMemory();
    memory.remember('kv-pim', ['srv-dc01-root'], 1_700_000_000_000);
    env = setup({ listingMemory: memory });
    env.fakes.pim.failures.push({ status: 403, body: kvErrorBodies.rbac });
    await env.service.refresh(['kv-pim']);
    expect(env.service.items().filter((i) => i.vault === 'kv-pim').map((i) => [i.name, i.locked, i.namesAsOf])).toEqual([['srv-dc01-root', true, 1_700_000_000_000]]);
    expect(env.service.vaultStatuses()[1]).toMatchObject({ namesAsOf: 1_700_000_000_000, listing: 'failed' });
  });

  it('cancels a listing in flight when its vault locks, and a quick re-unlock starts a fresh one', async () => {
    env = setup();
    env.fakes.pim.seed(30, 'pim');
    const hold = deferred();
    env.fakes.pim.gate = async (r) => {
      if (r.query.get('$skiptoken') === '25') await hold.promise;
    };
    env.unlock('kv-pim');
    await nextEvent(env.service, (e) => e.type === 'page');
    await env.session.lock(['kv-pim'], 'revoked');
    hold.release();
    env.fakes.pim.gate = async () => {};
    env.unlock('kv-pim');
    const listed = await nextEvent(env.service, (e) => e.type === 'listed');
    expect(listed).toMatchObject({ vault: 'kv-pim', count: 30 });
  });

  it('searches favourites first and persists them by name only', async () => {
    env = setup();
    env.fakes.standing.seed(5, 'root');
    await env.service.init();
    await env.service.refresh();
    expect(await env.service.setFavourite({ vault: 'kv-standing', name: 'root-003' }, true)).toMatchObject({ name: 'root-003', favourite: true });
    expect(env.service.searchHits('root').hits[0]?.item).toMatchObject({ name: 'root-003', favourite: true });
    expect(env.favourites.current).toEqual(['kv-standing/root-003']);
    expect(env.service.searchHits('contoso').total).toBe(5); // customer label
    expect(env.service.searchHits('root-00', 1).hits).toEqual([{ item: expect.objectContaining({ name: 'root-003' }), nameMatches: [[0, 3], [5, 6]] }]);
  });
});
