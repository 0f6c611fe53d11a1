import { GENESIS_HASH, type JournalRecord } from './journal-entry.js';
import { keyedChainHash, type JournalAnchor, type JournalKey } from './journal-seal.js';

/** Why the journal cannot be vouched for. */
export type JournalProblem =
  /** A line is not JSON or lacks its chain fields. */
  | 'unreadable'
  /** A line's sequence number is not the one after the previous line (a line or a file removed or inserted). */
  | 'sequence-gap'
  /** A line does not follow the previous line's hash. */
  | 'prev-hash-mismatch'
  /** A line's keyed hash is wrong: it was edited, or written without the key. */
  | 'hash-mismatch'
  /** Fewer lines than the keychain anchor recorded: the tail (or every file) was removed. */
  | 'truncated'
  /** The line the anchor points at is not the one recorded: the journal was replaced. */
  | 'rewritten'
  /** Lines exist but the keychain holds no anchor for them (keychain reset, or files planted). */
  | 'anchor-missing'
  /** Lines exist but the keychain no longer holds the key they were written with. */
  | 'key-missing'
  /** No keychain this run: earlier lines cannot be checked. */
  | 'unverifiable';

/** Result of `AuditJournal.verify()`. `brokenAt` is the 0-based index of the first bad line across all files. */
export interface JournalVerification {
  ok: boolean;
  brokenAt?: number;
  /** File and 1-based line of the first bad line, for a human. */
  file?: string;
  line?: number;
  reason?: JournalProblem;
  /** Lines checked. */
  lines: number;
  /** With 'truncated': how many lines the anchor recorded. */
  expectedLines?: number;
}

/** One parsed line of a journal file. */
export interface ChainLine {
  file: string;
  line: number;
  raw: Record<string, unknown>;
  record: JournalRecord | undefined;
}

/**
 * Checks the chain of `lines` (oldest first, across files) with `key` against `anchor`:
 * - every line verifies with the keyed hash, follows the previous line's hash, and carries the next
 *   sequence number;
 * - the chain starts where the anchor says (sequence 1 from the genesis hash, or the base recorded
 *   when old files were pruned) — never from whatever hash the oldest remaining line claims;
 * - the line at the anchor's count has the anchor's hash (else rewritten), and it exists (else truncated).
 * Lines after the anchor are accepted: the anchor is written just after each line and may lag a crash.
 */
export function verifyChain(lines: readonly ChainLine[], key: JournalKey, anchor: JournalAnchor | undefined): JournalVerification {
  if (lines.length > 0 && key.origin === 'memory-only') return { ok: false, reason: 'unverifiable', lines: 0 };
  // A key made this run with no anchor: the lines on disk were written with a key the keychain lost.
  if (lines.length > 0 && key.origin === 'created' && !anchor) return { ok: false, reason: 'key-missing', lines: 0 };
  const base = anchor?.base ?? { seq: 1, prevHash: GENESIS_HASH };
  let expectedSeq = base.seq;
  let expectedPrev = base.prevHash;
  let anchoredHash: string | undefined;
  for (const [index, line] of lines.entries()) {
    const broken = (reason: JournalProblem): JournalVerification => ({ ok: false, brokenAt: index, file: line.file, line: line.line, reason, lines: index });
    const record = line.record;
    if (!record || typeof record.seq !== 'number') return broken('unreadable');
    if (record.seq !== expectedSeq) return broken(anchor && index === 0 && record.seq > expectedSeq ? 'truncated' : 'sequence-gap');
    if (record.prevHash !== expectedPrev) return broken('prev-hash-mismatch');
    if (keyedChainHash(key.key, record.prevHash, line.raw) !== record.hash) return broken('hash-mismatch');
    if (anchor && record.seq === anchor.count) anchoredHash = record.hash;
    expectedPrev = record.hash;
    expectedSeq++;
  }
  const count = lines.length;
  if (!anchor) return count === 0 ? { ok: true, lines: 0 } : { ok: false, reason: 'anchor-missing', lines: count };
  const lastSeq = expectedSeq - 1;
  if (lastSeq < anchor.count) return { ok: false, reason: 'truncated', lines: count, expectedLines: anchor.count - base.seq + 1 };
  if (anchor.count >= base.seq && anchoredHash !== anchor.lastHash) return { ok: false, reason: 'rewritten', lines: count };
  return { ok: true, lines: count };
}

/** The verification in plain words for the user (and the log), with what to do. */
export function describeVerification(result: JournalVerification): string {
  const where = result.file ? ` (${result.file}, line ${result.line})` : '';
  const tell = 'Tell your IT administrator; Entra’s PIM audit log still holds the authoritative record of your activations.';
  switch (result.reason) {
    case undefined:
      return `The audit journal is intact (${result.lines} entries).`;
    case 'truncated':
      return `The audit journal has been cut short: ${result.lines} of ${result.expectedLines ?? 'the recorded'} entries remain${where}. ${tell}`;
    case 'rewritten':
      return `The audit journal has been replaced or rewritten since JIT Vault last wrote it. ${tell}`;
    case 'anchor-missing':
      return `The audit journal cannot be confirmed complete: the keychain holds no record of it (the keychain was reset, or the files were put there by someone else). ${tell}`;
    case 'key-missing':
      return `The audit journal cannot be checked: the key it was written with is no longer in the keychain. ${tell}`;
    case 'unverifiable':
      return 'The audit journal cannot be checked in this session because no OS keychain is available.';
    default:
      return `The audit journal has been changed${where}: ${REASON_WORDS[result.reason]}. ${tell}`;
  }
}

const REASON_WORDS: Record<'unreadable' | 'sequence-gap' | 'prev-hash-mismatch' | 'hash-mismatch', string> = {
  unreadable: 'a line is not a journal entry',
  'sequence-gap': 'entries are missing or were inserted',
  'prev-hash-mismatch': 'an entry was removed or moved',
  'hash-mismatch': 'an entry was edited',
};
