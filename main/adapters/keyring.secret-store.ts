import { createHash } from 'node:crypto';
import type { Logger } from '../services/ports/logger.js';
import { SecretStoreUnavailableError, type SecretStore } from '../services/ports/secret-store.js';

/** The one keychain service name every JIT Vault item is stored under. */
export const KEYCHAIN_SERVICE = 'JIT Vault';

/**
 * Largest chunk, in UTF-16 code units (JavaScript string length).
 *
 * Windows Credential Manager refuses a credential blob over CRED_MAX_CREDENTIAL_BLOB_SIZE =
 * 5 * 512 = 2,560 bytes, and keyring-rs (under @napi-rs/keyring) stores a password there as
 * UTF-16LE: 2 bytes per code unit. 1,200 code units = 2,400 bytes, leaving headroom in case a
 * future version adds a terminator or a BOM. Counting code units (not characters) is the
 * conservative choice: a surrogate pair is two code units and four bytes. macOS Keychain and the
 * Secret Service have no such small limit, but chunking the same way everywhere keeps one code
 * path, tested here on Linux.
 */
export const MAX_CHUNK_UNITS = 1200;

/** One keychain item, as @napi-rs/keyring's AsyncEntry exposes it. */
export interface KeyringEntry {
  getPassword(): Promise<string | null | undefined>;
  setPassword(password: string): Promise<void>;
  deletePassword(): Promise<boolean>;
}

/** Opens an item; throws when no usable keychain exists (the constructor of a pinned AsyncEntry does). */
export type KeyringEntryFactory = (service: string, account: string) => KeyringEntry;

type KeyringModule = typeof import('@napi-rs/keyring');
let binding: Promise<KeyringModule> | undefined;

/**
 * @napi-rs/keyring, loaded on first use and never at the top of main: its native binary comes from a
 * per-platform optional package (@napi-rs/keyring-<platform>-<arch>), and a build that lacks this
 * machine's one must still start — in memory-only mode, saying why — instead of crashing at import.
 */
function loadKeyringBinding(): Promise<KeyringModule> {
  binding ??= import('@napi-rs/keyring');
  return binding;
}

/**
 * The real factory. On Linux the entry is pinned to the Secret Service: @napi-rs/keyring otherwise
 * falls back silently to the kernel keyring (in-memory, lost at reboot, readable by any process of
 * the user session) — pinned, a missing Secret Service is a clear error instead. The binding loads
 * lazily (see loadKeyringBinding); a load failure surfaces as the failure of the first call.
 */
export const napiKeyringEntry: KeyringEntryFactory = (service, account) => {
  const entry = loadKeyringBinding().then(({ AsyncEntry }) => new AsyncEntry(service, account, { linux: { store: 'secret-service' } }));
  entry.catch(() => undefined); // reported by the method call that awaits it
  return {
    getPassword: async () => (await entry).getPassword(),
    setPassword: async (password) => (await entry).setPassword(password),
    deletePassword: async () => (await entry).deletePassword(),
  };
};

/** Words for the UI: why the keychain cannot be used (a missing native binding reads differently from a locked keyring). */
export function describeKeychainFailure(error: unknown, platform: string = process.platform, arch: string = process.arch): string {
  // @napi-rs/keyring says "Cannot find native binding." with the per-package load errors as its cause chain.
  const text: string[] = [];
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) text.push(`${(e as { code?: unknown }).code ?? ''} ${e.message}`);
  if (/ERR_MODULE_NOT_FOUND|MODULE_NOT_FOUND|Cannot find (module|package)|native binding|\.node\b|ERR_DLOPEN_FAILED/i.test(text.join(' '))) {
    return `This installation of JIT Vault lacks its keychain component for ${platform}-${arch}. Reinstall the package built for this computer, or ask your administrator.`;
  }
  return 'The system keychain did not answer (locked, or no keyring service is running).';
}

