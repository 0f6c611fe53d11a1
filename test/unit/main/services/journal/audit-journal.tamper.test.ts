import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../../helpers/fakes/secret-store.fake.js';
import { AuditJournal, describeVerification } from '../../../../../main/services/journal/audit-journal.js';
import type { AuditEntry as JournalEntry } from '../../../../../main/services/ports/audit-log.js';
import { GENESIS_HASH, canonicalJson, type JournalRecord } from '../../../../../main/services/journal/journal-entry.js';
import { keyedChainHash } from '../../../../../main/services/journal/journal-seal.js';
import { verifyChain, type ChainLine } from '../../../../../main/services/journal/journal-verification.js';
import { ManualClock } from '../../../../helpers/manual-clock.js';

let dir: string;
let clock: ManualClock;
let keychain: MemorySecretStore;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'jit-journal-tamper-'));
  clock = new ManualClock(Date.UTC(2025, 0, 6, 9, 0, 0));
  keychain = new MemorySecretStore();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const files = () => readdirSync(dir).filter((name) => name.endsWith('.jsonl')).sort();
const lines = (name: string) => readFileSync(path.join(dir, name), 'utf8').split('\n').filter(Boolean);
const entry = (n: number): JournalEntry => ({ action: 'copy', outcome: 'ok', account: 'alex@contoso-it.example', vault: 'kv-contoso-servers', secretName: `secret-${n}` });
/** A journal as the next start of the app sees it (same directory, same keychain). */
const restarted = () => new AuditJournal({ dir, clock, keychain });

async function write(count: number, options: { maxBytes?: number; maxFiles?: number } = {}): Promise<void> {
  const journal = new AuditJournal({ dir, clock, keychain, ...options });
  for (let i = 0; i < count; i++) await journal.append(entry(i));
}

/** Rewrites the journal as someone without the key would: a consistent plain SHA-256 chain with seq numbers. */
function forgeChain(count: number): void {
  let prev = GENESIS_HASH;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const body = { seq: i + 1, time: '2025-01-06T09:00:00.000Z', action: 'copy', outcome: 'ok', secretName: `forged-${i}` };
    const hash = createHash('sha256').update(prev).update(canonicalJson(body)).digest('hex');
    out.push(JSON.stringify({ ...body, prevHash: prev, hash }));
    prev = hash;
  }
  for (const name of files()) unlinkSync(path.join(dir, name));
  writeFileSync(path.join(dir, 'audit-000001.jsonl'), `${out.join('\n')}\n`);
}

describe('AuditJournal shows truncation and rewrite (keyed chain + keychain anchor)', () => {
  it('a cut tail is reported as truncated, with how many entries are missing', async () => {
    await write(5);
    const [name] = files();
    writeFileSync(path.join(dir, name!), `${lines(name!).slice(0, 3).join('\n')}\n`);
    const result = await restarted().verify();
    expect(result).toEqual({ ok: false, reason: 'truncated', lines: 3, expectedLines: 5 });
    expect(describeVerification(result)).toMatch(/cut short: 3 of 5 entries remain/);
  });

  it('every file deleted is reported as truncated, not as an empty journal', async () => {
    await write(3);
    for (const name of files()) unlinkSync(path.join(dir, name));
    await expect(restarted().verify()).resolves.toMatchObject({ ok: false, reason: 'truncated', lines: 0 });
  });

  it('the first file deleted: verify does not start from the hash the second file claims', async () => {
    await write(12, { maxBytes: 700 });
    expect(files().length).toBeGreaterThanOrEqual(3);
    unlinkSync(path.join(dir, files()[0]!));
    await expect(restarted().verify()).resolves.toMatchObject({ ok: false, brokenAt: 0, reason: 'truncated' });
  });

  it('a wholesale rewrite with a recomputed (unkeyed) chain is reported', async () => {
    await write(4);
    forgeChain(4);
    await expect(restarted().verify()).resolves.toMatchObject({ ok: false, brokenAt: 0, reason: 'hash-mismatch' });
  });

  it('a rewrite by someone holding the key but not the anchor is reported as rewritten', () => {
    // Two consistent keyed chains of three lines; the anchor recorded the first one's head.
    const key = { key: Buffer.alloc(32, 7), origin: 'keychain' as const };
    const chain = (tag: string): ChainLine[] => {
      let prev = GENESIS_HASH;
      return [1, 2, 3].map((seq) => {
        const body = { seq, time: '2025-01-06T09:00:00.000Z', action: 'copy', outcome: 'ok', secretName: `${tag}-${seq}` };
        const hash = keyedChainHash(key.key, prev, body);
        const raw = { ...body, prevHash: prev, hash };
        prev = hash;
        return { file: 'audit-000001.jsonl', line: seq, raw, record: raw as unknown as JournalRecord };
      });
    };
    const original = chain('real');
    const anchor = { count: 3, lastHash: original[2]!.record!.hash, base: { seq: 1, prevHash: GENESIS_HASH } };
    expect(verifyChain(original, key, anchor)).toEqual({ ok: true, lines: 3 });
    expect(verifyChain(chain('forged'), key, anchor)).toEqual({ ok: false, reason: 'rewritten', lines: 3 });
    // Without the anchor, a chain that starts past sequence 1 is a gap, whatever hash it starts from.
    expect(verifyChain(original.slice(1), key, undefined)).toMatchObject({ ok: false, brokenAt: 0, reason: 'sequence-gap' });
  });

  it('lines with no anchor in the keychain (planted, or the keychain was reset) are reported', async () => {
    await write(2);
    const fresh = new MemorySecretStore();
    const result = await new AuditJournal({ dir, clock, keychain: fresh }).verify();
    expect(result).toMatchObject({ ok: false, reason: 'key-missing' });
    expect(describeVerification(result)).toMatch(/key it was written with is no longer in the keychain/);
  });

  it('an intact journal verifies after restarts, and a restart continues the sequence', async () => {
    await write(2);
    await write(2);
    const journal = restarted();
    await expect(journal.verify()).resolves.toEqual({ ok: true, lines: 4 });
    expect((await journal.read()).map((r) => r.seq)).toEqual([1, 2, 3, 4]);
  });

  it('pruning moves the anchored start: the kept files verify, removing one of them does not', async () => {
    await write(15, { maxBytes: 700, maxFiles: 2 });
    await expect(restarted().verify()).resolves.toMatchObject({ ok: true });
    unlinkSync(path.join(dir, files()[0]!));
    await expect(restarted().verify()).resolves.toMatchObject({ ok: false, reason: 'truncated' });
  });
});
