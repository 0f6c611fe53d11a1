import type { FavouritesStore } from '../../../main/services/vault/vault.types.js';

/**
 * The favourites port in memory: `saved` holds every list saved, in order. `initial` is what
 * `load` answers (an Error makes it throw); `failSave` makes the next saves throw.
 */
export class MemoryFavourites implements FavouritesStore {
  saved: string[][] = [];
  failSave: Error | undefined;

  constructor(private readonly initial: unknown = []) {}

  /** The last list saved, else the initial one. */
  get current(): string[] {
    return this.saved.at(-1) ?? (this.initial as string[]);
  }

  async load(): Promise<string[]> {
    if (this.initial instanceof Error) throw this.initial;
    return [...this.current];
  }

  async save(keys: string[]): Promise<void> {
    if (this.failSave) throw this.failSave;
    this.saved.push([...keys]);
  }
}
