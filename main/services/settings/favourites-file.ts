import { z } from 'zod';
import { SECRET_NAME_PATTERN, VAULT_NAME_PATTERN } from '../../../shared/domain/key-vault-names.js';
import type { Logger } from '../ports/logger.js';
import type { FavouritesStore } from '../vault/vault.types.js';
import { readFileIfExists, writeFileAtomic } from './atomic-file.js';
import { SettingsInvalidError, parseJsonText, toSettingsIssues } from './settings-error.js';

/** Upper bound so a runaway caller cannot grow the file without limit. */
export const MAX_FAVOURITES = 2000;

const favouriteRef = z.object({ vault: z.string().regex(VAULT_NAME_PATTERN, 'must be a Key Vault name'), name: z.string().regex(SECRET_NAME_PATTERN, 'must be a Key Vault secret name') });
const favouritesFileSchema = z.object({ version: z.literal(1), favourites: z.array(favouriteRef).max(MAX_FAVOURITES) });

/**
 * The favourites file behind VaultService's `FavouritesStore` port: `{ version: 1, favourites:
 * [{ vault, name }] }`, names only (never a value, a version or a URL), written atomically.
 * `Favourites` (vault/favourites.ts) owns the list, its key format, case rules and write ordering;
 * this adapter only validates what it reads and writes.
 *
 * A damaged file is not worth blocking the app for, but it is the user's data: it is COPIED to
 * `<file>.invalid` (never moved) before favourites start empty, and `problem` says why.
 */
export class FavouritesFile implements FavouritesStore {
  /** Why the file on disk could not be used, when it could not. */
  problem: SettingsInvalidError | undefined;

  constructor(private readonly deps: { file: string; logger?: Logger }) {}

  /** The stored `vault/name` keys; none when the file is missing or damaged (copied aside). */
  async load(): Promise<string[]> {
    const text = await readFileIfExists(this.deps.file);
    if (text === undefined) return [];
    const json = parseJsonText(text);
    const parsed = json.ok ? favouritesFileSchema.safeParse(json.value) : undefined;
    if (parsed?.success) return parsed.data.favourites.map((ref) => `${ref.vault}/${ref.name}`);
    const issues = json.ok ? toSettingsIssues(parsed!.error!) : [json.issue];
    this.problem = new SettingsInvalidError(this.deps.file, issues, 'favourites', { advice: `It was copied to "${this.deps.file}.invalid" and favourites start empty.` });
    this.deps.logger?.warn('Favourites file is invalid; starting empty', { file: this.deps.file, issues: issues.length });
    await writeFileAtomic(`${this.deps.file}.invalid`, text);
    return [];
  }

  /** Replaces the file with `keys`. Throws a TypeError (and writes nothing) when a key is not `vault/secret-name`. */
  async save(keys: string[]): Promise<void> {
    if (keys.length > MAX_FAVOURITES) throw new RangeError(`At most ${MAX_FAVOURITES} favourites can be kept.`);
    const favourites = keys.map((key) => {
      const slash = key.indexOf('/');
      const parsed = favouriteRef.safeParse({ vault: key.slice(0, Math.max(slash, 0)), name: key.slice(slash + 1) });
      if (slash < 0 || !parsed.success) throw new TypeError('Not a favourite: expected vault/secret-name with Key Vault names.');
      return parsed.data;
    });
    await writeFileAtomic(this.deps.file, `${JSON.stringify({ version: 1, favourites }, null, 2)}\n`);
  }
}
