import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * The files are binary (format 3): MAGIC, a version byte, a kind byte, the key id, the IV, the GCM
 * tag, then the ciphertext. Format 1 was JSON with base64 fields; decoding 3 MB of base64 and UTF-8
 * cost a third of a 10,000-item warm start (measured with --cpu-prof). Format 2 had no kind byte.
 * Files of either are ignored and rebuilt like any file this version does not write.
 */
const MAGIC = Buffer.from('JVCC', 'ascii');
const VERSION = 3;
/**
 * What a sealed file holds. The kind is authenticated with the header, so the small first-screen
 * record cannot be passed off as the whole catalog (or the reverse) by swapping the files.
 */
export type CacheFileKind = 'catalog' | 'first-screen';
const KIND_BYTE: Record<CacheFileKind, number> = { catalog: 1, 'first-screen': 2 };
const KEY_BYTES = 32;
const KEY_ID_BYTES = 8;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** MAGIC, version, kind, key id: authenticated as additional data. */
const HEADER_BYTES = MAGIC.length + 2 + KEY_ID_BYTES;
const PREFIX_BYTES = HEADER_BYTES + IV_BYTES + TAG_BYTES;

/** Why a cache file could not be opened (each means: ignore it and rebuild from the network). */
export type CacheRejection = 'malformed' | 'foreign' | 'tampered';

/** A cache file that was not written by this key, or was changed after it was written. */
export class CacheRejectedError extends Error {
  constructor(
    readonly reason: CacheRejection,
    message: string,
  ) {
    super(message);
    this.name = 'CacheRejectedError';
  }
}

/** A new random AES-256 key (base64), for the keychain. */
export function newCacheKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

/** Short public id of a key (SHA-256 prefix): tells a cache from another key ("foreign") from a tampered one. */
function keyId(key: Buffer): Buffer {
  return createHash('sha256').update('jit-vault catalog cache key id').update(key).digest().subarray(0, KEY_ID_BYTES);
}

function decodeKey(keyBase64: string): Buffer {
  const key = Buffer.from(keyBase64, 'base64');
  if (key.length !== KEY_BYTES) throw new CacheRejectedError('foreign', 'The catalog cache key in the keychain is not a 256-bit key.');
  return key;
}

/**
 * Encrypts `plaintext` with AES-256-GCM under `keyBase64` (random 96-bit IV per write; magic,
 * format version, kind and key id authenticated as additional data). Returns the file's bytes.
 */
export function sealCache(plaintext: string, keyBase64: string, kind: CacheFileKind = 'catalog'): Buffer {
  const key = decodeKey(keyBase64);
  const header = Buffer.concat([MAGIC, Buffer.from([VERSION, KIND_BYTE[kind]]), keyId(key)]);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(header);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([header, iv, cipher.getAuthTag(), data]);
}

/**
 * Opens a file written by `sealCache` with the same `kind`; throws CacheRejectedError when it is not
 * ours, not this kind, not this key's, or changed.
 */
export function openCache(file: Buffer, keyBase64: string, kind: CacheFileKind = 'catalog'): string {
  if (file.length < PREFIX_BYTES || !file.subarray(0, MAGIC.length).equals(MAGIC) || file[MAGIC.length] !== VERSION) {
    throw new CacheRejectedError('malformed', 'The catalog cache file is not in a format this version writes.');
  }
  if (file[MAGIC.length + 1] !== KIND_BYTE[kind]) throw new CacheRejectedError('malformed', `The file is not a catalog cache ${kind === 'catalog' ? 'catalog' : 'first-screen record'}.`);
  const key = decodeKey(keyBase64);
  const header = file.subarray(0, HEADER_BYTES);
  if (!header.subarray(MAGIC.length + 2).equals(keyId(key))) throw new CacheRejectedError('foreign', 'The catalog cache was written with another key (another user, machine or keychain).');
  try {
    // authTagLength pins 128-bit tags: a truncated tag must not be accepted.
    const decipher = createDecipheriv('aes-256-gcm', key, file.subarray(HEADER_BYTES, HEADER_BYTES + IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(header);
    decipher.setAuthTag(file.subarray(HEADER_BYTES + IV_BYTES, PREFIX_BYTES));
    return Buffer.concat([decipher.update(file.subarray(PREFIX_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new CacheRejectedError('tampered', 'The catalog cache file was changed after JIT Vault wrote it.');
  }
}
