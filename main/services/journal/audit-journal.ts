import { mkdir, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { AuditEntry, AuditLog } from '../ports/audit-log.js';
import type { SecretStore } from '../ports/secret-store.js';
import { GENESIS_HASH, sanitizeEntry, unknownFields, type JournalRecord } from './journal-entry.js';
import { JournalSeal, keyedChainHash } from './journal-seal.js';
import { allLegacy, legacyChainHead, legacyFiles, moveToLegacy } from './journal-legacy.js';
import { verifyChain, type ChainLine, type JournalVerification } from './journal-verification.js';

export type { JournalRecord } from './journal-entry.js';
export { describeVerification, type JournalProblem, type JournalVerification } from './journal-verification.js';

/** Dependencies and limits of `AuditJournal`. */
export interface AuditJournalDeps {
  /** Directory of the journal files (created with mode 0700). */
  dir: string;
  clock: Clock;
  /** The OS keychain: holds the chain's HMAC key and the anchor of its head (journal-seal.ts). */
  keychain: SecretStore;
  /** Start a new file before a line would make the current one larger than this. Default 4 MiB. */
  maxBytes?: number;
  /** Oldest files deleted beyond this many; default: keep all. */
  maxFiles?: number;
  /** Told (field NAMES only) when an entry carried fields outside the schema. */
  logger?: Logger;
}

const FILE_PATTERN = /^audit-(\d{6})\.jsonl$/;
const fileName = (index: number) => `audit-${String(index).padStart(6, '0')}.jsonl`;

/**
 * The local, append-only audit journal (JSON Lines). Each line carries `seq` (1, 2, 3, ... across
 * files), `time`, the whitelisted entry fields, `prevHash` and `hash` = HMAC-SHA256(key, prevHash +
 * canonical JSON of the line's other fields) with a key held in the OS keychain. After each line the
 * head (count + last hash) is anchored in the keychain too. So an edited, inserted or deleted line
 * breaks the chain, and a cut tail, a deleted file or a wholesale rewrite no longer matches the
 * anchor (`verify()`, journal-verification.ts). Files rotate by size (`audit-000001.jsonl`, ...); a
 * new file's first line carries the previous file's last hash, so the chain runs across files.
 *
 * Limits (documented, not hidden): malware running as the user can read the keychain item and so
 * forge a consistent journal; the chain raises the bar from "edit a text file" to "steal a keychain
 * secret". Entra's own PIM audit log stays the authoritative record.
 *
 * Appends are serialised through one promise queue: concurrent callers keep their call order.
 */
export class AuditJournal implements AuditLog {
  private queue: Promise<void> = Promise.resolve();
  private state: { index: number; size: number; lastHash: string; seq: number; needsNewline: boolean; base: { seq: number; prevHash: string } } | undefined;
  private readonly maxBytes: number;
  private readonly seal: JournalSeal;
  private migrated: Promise<void> | undefined;

  constructor(private readonly deps: AuditJournalDeps) {
    this.maxBytes = deps.maxBytes ?? 4 * 1024 * 1024;
    this.seal = new JournalSeal({ keychain: deps.keychain, dir: deps.dir, logger: deps.logger });
  }

  /**
   * Appends one entry (validated, unknown fields dropped). Resolves when the line is on disk; rejects
   * (never throws synchronously) for an action/outcome outside the schema or a write failure.
   */
  append(entry: AuditEntry): Promise<void> {
    // Validate before queueing so a bad entry fails its caller (as a rejection), not the queue.
    let clean: AuditEntry;
    try {
      clean = sanitizeEntry(entry);
    } catch (error) {
      return Promise.reject(error);
    }
    const dropped = unknownFields(entry);
    if (dropped.length > 0) this.deps.logger?.warn('Audit journal dropped fields outside its schema', { fields: dropped.join(',') });
    const time = new Date(this.deps.clock.now()).toISOString();
    const run = this.queue.then(() => this.write({ time, ...clean }));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * The last `limit` records (all when omitted) that `where` keeps (all when omitted), oldest first.
   * Unparseable lines are skipped (see `verify`). Files are read newest first only until `limit`
   * kept records are found, so a filter that keeps few still answers with up to `limit`.
   */
  async read(limit?: number, where?: (record: JournalRecord) => boolean): Promise<JournalRecord[]> {
    await this.queue;
    const files = await this.files();
    const result: JournalRecord[] = [];
    for (let i = files.length - 1; i >= 0; i--) {
      const records = parseLines(await readFile(path.join(this.deps.dir, files[i]!), 'utf8'))
        .map((line) => line.record)
        .filter((record): record is JournalRecord => record !== undefined && (where === undefined || where(record)));
      result.unshift(...records);
      if (limit !== undefined && result.length >= limit) break;
    }
    // Entries written before the keyed chain (journal-legacy.ts) are history too.
    if (limit === undefined || result.length < limit) {
      for (const { text } of (await legacyFiles(this.deps.dir, FILE_PATTERN)).reverse()) {
        result.unshift(...parseLines(text).flatMap((line) => (line.record ? [line.record] : [])));
      }
    }
    return limit === undefined ? result : result.slice(Math.max(0, result.length - limit));
  }

  /**
   * Walks every line of every file and checks the keyed chain against the keychain anchor; reports
   * edits, gaps, a cut tail, deleted files and rewrites (see journal-verification.ts).
   */
  async verify(): Promise<JournalVerification> {
    await this.queue;
    await this.migrateLegacyOnce();
    const legacy = await this.verifyLegacy();
    if (legacy) return legacy;
    const lines: ChainLine[] = [];
    for (const name of await this.files()) {
      const file = path.join(this.deps.dir, name);
      for (const [n, line] of parseLines(await readFile(file, 'utf8')).entries()) lines.push({ file, line: n + 1, ...line });
    }
    return verifyChain(lines, await this.seal.key(), await this.seal.anchor());
  }

  private async write(body: Record<string, string>): Promise<void> {
    const state = await this.head();
    const { key } = await this.seal.key();
    const seq = state.seq + 1;
    const fields = { seq, ...body };
    const record = { ...fields, prevHash: state.lastHash, hash: keyedChainHash(key, state.lastHash, fields) };
    let line = `${JSON.stringify(record)}\n`;
    if (state.size > 0 && state.size + Buffer.byteLength(line) > this.maxBytes) {
      state.index++;
      state.size = 0;
      state.needsNewline = false;
      await this.prune(state.index, state);
    }
    // A torn last line (crash mid-write) stays isolated on its own line; verify() will report it.
    if (state.needsNewline) line = `\n${line}`;
    try {
      const handle = await open(path.join(this.deps.dir, fileName(state.index)), 'a', 0o600);
      try {
        // `mode` above only applies when the file is created; tighten a file someone loosened.
        await handle.chmod(0o600);
        await handle.appendFile(line, 'utf8');
        await handle.datasync();
      } finally {
        await handle.close();
      }
    } catch (error) {
      // The file may now end in a torn line: re-read the head before the next append.
      this.state = undefined;
      throw error;
    }
    state.size += Buffer.byteLength(line);
    state.lastHash = record.hash;
    state.seq = seq;
    state.needsNewline = false;
    await this.seal.setAnchor({ count: seq, lastHash: record.hash, base: state.base });
  }

  /**
   * The chain head, re-read when another process (the `jit-vault` command line, or the app while
   * the CLI writes) appended since: the current file's size on disk then differs from ours.
   */
  private async head(): Promise<NonNullable<AuditJournal['state']>> {
    if (this.state) {
      const onDisk = await stat(path.join(this.deps.dir, fileName(this.state.index))).then(
        (s) => s.size,
        () => -1,
      );
      const newer = (await this.files()).at(-1);
      if (onDisk === this.state.size && (newer === undefined || newer === fileName(this.state.index))) return this.state;
    }
    return this.open();
  }

  /** Finds the current file and the chain head on first use (and after another process appended). */
  private async open(): Promise<NonNullable<AuditJournal['state']>> {
    await mkdir(this.deps.dir, { recursive: true, mode: 0o700 });
    await this.migrateLegacyOnce();
    const files = await this.files();
    // Where the chain on disk starts: as anchored (past pruned files), else the beginning.
    const base = (await this.seal.anchor())?.base ?? { seq: 1, prevHash: GENESIS_HASH };
    let state = { index: 1, size: 0, lastHash: base.prevHash, seq: base.seq - 1, needsNewline: false, base };
    // Walk back to the newest file that holds a parseable line: its last good hash is the chain head.
    for (let i = files.length - 1; i >= 0; i--) {
      const name = files[i]!;
      const full = path.join(this.deps.dir, name);
      const text = await readFile(full, 'utf8');
      const index = Number(FILE_PATTERN.exec(name)![1]);
      if (i === files.length - 1) {
        state = { ...state, index, size: (await stat(full)).size, needsNewline: text.length > 0 && !text.endsWith('\n') };
      }
      const last = parseLines(text)
        .map((line) => line.record)
        .filter((record) => record !== undefined)
        .pop();
      if (last) {
        state.lastHash = last.hash;
        if (typeof last.seq === 'number') state.seq = last.seq;
        break;
      }
    }
    this.state = state;
    return state;
  }

  /**
   * Deletes files beyond `maxFiles`. The chain's new start (first kept line's sequence number and
   * previous hash) goes into the anchor, so verify starts there — not from whatever the oldest
   * remaining file claims.
   */
  private async prune(newIndex: number, state: NonNullable<AuditJournal['state']>): Promise<void> {
    const max = this.deps.maxFiles;
    if (max === undefined || max < 1) return;
    const files = await this.files();
    const kept = files.filter((name) => Number(FILE_PATTERN.exec(name)![1]) > newIndex - max);
    if (kept.length === files.length) return;
    const firstKept = kept[0] ? parseLines(await readFile(path.join(this.deps.dir, kept[0]), 'utf8'))[0]?.record : undefined;
    state.base = firstKept && typeof firstKept.seq === 'number' ? { seq: firstKept.seq, prevHash: firstKept.prevHash } : { seq: state.seq + 1, prevHash: state.lastHash };
    await this.seal.setAnchor({ count: state.seq, lastHash: state.lastHash, base: state.base });
    for (const name of files) if (!kept.includes(name)) await rm(path.join(this.deps.dir, name), { force: true });
  }

  private migrateLegacyOnce(): Promise<void> {
    this.migrated ??= this.migrateLegacy().catch((error: unknown) => {
      this.deps.logger?.warn('Audit journal: the entries written before the keyed chain could not be moved aside', { error: error instanceof Error ? error.name : 'unknown' });
    });
    return this.migrated;
  }

  /**
   * A journal written before the keyed chain (journal-legacy.ts): only when the keychain never held
   * a key for it (made just now, no anchor) and its unkeyed chain is intact — its files move aside
   * and the keyed chain continues from its last hash, anchored in the keychain.
   */
  private async migrateLegacy(): Promise<void> {
    const files = await this.files();
    if (files.length === 0 || (await this.seal.key()).origin !== 'created' || (await this.seal.anchor())) return;
    const lines = (await Promise.all(files.map(async (name) => parseLines(await readFile(path.join(this.deps.dir, name), 'utf8'))))).flat();
    if (!allLegacy(lines)) return;
    const chain = legacyChainHead(lines);
    if (!('head' in chain)) return; // broken: left where it is, and verify reports it
    await moveToLegacy(this.deps.dir, files);
    await this.seal.setAnchor({ count: 0, lastHash: chain.head, base: { seq: 1, prevHash: chain.head } });
    this.deps.logger?.info('Audit journal: entries written before the keyed chain were moved aside and sealed', { lines: lines.length });
  }

  /** The moved-aside files must still lead to the hash the keyed chain starts from; else they were changed. */
  private async verifyLegacy(): Promise<JournalVerification | undefined> {
    const moved = await legacyFiles(this.deps.dir, FILE_PATTERN);
    if (moved.length === 0) return undefined;
    const lines = moved.flatMap(({ file, text }) => parseLines(text).map((line, n) => ({ file, line: n + 1, ...line })));
    const chain = legacyChainHead(lines);
    const anchor = await this.seal.anchor();
    if ('head' in chain && anchor?.base.seq === 1 && anchor.base.prevHash === chain.head) return undefined;
    if ('head' in chain) return { ok: false, reason: 'rewritten', lines: lines.length };
    const at = lines[chain.brokenAt]!;
    return { ok: false, reason: 'hash-mismatch', brokenAt: chain.brokenAt, file: at.file, line: at.line, lines: chain.brokenAt };
  }

  private async files(): Promise<string[]> {
    try {
      return (await readdir(this.deps.dir)).filter((name) => FILE_PATTERN.test(name)).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }
}

type ParsedLine = Pick<ChainLine, 'raw' | 'record'>;

/** Splits a file into lines (a final empty line is not a line) and parses each; bad JSON → no record. */
function parseLines(text: string): ParsedLine[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => {
    try {
      const raw = JSON.parse(line) as unknown;
      if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
        const r = raw as Record<string, unknown>;
        if (typeof r.hash === 'string' && typeof r.prevHash === 'string' && typeof r.time === 'string') return { raw: r, record: r as unknown as JournalRecord };
      }
      return { raw: {}, record: undefined };
    } catch {
      return { raw: {}, record: undefined };
    }
  });
}
