import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../../main/services/errors.js';
import { Favourites } from '../../../../../main/services/vault/favourites.js';
import { SecretCatalog, type StoredSecret } from '../../../../../main/services/vault/secret-catalog.js';
import { ManualClock } from '../../../../helpers/manual-clock.js';
import { MemoryFavourites } from '../../../../helpers/fakes/favourites.fake.js';
import { TENANT_A } from './vault-service.setup.js';

function catalog() {
  const clock = new ManualClock();
  const favourites = new Favourites(new MemoryFavourites());
  const c = new SecretCatalog({ vaults: [{ name: 'kv-a', url: 'https://localhost:1', tenantId: TENANT_A, customer: 'Contoso', pimGroupId: TENANT_A, permissionModel: 'rbac' }], clock, favourites, rebuildIntervalMs: 300 });
  return { c, clock };
}

const secret = (name: string, tags?: Record<string, string>): StoredSecret => ({ name, locked: false, ...(tags ? { tags } : {}) });

describe('SecretCatalog', () => {
  it('while pages stream, search may lag by up to the rebuild interval; the end of the listing shows everything at once', async () => {
    const { c, clock } = catalog();
    c.beginListing('kv-a');
    c.addPage('kv-a', 0, [secret('root-1')]);
    expect(c.search('root').total).toBe(1);
    c.addPage('kv-a', 1, [secret('root-2')]);
    expect(c.search('root').total).toBe(1); // index from 0 ms still serves
    await clock.advance(300);
    expect(c.search('root').total).toBe(2);
    c.addPage('kv-a', 2, [secret('root-3')]);
    c.completeListing('kv-a');
    expect(c.search('root').total).toBe(3);
  });

  it('a lock is never served from a stale index: tags disappear at once', () => {
    const { c } = catalog();
    c.beginListing('kv-a');
    c.addPage('kv-a', 0, [secret('root-1', { host: 'dc01' })]);
    expect(c.search('dc01').total).toBe(1);
    c.addPage('kv-a', 1, [secret('root-2', { host: 'dc02' })]); // index now stale but kept
    c.lockVault('kv-a', 'names');
    expect(c.search('dc01').total).toBe(0);
    expect(c.search('root').items.map((i) => [i.name, i.locked, i.tags])).toEqual([
      ['root-1', true, undefined],
      ['root-2', true, undefined],
    ]);
  });

  it('a failed listing keeps the previous entries and records the error for the vault status', () => {
    const { c } = catalog();
    c.beginListing('kv-a');
    c.addPage('kv-a', 0, [secret('root-1')]);
    c.completeListing('kv-a');
    c.beginListing('kv-a');
    c.addPage('kv-a', 0, [secret('other')]);
    c.failListing('kv-a', new AppError('network', 'Could not reach vault "kv-a".'));
    expect(c.items().map((i) => i.name)).toEqual(['root-1']);
    expect(c.statuses(() => 'unlocked')[0]).toMatchObject({ listing: 'failed', itemCount: 1, error: { code: 'network' } });
  });
});
