import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../../main/services/errors.js';
import { Favourites } from '../../../../../main/services/vault/favourites.js';
import { SecretCatalog, type StoredSecret } from '../../../../../main/services/vault/secret-catalog.js';
import type { CatalogEvent } from '../../../../../main/services/vault/vault.types.js';
import { sameMetadata } from '../../../../../main/services/vault/stored-metadata.js';
import { ManualClock } from '../../../../helpers/manual-clock.js';
import { MemoryFavourites } from '../../../../helpers/fakes/favourites.fake.js';
import { TENANT_A } from './vault-service.setup.js';

function catalog() {
  const clock = new ManualClock();
  const favourites = new Favourites(new MemoryFavourites());
  const c = new SecretCatalog({ vaults: [{ name: 'kv-a', url: 'https://localhost:1', tenantId: TENANT_A, customer: 'Contoso', pimGroupId: TENANT_A, permissionModel: 'rbac' }], clock, favourites, rebuildIntervalMs: 300 });
  return { c, clock, favourites };
}

const secret = (name: string, tags?: Record<string, string>): StoredSecret => ({ name, locked: false, ...(tags ? { tags } : {}) });

describe('SecretCatalog', () => {
  it('a page event builds its items only when a listener reads them (the app never does: CPU per page, issue 16)', () => {
    const { c, favourites } = catalog();
    let itemsBuilt = 0; // each item asks whether it is a favourite
    const all = favourites.all.bind(favourites);
    favourites.all = () => (itemsBuilt++, all());
    const pages: Extract<CatalogEvent, { type: 'page' }>[] = [];
    c.on('catalog', (event) => void (event.type === 'page' && pages.push(event)));
    c.beginListing('kv-a');
    c.addPage('kv-a', 0, [secret('web-admin', { username: 'admin' }), secret('db-root')]);
    expect(itemsBuilt).toBe(0);
    // A listener that reads them gets the same items as before, built once.
    expect(pages[0]!.items.map((i) => [i.key, i.customer, i.fields])).toEqual([
      ['kv-a/web-admin', 'Contoso', { username: 'admin' }],
      ['kv-a/db-root', 'Contoso', undefined],
    ]);
    expect(pages[0]!.items).toBe(pages[0]!.items);
    expect(itemsBuilt).toBe(2);
  });

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

  it('a relisting keeps the stored object of every unchanged secret (same `updated` and metadata), so nothing downstream re-indexes it', () => {
    const { c } = catalog();
    const visible = () => {
      const out = new Map<string, StoredSecret>();
      c.forEachVisible((_vault, lowerName, stored) => out.set(lowerName, stored));
      return out;
    };
    const listing = (tagOfB: string) => [
      { ...secret('a', { host: 'h1' }), updatedOn: 1 },
      { ...secret('b', { host: tagOfB }), updatedOn: tagOfB === 'h2' ? 2 : 3 },
      { ...secret('c'), updatedOn: 4 },
    ];
    c.beginListing('kv-a');
    c.addPage('kv-a', 0, listing('h2'));
    c.completeListing('kv-a');
    const before = visible();
    c.beginListing('kv-a');
    c.addPage('kv-a', 0, listing('h2-renamed'));
    c.completeListing('kv-a');
    const after = visible();
    expect(after.get('a')).toBe(before.get('a'));
    expect(after.get('c')).toBe(before.get('c'));
    expect(after.get('b')).not.toBe(before.get('b'));
    expect(after.get('b')?.tags).toEqual({ host: 'h2-renamed' });
  });

  it('sameMetadata: any field or tag differing (even with the same `updated` date) is a change', () => {
    const base: StoredSecret = { name: 'x', locked: false, updatedOn: 5, enabled: true, contentType: 'password', tags: { host: 'a', user: 'b' }, expiresOn: 9 };
    expect(sameMetadata(base, { ...base, tags: { user: 'b', host: 'a' } })).toBe(true);
    expect(sameMetadata(base, { ...base, updatedOn: 6 })).toBe(false);
    expect(sameMetadata(base, { ...base, tags: { host: 'a' } })).toBe(false);
    expect(sameMetadata(base, { ...base, tags: { host: 'a', user: 'b', notes: 'c' } })).toBe(false);
    expect(sameMetadata(base, { ...base, tags: undefined })).toBe(false);
    expect(sameMetadata(base, { ...base, enabled: false })).toBe(false);
    expect(sameMetadata(base, { ...base, expiresOn: undefined })).toBe(false);
    expect(sameMetadata(base, { locked: true })).toBe(false);
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
