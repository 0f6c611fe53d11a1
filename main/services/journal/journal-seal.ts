import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Logger } from '../ports/logger.js';
import type { SecretStore } from '../ports/secret-store.js';
import { canonicalJson } from './journal-entry.js';

/**
 * What the journal keeps OUTSIDE its own files, in the OS keychain: the HMAC key of the chain and
 * the anchor of its head. A same-user process can rewrite the journal files, but without the key it
 * cannot produce lines that verify, and whatever it does to the files (cut the tail, delete a file,
 * replace everything) no longer matches the anchor.
 */
export interface JournalAnchor {
  /** Sequence number of the last line written. */
  count: number;
  /** Hash of that line. */
  lastHash: string;
  /** Where the chain on disk starts: 1 and the genesis hash, or past the files pruned by `maxFiles`. */
  base: { seq: number; prevHash: string };
}

/** The chain's key as loaded: from the keychain, freshly made there, or memory-only (no keychain). */
export interface JournalKey {
  key: Buffer;
  origin: 'keychain' | 'created' | 'memory-only';
}

/**
 * The line's hash: HMAC-SHA256 with the journal key over `prevHash` and the canonical JSON of the
 * line's other fields (sequence number and time included).
 */
export function keyedChainHash(key: Buffer, prevHash: string, body: Record<string, unknown>): string {
  const { prevHash: _p, hash: _h, ...rest } = body;
  return createHmac('sha256', key).update(prevHash).update(canonicalJson(rest)).digest('hex');
}

/** Keychain access for one journal directory (names carry a digest of the path, so relocated profiles do not collide). */
export class JournalSeal {
  private keyPromise: Promise<JournalKey> | undefined;
  private memoryAnchor: JournalAnchor | undefined;
  private readonly names: { key: string; anchor: string };

  constructor(
    private readonly deps: { keychain: SecretStore; dir: string; logger?: Logger | undefined },
  ) {
    const id = createHash('sha256').update(deps.dir).digest('hex').slice(0, 16);
    this.names = { key: `audit-journal|${id}|key`, anchor: `audit-journal|${id}|anchor` };
  }

  /** The key (loaded once). Without a keychain: a key for this run only, and the journal says it cannot vouch for earlier runs. */
  key(): Promise<JournalKey> {
    this.keyPromise ??= this.loadKey();
    return this.keyPromise;
  }

  /** The anchor, or undefined when none was ever written (or the keychain is gone). */
  async anchor(): Promise<JournalAnchor | undefined> {
    if ((await this.key()).origin === 'memory-only') return this.memoryAnchor;
    try {
      const text = await this.deps.keychain.get(this.names.anchor);
      if (!text) return undefined;
      const parsed = JSON.parse(text) as JournalAnchor;
      if (!Number.isInteger(parsed.count) || typeof parsed.lastHash !== 'string' || !parsed.base || !Number.isInteger(parsed.base.seq) || typeof parsed.base.prevHash !== 'string') return undefined;
      return parsed;
    } catch (error) {
      this.deps.logger?.warn('Audit journal anchor could not be read', { error: error instanceof Error ? error.name : 'unknown' });
      return undefined;
    }
  }

  /**
   * Records the new head. A failed write is logged, not thrown: the line is already on disk, and an
   * anchor that lags behind the files is harmless (verify accepts lines past it when the line at
   * the anchor still matches).
   */
  async setAnchor(anchor: JournalAnchor): Promise<void> {
    if ((await this.key()).origin === 'memory-only') {
      this.memoryAnchor = anchor;
      return;
    }
    try {
      await this.deps.keychain.set(this.names.anchor, JSON.stringify(anchor));
    } catch (error) {
      this.deps.logger?.warn('Audit journal anchor could not be saved', { error: error instanceof Error ? error.name : 'unknown' });
    }
  }

  private async loadKey(): Promise<JournalKey> {
    try {
      const stored = await this.deps.keychain.get(this.names.key);
      if (stored && /^[0-9a-f]{64}$/.test(stored)) return { key: Buffer.from(stored, 'hex'), origin: 'keychain' };
      const key = randomBytes(32);
      await this.deps.keychain.set(this.names.key, key.toString('hex'));
      return { key, origin: 'created' };
    } catch (error) {
      this.deps.logger?.warn('Audit journal key is memory-only (no keychain)', { error: error instanceof Error ? error.name : 'unknown' });
      return { key: randomBytes(32), origin: 'memory-only' };
    }
  }
}
