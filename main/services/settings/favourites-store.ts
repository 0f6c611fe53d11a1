import { z } from 'zod';
import type { Logger } from '../ports/logger.js';
import { SerialQueue, readFileIfExists, writeFileAtomic } from './atomic-file.js';
import { SettingsInvalidError, parseJsonText, toSettingsIssues } from './settings-error.js';

/** A favourite secret: the vault and the secret NAME. Never a value, a version or a URL with a token. */
export interface FavouriteRef {
  vault: string;
  name: string;
}

// Key Vault's own naming rules: a favourite that does not fit them cannot be a secret we listed.
const vaultName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]{2,23}$/, 'must be a Key Vault name');
const secretName = z.string().regex(/^[0-9a-zA-Z-]{1,127}$/, 'must be a Key Vault secret name');

/** Upper bound so a runaway caller cannot grow the file without limit. */
export const MAX_FAVOURITES = 2000;

const favouritesFileSchema = z.object({
  version: z.literal(1),
  favourites: z.array(z.object({ vault: vaultName, name: secretName })).max(MAX_FAVOURITES),
});

const sameRef = (a: FavouriteRef, b: FavouriteRef) => a.vault.toLowerCase() === b.vault.toLowerCase() && a.name.toLowerCase() === b.name.toLowerCase();

/**
 * Favourite secret names, persisted in their own small JSON file with atomic writes (one at a time,
 * in call order). Names compare case-insensitively, as Key Vault names do.
 *
 * A damaged favourites file is not worth blocking the app for, but it is the user's data: it is
 * COPIED to `<file>.invalid` (never moved) before the first write replaces it, and `load` reports the
 * problem in `problem` for the diagnostic log.
 */
export class FavouritesStore {
  private items: FavouriteRef[] | undefined;
  private readonly queue = new SerialQueue();
  /** Why the file on disk could not be used, when it could not. */
  problem: SettingsInvalidError | undefined;

  constructor(private readonly deps: { file: string; logger?: Logger }) {}

  /** Reads the file (once; later calls return the cached list). */
  async load(): Promise<FavouriteRef[]> {
    if (this.items) return [...this.items];
    const text = await readFileIfExists(this.deps.file);
    this.items = [];
    if (text !== undefined) {
      const json = parseJsonText(text);
      const parsed = json.ok ? favouritesFileSchema.safeParse(json.value) : undefined;
      if (parsed?.success) {
        this.items = parsed.data.favourites;
      } else {
        const issues = json.ok ? toSettingsIssues(parsed!.error!) : [json.issue];
        this.problem = new SettingsInvalidError(this.deps.file, issues, 'favourites', {
          advice: `It was copied to "${this.deps.file}.invalid" and favourites start empty.`,
        });
        this.deps.logger?.warn('Favourites file is invalid; starting empty', { file: this.deps.file, issues: issues.length });
        await writeFileAtomic(`${this.deps.file}.invalid`, text);
      }
    }
    return [...this.items];
  }

  /** Whether `ref` is a favourite. */
  async has(ref: FavouriteRef): Promise<boolean> {
    return (await this.load()).some((item) => sameRef(item, ref));
  }

  /** Adds `ref` (no-op when present). */
  add(ref: FavouriteRef): Promise<FavouriteRef[]> {
    return this.change((items) => (items.some((item) => sameRef(item, ref)) ? items : [...items, checkRef(ref)]));
  }

  /** Removes `ref` (no-op when absent). */
  remove(ref: FavouriteRef): Promise<FavouriteRef[]> {
    return this.change((items) => items.filter((item) => !sameRef(item, ref)));
  }

  /** Adds or removes `ref`; resolves with whether it is now a favourite. */
  async toggle(ref: FavouriteRef): Promise<boolean> {
    const present = await this.has(ref);
    const after = present ? await this.remove(ref) : await this.add(ref);
    return after.some((item) => sameRef(item, ref));
  }

  /** Replaces the whole list (validated, duplicates dropped). */
  replaceAll(refs: FavouriteRef[]): Promise<FavouriteRef[]> {
    const checked = refs.map(checkRef);
    return this.change(() => checked.filter((ref, index) => checked.findIndex((other) => sameRef(other, ref)) === index));
  }

  private change(apply: (items: FavouriteRef[]) => FavouriteRef[]): Promise<FavouriteRef[]> {
    return this.queue.run(async () => {
      const before = await this.load();
      const after = apply(before);
      if (after.length > MAX_FAVOURITES) throw new RangeError(`At most ${MAX_FAVOURITES} favourites can be kept.`);
      if (after !== before) {
        const body = { version: 1, favourites: after.map(({ vault, name }) => ({ vault, name })) };
        await writeFileAtomic(this.deps.file, `${JSON.stringify(body, null, 2)}\n`);
        this.items = after;
      }
      return [...after];
    });
  }
}

function checkRef(ref: FavouriteRef): FavouriteRef {
  const parsed = z.object({ vault: vaultName, name: secretName }).safeParse(ref);
  if (!parsed.success) throw new TypeError(`Not a favourite: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')} invalid.`);
  return parsed.data;
}