/** Options for KeyringSecretStore. */
export interface KeyringSecretStoreOptions {
  /** Keychain service name; tests use their own so parallel files never collide. */
  service?: string;
  /** Chunk size in UTF-16 code units (tests use small ones). */
  maxChunkUnits?: number;
  /** Replaces @napi-rs/keyring (unit tests inject a failing or recording backend). */
  entryFactory?: KeyringEntryFactory;
  logger?: Logger;
  /** Wait before retrying a call the Secret Service dropped (default 250 ms). */
  retryDelayMs?: number;
}

type Slot = 'a' | 'b';

/** The small item stored under the key itself: where the value's chunks are. */
interface Manifest {
  v: 1;
  slot: Slot;
  chunks: number;
  length: number;
  /** SHA-256 of the value, so a torn or mixed set of chunks reads as "nothing stored", not as garbage. */
  sha256: string;
}

/**
 * SecretStore over the OS keychain (Keychain, Credential Manager, Secret Service) through
 * @napi-rs/keyring, with values split into chunks small enough for Windows.
 *
 * Layout for key `k`: a manifest item `k` ({slot, chunks, length, sha256}) and chunk items
 * `k#a0, k#a1, …` or `k#b0, …`. A write fills the slot the manifest does NOT point at, then
 * rewrites the manifest (one item write, atomic in every backend), then clears the old slot. A crash
 * at any point leaves the manifest pointing at a complete set of chunks (the old one until the
 * manifest is rewritten, the new one after). Leftovers of an interrupted write are cleared by the
 * next write or delete: chunks are always written from index 0 upwards, so deleting a slot from 0
 * until the first missing index removes all of them without enumerating the keychain.
 */
export class KeyringSecretStore implements SecretStore {
  private readonly service: string;
  private readonly maxChunkUnits: number;
  private readonly entryFactory: KeyringEntryFactory;
  private readonly logger: Logger | undefined;
  private readonly retryDelayMs: number;
  private reason: string | undefined;
  /** Per-key queue: two writes of one key in one process never interleave. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(options: KeyringSecretStoreOptions = {}) {
    this.service = options.service ?? KEYCHAIN_SERVICE;
    this.maxChunkUnits = options.maxChunkUnits ?? MAX_CHUNK_UNITS;
    if (this.maxChunkUnits < 2) throw new RangeError('maxChunkUnits must be at least 2 (a surrogate pair must fit).');
    this.entryFactory = options.entryFactory ?? napiKeyringEntry;
    this.logger = options.logger;
    this.retryDelayMs = options.retryDelayMs ?? 250;
  }

  get(key: string): Promise<string | undefined> {
    return this.serialized(key, async () => {
      const manifest = await this.readManifest(key);
      if (!manifest) return undefined;
      const parts: string[] = [];
      for (let i = 0; i < manifest.chunks; i++) {
        const part = await this.call(key, () => this.entry(chunkName(key, manifest.slot, i)).getPassword());
        if (part == null) {
          this.logger?.warn('keychain item incomplete; treating it as empty', { key, missingChunk: i });
          return undefined;
        }
        parts.push(part);
      }
      const value = parts.join('');
      if (value.length !== manifest.length || sha256(value) !== manifest.sha256) {
        this.logger?.warn('keychain item does not match its manifest; treating it as empty', { key });
        return undefined;
      }
      return value;
    });
  }

  set(key: string, value: string): Promise<void> {
    return this.serialized(key, async () => {
      const previous = await this.readManifest(key);
      const slot: Slot = previous?.slot === 'a' ? 'b' : 'a';
      // Leftovers of an interrupted earlier write into this slot must not trail the new chunks.
      await this.clearSlot(key, slot);
      const chunks = splitIntoChunks(value, this.maxChunkUnits);
      for (const [i, chunk] of chunks.entries()) {
        await this.call(key, () => this.entry(chunkName(key, slot, i)).setPassword(chunk));
      }
      const manifest: Manifest = { v: 1, slot, chunks: chunks.length, length: value.length, sha256: sha256(value) };
      await this.call(key, () => this.entry(key).setPassword(JSON.stringify(manifest)));
      if (previous) await this.clearSlot(key, previous.slot);
    });
  }

  delete(key: string): Promise<void> {
    return this.serialized(key, async () => {
      // Manifest first: from here on nothing points at the chunks being removed.
      await this.call(key, () => this.entry(key).deletePassword());
      await this.clearSlot(key, 'a');
      await this.clearSlot(key, 'b');
    });
  }

  /** Writes, reads back and deletes a probe item: a locked or absent keychain fails here. */
  async isAvailable(): Promise<boolean> {
    const probeKey = '__jit-vault-probe__';
    try {
      const probe = this.entryFactory(this.service, probeKey);
      await probe.setPassword('probe');
      const read = await probe.getPassword();
      await probe.deletePassword();
      this.reason = read === 'probe' ? undefined : 'The system keychain did not keep a test item.';
      return read === 'probe';
    } catch (error) {
      this.reason = describeKeychainFailure(error);
      this.logger?.warn('OS keychain not usable', { reason: errorName(error) });
      return false;
    }
  }

