import { isSecretName, isVaultName } from '../../../shared/domain/key-vault-names.js';
import type { Logger } from '../ports/logger.js';
import { TypedEmitter } from '../events/typed-emitter.js';
import type { FavouritesStore } from './vault.types.js';

/** The favourite key of a secret: `vault/name`, name lower-cased (Key Vault names are case-insensitive). */
export function favouriteKey(vault: string, name: string): string {
  return `${vault}/${name.toLowerCase()}`;
}

/** A key of two Key Vault names; anything else in the store was not written by us. */
function isFavouriteKey(key: unknown): key is string {
  if (typeof key !== 'string') return false;
  const slash = key.indexOf('/');
  return slash > 0 && isVaultName(key.slice(0, slash)) && isSecretName(key.slice(slash + 1)) && key === favouriteKey(key.slice(0, slash), key.slice(slash + 1));
}

/** Favourites' events by name (the TypedEmitter model). */
export interface FavouritesEvents extends Record<string, unknown> {
  changed: Record<string, never>;
}

/**
 * Favourite secrets, by name only (never values), persisted through a small injected store — the
 * one owner of the list, its key format, its name rules and its write ordering (the file adapter,
 * settings/favourites-file.ts, only validates and writes). Changes are saved one at a time in
 * order; a failed save rolls the in-memory set back so what the UI shows is what is on disk, and
 * the error reaches the caller.
 */
export class Favourites {
  private keys = new Set<string>();
  private saving: Promise<void> = Promise.resolve();
  private readonly events: TypedEmitter<FavouritesEvents>;

  constructor(
    private readonly store: FavouritesStore,
    private readonly logger?: Logger,
  ) {
    this.events = new TypedEmitter(logger);
  }

  /** Loads the stored list. A missing or unreadable store means no favourites (logged), not a failure. */
  async load(): Promise<void> {
    try {
      const loaded = await this.store.load();
      const valid = loaded.filter(isFavouriteKey);
      if (valid.length !== loaded.length) this.logger?.warn('favourites: ignored malformed entries', { ignored: loaded.length - valid.length });
      this.keys = new Set(valid);
    } catch (error) {
      this.logger?.warn('favourites: could not load; starting with none', { error: error instanceof Error ? error.name : 'unknown' });
      this.keys = new Set();
    }
    this.emit();
  }

  /** Current favourite keys (read-only view). */
  all(): ReadonlySet<string> {
    return this.keys;
  }

  has(vault: string, name: string): boolean {
    return this.keys.has(favouriteKey(vault, name));
  }

  /** Marks or unmarks a secret and persists the list; rejects (and rolls back) if saving fails. */
  set(vault: string, name: string, favourite: boolean): Promise<void> {
    const key = favouriteKey(vault, name);
    if (!isVaultName(vault) || !isSecretName(name)) return Promise.reject(new RangeError(`Not a Key Vault secret name: ${vault}/${name}`));
    const run = async () => {
      if (this.keys.has(key) === favourite) return;
      const before = new Set(this.keys);
      if (favourite) this.keys.add(key);
      else this.keys.delete(key);
      this.emit();
      try {
        await this.store.save([...this.keys].sort());
      } catch (error) {
        this.keys = before;
        this.emit();
        throw error;
      }
    };
    const result = this.saving.then(run);
    this.saving = result.catch(() => undefined);
    return result;
  }

  /** 'changed' fires after every change (and after a rollback); returns the unsubscribe function. */
  on<K extends keyof FavouritesEvents>(event: K, listener: (e: FavouritesEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  private emit(): void {
    this.events.emit('changed', {});
  }
}
