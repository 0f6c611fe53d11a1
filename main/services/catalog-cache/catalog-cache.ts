import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SecretMetadataDto } from '../../../shared/domain/types.js';
import type { Logger } from '../ports/logger.js';
import type { SecretStore } from '../ports/secret-store.js';
import { readBytesIfExists, writeFileAtomic } from '../settings/atomic-file.js';
import { CacheRejectedError, newCacheKey, openCache, sealCache, type CacheFileKind } from './catalog-cache.codec.js';

/** Keychain entry holding the cache's AES-256 key (base64). */
export const CACHE_KEY_ENTRY = 'catalog-cache-key';
/** The first-screen record's file name, beside the catalog file. */
export const FIRST_SCREEN_FILE_NAME = 'catalog-first-screen.bin';
/** Files earlier versions wrote beside the cache (binary under a .json name): removed when found. */
const LEGACY_FILE_NAMES = ['catalog-cache.json'];

/** One secret as cached: the shared metadata DTO (never a value), copied field by field by the codec. */
export interface CachedSecret extends SecretMetadataDto {
  name: string;
  /** A name kept from an earlier listing of a vault now locked (no other fields). */
  locked?: boolean;
  /** How many versions it has, when they were listed. */
  versions?: number;
}

/** One vault's last listing as cached. */
export interface CachedVault {
  name: string;
  /** When that listing completed (what "as of <time>" shows). */
  listedAt: number;
  secrets: CachedSecret[];
}

/** The whole cached catalog. */
export interface CachedCatalog {
  savedAt: number;
  vaults: CachedVault[];
}

/**
 * The small "first screen" record sealed beside the catalog: per vault, only the rows the popup
 * shows first with an empty search box (favourites, recently used, the first names in order) and
 * how many items the whole cached listing holds (`count`). Read and painted before the catalog,
 * whose 10,000 items cost ~0.5 s of CPU in a freshly started process. Metadata only, like the catalog.
 */
export interface FirstScreenRecord {
  savedAt: number;
  vaults: (CachedVault & { count: number })[];
}

/** Whether the cache can be used, and why not. */
export type CatalogCacheState = 'on' | 'no-keychain' | 'error';