  unavailableReason(): string | undefined {
    return this.reason;
  }

  private entry(account: string): KeyringEntry {
    return this.entryFactory(this.service, account);
  }

  private async readManifest(key: string): Promise<Manifest | undefined> {
    const text = await this.call(key, () => this.entry(key).getPassword());
    if (text == null) return undefined;
    try {
      const parsed = JSON.parse(text) as Partial<Manifest>;
      if (parsed.v === 1 && (parsed.slot === 'a' || parsed.slot === 'b') && Number.isInteger(parsed.chunks) && typeof parsed.sha256 === 'string') {
        return parsed as Manifest;
      }
    } catch {
      // fall through: not our manifest
    }
    this.logger?.warn('keychain item has no valid manifest; treating it as empty', { key });
    return undefined;
  }

  private async clearSlot(key: string, slot: Slot): Promise<void> {
    for (let i = 0; ; i++) {
      const deleted = await this.call(key, () => this.entry(chunkName(key, slot, i)).deletePassword());
      if (!deleted) return;
    }
  }

  /**
   * Runs one native call; any failure of the keychain itself becomes SecretStoreUnavailableError.
   * A transient D-Bus failure (the Secret Service daemon dropped the call, e.g. while it restarts
   * or is being replaced at session start) is retried once: every call here is idempotent.
   */
  private async call<T>(key: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (first) {
      if (TRANSIENT_DBUS_ERROR.test(errorName(first))) {
        this.logger?.warn('keychain call dropped by the Secret Service; retrying once', { key });
        await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs));
        try {
          return await operation();
        } catch (second) {
          throw unavailable(key, second);
        }
      }
      throw unavailable(key, first);
    }
  }

  private serialized<T>(key: string, operation: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(operation, operation);
    const settled = next.catch(() => undefined);
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return next;
  }
}

/** Splits `value` into pieces of at most `max` UTF-16 code units, never between a surrogate pair. */
export function splitIntoChunks(value: string, max: number): string[] {
  if (value.length === 0) return [''];
  const chunks: string[] = [];
  let start = 0;
  while (start < value.length) {
    let end = Math.min(start + max, value.length);
    const last = value.charCodeAt(end - 1);
    // A high surrogate at the cut would be split from its low half: invalid UTF-16 in both chunks.
    if (end < value.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    chunks.push(value.slice(start, end));
    start = end;
  }
  return chunks;
}

/** D-Bus errors of a daemon that went away mid-call, not of a missing or locked keychain. */
const TRANSIENT_DBUS_ERROR = /disconnected from message bus|NoReply|did not receive a reply/i;

function unavailable(key: string, error: unknown): SecretStoreUnavailableError {
  // keyring errors carry backend names and D-Bus messages, never the stored value.
  return new SecretStoreUnavailableError(`The OS keychain could not be used for "${key}" (${errorName(error)}).`, { cause: error });
}

function chunkName(key: string, slot: Slot, index: number): string {
  return `${key}#${slot}${index}`;
}

function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

function errorName(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    // The D-Bus/Credential Manager message names the failure ("Couldn't access platform storage"),
    // never a stored value; keep it short for the log.
    return `${typeof code === 'string' ? code : error.name}: ${error.message.slice(0, 160)}`;
  }
  return 'unknown';
}
