import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditJournal } from '../../../../../main/services/journal/audit-journal.js';
import { GENESIS_HASH } from '../../../../../main/services/journal/journal-entry.js';
import { LEGACY_DIR, legacyChainHash } from '../../../../../main/services/journal/journal-legacy.js';
import { MemorySecretStore } from '../../../../helpers/fakes/secret-store.fake.js';
import { ManualClock } from '../../../../helpers/manual-clock.js';

let dir: string;
let clock: ManualClock;
let keychain: MemorySecretStore;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'jit-journal-legacy-'));
  clock = new ManualClock(Date.UTC(2025, 0, 6, 9, 0, 0));
  keychain = new MemorySecretStore();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const journal = () => new AuditJournal({ dir, clock, keychain });

/** A journal exactly as round 1 wrote it: no seq, unkeyed SHA-256 chain from the genesis hash, nothing in the keychain. */
function writeRoundOneJournal(count: number): void {
  let prev = GENESIS_HASH;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const body = { time: `2024-12-0${i + 1}T09:00:00.000Z`, action: 'copy', outcome: 'ok', vault: 'kv-contoso-servers', secretName: `old-${i}` };
    const hash = legacyChainHash(prev, body);
    out.push(JSON.stringify({ ...body, prevHash: prev, hash }));
    prev = hash;
  }
  writeFileSync(path.join(dir, 'audit-000001.jsonl'), `${out.join('\n')}\n`);
}

describe('AuditJournal: a journal written before the keyed chain is migrated, not reported as "key missing"', () => {
  it('an intact round-1 journal verifies on first start, moves aside unchanged, and the keyed chain continues from it', async () => {
    writeRoundOneJournal(3);
    const before = readFileSync(path.join(dir, 'audit-000001.jsonl'), 'utf8');
    expect(await journal().verify()).toEqual({ ok: true, lines: 0 });
    expect(readFileSync(path.join(dir, LEGACY_DIR, 'audit-000001.jsonl'), 'utf8')).toBe(before);
    const first = journal();
    await first.append({ action: 'copy', outcome: 'ok', vault: 'kv-contoso-servers', secretName: 'new-0' });
    const restarted = journal();
    expect(await restarted.verify()).toEqual({ ok: true, lines: 1 });
    // History still shows the old entries, oldest first.
    expect((await restarted.read()).map((r) => r.secretName)).toEqual(['old-0', 'old-1', 'old-2', 'new-0']);
  });

  it('a moved-aside file edited afterwards is reported (it no longer leads to the anchored hash)', async () => {
    writeRoundOneJournal(3);
    await journal().verify();
    const moved = path.join(dir, LEGACY_DIR, 'audit-000001.jsonl');
    writeFileSync(moved, readFileSync(moved, 'utf8').replace('old-1', 'old-X'));
    expect(await journal().verify()).toMatchObject({ ok: false, reason: 'hash-mismatch', line: 2 });
  });

  it('a broken round-1 chain is not migrated: it stays in place and is reported where it breaks', async () => {
    writeRoundOneJournal(3);
    const file = path.join(dir, 'audit-000001.jsonl');
    writeFileSync(file, readFileSync(file, 'utf8').replace('old-2', 'old-Z'));
    const result = await journal().verify();
    expect(result.ok).toBe(false);
    expect(readdirSync(dir)).not.toContain(LEGACY_DIR);
  });

  it('once the keyed chain exists, unkeyed files planted in its place are never taken for an old journal', async () => {
    await journal().append({ action: 'copy', outcome: 'ok', secretName: 'keyed-0' });
    rmSync(path.join(dir, 'audit-000001.jsonl'));
    writeRoundOneJournal(2);
    const result = await journal().verify();
    expect(result.ok).toBe(false);
    expect(readdirSync(dir)).not.toContain(LEGACY_DIR);
  });
});
