import { describe, expect, it } from 'vitest';
import { Favourites, favouriteKey } from '../../../../../main/services/vault/favourites.js';
import { MemoryFavourites } from '../../../../helpers/fakes/favourites.fake.js';

describe('Favourites', () => {
  it('keys by vault and case-insensitive secret name', () => {
    expect(favouriteKey('kv-a', 'SqlAdmin')).toBe('kv-a/sqladmin');
  });

  it('loads, ignores malformed entries, and persists changes in order', async () => {
    const store = new MemoryFavourites(['kv-a/root', 'not a key', 42, 'kv-b/sa']);
    const favourites = new Favourites(store);
    await favourites.load();
    expect([...favourites.all()]).toEqual(['kv-a/root', 'kv-b/sa']);
    await Promise.all([favourites.set('kv-c', 'Esx-Root', true), favourites.set('kv-a', 'root', false)]);
    expect(store.saved).toEqual([
      ['kv-a/root', 'kv-b/sa', 'kv-c/esx-root'],
      ['kv-b/sa', 'kv-c/esx-root'],
    ]);
    expect(favourites.has('kv-c', 'ESX-ROOT')).toBe(true);
  });

  it('starts empty when the store cannot be read', async () => {
    const favourites = new Favourites(new MemoryFavourites(new Error('EACCES')));
    await favourites.load();
    expect(favourites.all().size).toBe(0);
  });

  it('rolls back and rejects when saving fails', async () => {
    const store = new MemoryFavourites();
    const favourites = new Favourites(store);
    await favourites.load();
    store.failSave = new Error('disk full');
    await expect(favourites.set('kv-a', 'root', true)).rejects.toThrow('disk full');
    expect(favourites.has('kv-a', 'root')).toBe(false);
    store.failSave = undefined;
    await favourites.set('kv-a', 'root', true);
    expect(favourites.has('kv-a', 'root')).toBe(true);
  });

  it('refuses names Key Vault could not have', async () => {
    const favourites = new Favourites(new MemoryFavourites());
    await expect(favourites.set('kv-a', '../etc/passwd', true)).rejects.toThrow(RangeError);
  });
});