const SECRET_FIELDS: Partial<Record<string, 'string' | 'boolean' | 'number' | 'tags'>> = {
  name: 'string',
  locked: 'boolean',
  enabled: 'boolean',
  contentType: 'string',
  tags: 'tags',
  createdOn: 'number',
  updatedOn: 'number',
  notBefore: 'number',
  expiresOn: 'number',
  versions: 'number',
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Exactly the metadata fields with their types, nothing else (a plain loop: a schema library costs ~0.5 s cold for 10,000 items at launch). */
function isCachedSecret(value: unknown): value is CachedSecret {
  if (!isRecord(value) || typeof value.name !== 'string' || value.name.length === 0 || value.name.length > 127) return false;
  // for…in over JSON.parse's own plain objects: no entry arrays per secret (10,000 at a warm start).
  for (const field in value) {
    const kind = SECRET_FIELDS[field];
    const fieldValue = value[field];
    if (kind === undefined) return false;
    if (kind === 'tags') {
      if (!isRecord(fieldValue)) return false;
      for (const tag in fieldValue) if (typeof fieldValue[tag] !== 'string') return false;
    } else if (typeof fieldValue !== kind) return false;
  }
  return true;
}

/** The decrypted file's shape, checked field by field (a first-screen record's vaults also carry their `count`). */
function isCachedCatalog(value: unknown, kind: CacheFileKind): value is CachedCatalog {
  if (!isRecord(value) || typeof value.savedAt !== 'number' || !Array.isArray(value.vaults) || Object.keys(value).length !== 2) return false;
  const counted = kind === 'first-screen';
  return value.vaults.every(
    (vault: unknown) =>
      isRecord(vault) &&
      typeof vault.name === 'string' &&
      typeof vault.listedAt === 'number' &&
      (!counted || (typeof vault.count === 'number' && Number.isInteger(vault.count) && vault.count >= 0)) &&
      Array.isArray(vault.secrets) &&
      Object.keys(vault).length === (counted ? 4 : 3) &&
      vault.secrets.every(isCachedSecret),
  );
}

/** The fields a cached secret may hold, copied one by one so nothing else (a value) is ever written. */
function metadataOnly(secret: CachedSecret): CachedSecret {
  const out: CachedSecret = { name: secret.name };
  if (secret.locked) out.locked = true;
  if (secret.enabled !== undefined) out.enabled = secret.enabled;
  if (secret.contentType !== undefined) out.contentType = secret.contentType;
  if (secret.tags) out.tags = { ...secret.tags };
  for (const field of ['createdOn', 'updatedOn', 'notBefore', 'expiresOn', 'versions'] as const) if (secret[field] !== undefined) out[field] = secret[field];
  return out;
}

/**
 * The catalog's metadata on disk for a warm start: names, tags, content types and dates of every
 * listed vault — never a value — encrypted with AES-256-GCM under a random key held in the OS
 * keychain (SecretStore), plus the small first-screen record beside it (same key, its own kind).
 * No keychain → no cache at all (`state` says 'no-keychain'; there is no plaintext fallback). A
 * file that does not open — another key (another user or machine), changed bytes, an unknown
 * format, the other file's kind — is ignored, deleted and rebuilt by the next save.
 */
export class CatalogCache {
  private key: string | undefined;
  private stateNow: CatalogCacheState = 'on';
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: {
      /** The catalog file; the first-screen record lives beside it (FIRST_SCREEN_FILE_NAME). */
      file: string;
      secrets: SecretStore;
      logger?: Logger;
    },
  ) {}

  /** 'on', or why there is no cache ('no-keychain': the OS keychain is not usable). */
  get state(): CatalogCacheState {
    return this.stateNow;
  }

  /** Reads the whole cached catalog; undefined when there is none, no keychain, or the file was rejected. */
  async load(): Promise<CachedCatalog | undefined> {
    return this.open(this.deps.file, 'catalog');
  }

  /** Reads the first-screen record (small: read and painted before `load`); undefined like `load`. */
  async loadFirstScreen(): Promise<FirstScreenRecord | undefined> {
    return (await this.open(this.firstScreenFile, 'first-screen')) as FirstScreenRecord | undefined;
  }

  private get firstScreenFile(): string {
    return join(dirname(this.deps.file), FIRST_SCREEN_FILE_NAME);
  }

  private async open(file: string, kind: CacheFileKind): Promise<CachedCatalog | undefined> {
    const key = await this.cacheKey(false);
    if (!key) {
      // A keychain without our key: any file there was sealed by a key we no longer have (foreign).
      if (this.stateNow === 'on') await this.removeFiles();
      return undefined;
    }
    if (kind === 'catalog') await this.removeLegacyFiles(); // off the first screen's path
    let bytes: Buffer | undefined;
    try {
      bytes = await readBytesIfExists(file);
    } catch (error) {
      this.deps.logger?.warn('catalog cache unreadable', { error: error instanceof Error ? error.name : 'unknown' });
      return undefined;
    }
    if (bytes === undefined) return undefined;
    try {
      const parsed: unknown = JSON.parse(openCache(bytes, key, kind));
      if (!isCachedCatalog(parsed, kind)) throw new CacheRejectedError('malformed', 'The catalog cache does not hold a catalog this version understands.');
      return parsed;
    } catch (error) {
      const reason = error instanceof CacheRejectedError ? error.reason : 'malformed';
      this.deps.logger?.warn('catalog cache ignored; it will be rebuilt', { reason, ...(kind === 'first-screen' ? { file: 'first-screen' } : {}) });
      // A rejected catalog takes its first-screen record with it: both are rebuilt by the next save.
      await (kind === 'catalog' ? this.removeFiles() : rm(file, { force: true }).catch(() => undefined));
      return undefined;
    }
  }

  /**
   * Writes the catalog and, when given, its first-screen record (metadata fields only; the record
   * after the catalog, so a record never announces a catalog that was not written). Without a
   * keychain nothing is written. Without a record, an older one is removed (it would show rows
   * of an earlier catalog first).
   */
  save(catalog: CachedCatalog, firstScreen?: FirstScreenRecord): Promise<void> {
    return this.serially(async () => {
      const key = await this.cacheKey(true);
      if (!key) return;
      const clean: CachedCatalog = { savedAt: catalog.savedAt, vaults: catalog.vaults.map((v) => ({ name: v.name, listedAt: v.listedAt, secrets: v.secrets.map(metadataOnly) })) };
      await writeFileAtomic(this.deps.file, sealCache(JSON.stringify(clean), key, 'catalog'));
      if (!firstScreen) return rm(this.firstScreenFile, { force: true });
      const record: FirstScreenRecord = {
        savedAt: firstScreen.savedAt,
        vaults: firstScreen.vaults.map((v) => ({ name: v.name, listedAt: v.listedAt, count: v.count, secrets: v.secrets.map(metadataOnly) })),
      };
      await writeFileAtomic(this.firstScreenFile, sealCache(JSON.stringify(record), key, 'first-screen'));
    });
  }

  /**
   * Deletes the key, then the file (sign-out: the next user starts cold). Key first: from that
   * moment the file cannot be opened even if removing it fails, and whoever sees the file gone
   * knows the key is gone too. Runs after a save under way, never beside it (the save would
   * re-create both).
   */
  clear(): Promise<void> {
    return this.serially(async () => {
      this.key = undefined;
      await this.deps.secrets.delete(CACHE_KEY_ENTRY).catch(() => undefined);
      await rm(this.deps.file, { force: true }); // throws when the file stays (the caller must know)
      await this.removeFiles();
    });
  }

  /** Removes every cache file (catalog, first screen, earlier versions' names). */
  private async removeFiles(): Promise<void> {
    await Promise.all([this.deps.file, this.firstScreenFile].map((file) => rm(file, { force: true }).catch(() => undefined)));
    await this.removeLegacyFiles();
  }

  private async removeLegacyFiles(): Promise<void> {
    await Promise.all(LEGACY_FILE_NAMES.map((name) => join(dirname(this.deps.file), name)).filter((file) => file !== this.deps.file).map((file) => rm(file, { force: true }).catch(() => undefined)));
  }

  /** Saves and clears one after another, in the order asked. */
  private serially(operation: () => Promise<void>): Promise<void> {
    const run = this.queue.then(operation);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The key from the keychain (created on the first save). No keychain → undefined and state 'no-keychain'. */
  private async cacheKey(create: boolean): Promise<string | undefined> {
    if (this.key) return this.key;
    try {
      if (!(await this.deps.secrets.isAvailable())) {
        this.stateNow = 'no-keychain';
        return undefined;
      }
      let key = await this.deps.secrets.get(CACHE_KEY_ENTRY);
      if (!key && create) {
        key = newCacheKey();
        await this.deps.secrets.set(CACHE_KEY_ENTRY, key);
      }
      this.stateNow = 'on';
      this.key = key;
      return key;
    } catch (error) {
      this.stateNow = 'no-keychain';
      this.deps.logger?.warn('catalog cache off: keychain unusable', { error: error instanceof Error ? error.name : 'unknown' });
      return undefined;
    }
  }
}
