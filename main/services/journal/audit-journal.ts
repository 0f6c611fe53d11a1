import { mkdir, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { AuditEntry, AuditLog } from '../ports/audit-log.js';
import { GENESIS_HASH, chainHash, sanitizeEntry, unknownFields, type JournalRecord } from './journal-entry.js';

export type { JournalRecord } from './journal-entry.js';

/** Dependencies and limits of `AuditJournal`. */
export interface AuditJournalDeps {
  /** Directory of the journal files (created with mode 0700). */
  dir: string;
  clock: Clock;
  /** Start a new file before a line would make the current one larger than this. Default 4 MiB. */
  maxBytes?: number;
  /** Oldest files deleted beyond this many; default: keep all. */
  maxFiles?: number;
  /** Told (field NAMES only) when an entry carried fields outside the schema. */
  logger?: Logger;
}

/** Result of `verify()`. `brokenAt` is the 0-based index of the first bad line across all files. */
export interface JournalVerification {
  ok: boolean;
  brokenAt?: number;
  /** File and 1-based line of the first bad line, for a human. */
  file?: string;
  line?: number;
  reason?: 'unreadable' | 'prev-hash-mismatch' | 'hash-mismatch';
  /** Lines checked. */
  lines: number;
}

const FILE_PATTERN = /^audit-(\d{6})\.jsonl$/;
const fileName = (index: number) => `audit-${String(index).padStart(6, '0')}.jsonl`;

/**
 * The local, append-only audit journal (JSON Lines). Each line carries `time`, the whitelisted entry
 * fields, `prevHash` and `hash` = SHA-256(prevHash + canonical JSON of the line's other fields), so an
 * edited, inserted or deleted line breaks the chain at that point (`verify()`). Files rotate by size
 * (`audit-000001.jsonl`, `audit-000002.jsonl`, ...); a new file's first line carries the previous
 * file's last hash, so the chain runs across files.
 *
 * Limits (documented, not hidden): a hash chain kept next to the data shows edits but not a cut-off
 * tail or a whole rewrite by someone who recomputes every hash; it is a tamper-evident local record
 * for the user and helpdesk, while Entra's own PIM audit log stays the authoritative one.
 *
 * Appends are serialised through one promise queue: concurrent callers keep their call order.
 */
export class AuditJournal implements AuditLog {
  private queue: Promise<void> = Promise.resolve();
  private state: { index: number; size: number; lastHash: string; needsNewline: boolean } | undefined;
  private readonly maxBytes: number;

  constructor(private readonly deps: AuditJournalDeps) {
    this.maxBytes = deps.maxBytes ?? 4 * 1024 * 1024;
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

  /** The last `limit` records (all when omitted), oldest first. Unparseable lines are skipped (see `verify`). */
  async read(limit?: number): Promise<JournalRecord[]> {
    await this.queue;
    const files = await this.files();
    const result: JournalRecord[] = [];
    for (let i = files.length - 1; i >= 0; i--) {
      const records = parseLines(await readFile(path.join(this.deps.dir, files[i]!), 'utf8'))
        .map((line) => line.record)
        .filter((record): record is JournalRecord => record !== undefined);
      result.unshift(...records);
      if (limit !== undefined && result.length >= limit) break;
    }
    return limit === undefined ? result : result.slice(Math.max(0, result.length - limit));
  }

  /**
   * Walks every line of every file and checks the chain. The oldest file's first `prevHash` must be
   * the genesis hash when it is file 1; when older files were pruned (`maxFiles`) it is the anchor.
   */
  async verify(): Promise<JournalVerification> {
    await this.queue;
    const files = await this.files();
    let expectedPrev: string | undefined;
    let index = 0;
    for (const name of files) {
      const fileIndex = Number(FILE_PATTERN.exec(name)![1]);
      const lines = parseLines(await readFile(path.join(this.deps.dir, name), 'utf8'));
      for (const [lineNo, line] of lines.entries()) {
        const broken = (reason: JournalVerification['reason']): JournalVerification => ({
          ok: false,
          brokenAt: index,
          file: path.join(this.deps.dir, name),
          line: lineNo + 1,
          reason,
          lines: index,
        });
        if (!line.record) return broken('unreadable');
        if (expectedPrev === undefined) expectedPrev = fileIndex === 1 ? GENESIS_HASH : line.record.prevHash;
        if (line.record.prevHash !== expectedPrev) return broken('prev-hash-mismatch');
        if (chainHash(line.record.prevHash, line.raw) !== line.record.hash) return broken('hash-mismatch');
        expectedPrev = line.record.hash;
        index++;
      }
    }
    return { ok: true, lines: index };
  }

  private async write(body: Record<string, string>): Promise<void> {
    const state = this.state ?? (await this.open());
    const record = { ...body, prevHash: state.lastHash, hash: chainHash(state.lastHash, body) };
    let line = `${JSON.stringify(record)}\n`;
    if (state.size > 0 && state.size + Buffer.byteLength(line) > this.maxBytes) {
      state.index++;
      state.size = 0;
      state.needsNewline = false;
      await this.prune(state.index);
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
    state.needsNewline = false;
  }

  /** Finds the current file and the chain head on first use. */
  private async open(): Promise<NonNullable<AuditJournal['state']>> {
    await mkdir(this.deps.dir, { recursive: true, mode: 0o700 });
    const files = await this.files();
    let state = { index: 1, size: 0, lastHash: GENESIS_HASH, needsNewline: false };
    // Walk back to the newest file that holds a parseable line: its last good hash is the chain head.
    for (let i = files.length - 1; i >= 0; i--) {
      const name = files[i]!;
      const full = path.join(this.deps.dir, name);
      const text = await readFile(full, 'utf8');
      const index = Number(FILE_PATTERN.exec(name)![1]);
      if (i === files.length - 1) {
        state = { index, size: (await stat(full)).size, lastHash: GENESIS_HASH, needsNewline: text.length > 0 && !text.endsWith('\n') };
      }
      const last = parseLines(text)
        .map((line) => line.record)
        .filter((record) => record !== undefined)
        .pop();
      if (last) {
        state.lastHash = last.hash;
        break;
      }
    }
    this.state = state;
    return state;
  }

  private async prune(newIndex: number): Promise<void> {
    const max = this.deps.maxFiles;
    if (max === undefined || max < 1) return;
    for (const name of await this.files()) {
      if (Number(FILE_PATTERN.exec(name)![1]) <= newIndex - max) await rm(path.join(this.deps.dir, name), { force: true });
    }
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

interface ParsedLine {
  raw: Record<string, unknown>;
  record: JournalRecord | undefined;
}

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
