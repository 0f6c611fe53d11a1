import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** What the file says it is; also bound into the cipher as additional data. */
const FORMAT = 'jit-vault-catalog-cache';
const VERSION = 1;
const KEY_BYTES = 32;
const IV_BYTES = 12;

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
function keyId(key: Buffer): string {
  return createHash('sha256').update('jit-vault catalog cache key id').update(key).digest('hex').slice(0, 16);
}

function decodeKey(keyBase64: string): Buffer {
  const key = Buffer.from(keyBase64, 'base64');
  if (key.length !== KEY_BYTES) throw new CacheRejectedError('foreign', 'The catalog cache key in the keychain is not a 256-bit key.');
  return key;
}

function additionalData(id: string): Buffer {
  return Buffer.from(`${FORMAT}\u0000${VERSION}\u0000${id}`, 'utf8');
}

/**
 * Encrypts `plaintext` with AES-256-GCM under `keyBase64` (random 96-bit IV per write; format,
 * version and key id authenticated as additional data). Returns the file's JSON text.
 */
export function sealCache(plaintext: string, keyBase64: string): string {
  const key = decodeKey(keyBase64);
  const id = keyId(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(additionalData(id));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return JSON.stringify({ format: FORMAT, version: VERSION, keyId: id, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') });
}

/** Opens a file written by `sealCache`; throws CacheRejectedError when it is not ours, not this key's, or changed. */
export function openCache(fileText: string, keyBase64: string): string {
  let envelope: Record<string, unknown>;
  try {
    envelope = JSON.parse(fileText) as Record<string, unknown>;
  } catch {
    throw new CacheRejectedError('malformed', 'The catalog cache file is not JSON.');
  }
  const { format, version, keyId: id, iv, tag, data } = envelope ?? {};
  if (format !== FORMAT || version !== VERSION || typeof id !== 'string' || typeof iv !== 'string' || typeof tag !== 'string' || typeof data !== 'string') {
    throw new CacheRejectedError('malformed', 'The catalog cache file is not in a format this version writes.');
  }
  const key = decodeKey(keyBase64);
  if (id !== keyId(key)) throw new CacheRejectedError('foreign', 'The catalog cache was written with another key (another user, machine or keychain).');
  try {
    // authTagLength pins 128-bit tags: a truncated tag must not be accepted.
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'), { authTagLength: 16 });
    decipher.setAAD(additionalData(id));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new CacheRejectedError('tampered', 'The catalog cache file was changed after JIT Vault wrote it.');
  }
}
