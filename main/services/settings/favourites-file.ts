import type { FavouritesStore as FavouritesPort } from '../vault/vault.types.js';
import { FavouritesStore } from './favourites-store.js';

/**
 * Adapts the favourites file to the VaultService's persistence port, which speaks in `vault/name`
 * keys (see vault/favourites.ts `favouriteKey`). Same file, same atomic writes, same validation.
 */
export class FavouritesFile implements FavouritesPort {
  private readonly store: FavouritesStore;

  constructor(deps: ConstructorParameters<typeof FavouritesStore>[0]) {
    this.store = new FavouritesStore(deps);
  }

  async load(): Promise<string[]> {
    return (await this.store.load()).map((ref) => `${ref.vault}/${ref.name}`);
  }

  /** Throws a TypeError (and writes nothing) when a key is not `vault/secret-name`. */
  async save(keys: string[]): Promise<void> {
    await this.store.replaceAll(
      keys.map((key) => {
        const slash = key.indexOf('/');
        return slash < 0 ? { vault: key, name: '' } : { vault: key.slice(0, slash), name: key.slice(slash + 1) };
      }),
    );
  }
}
