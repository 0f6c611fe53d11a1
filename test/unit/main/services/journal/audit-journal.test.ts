import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditJournal } from '../../../../../main/services/journal/audit-journal.js';
import type { AuditEntry } from '../../../../../main/services/ports/audit-log.js';
import { MemorySecretStore } from '../../../../helpers/fakes/secret-store.fake.js';
import { GENESIS_HASH, canonicalJson } from '../../../../../main/services/journal/journal-entry.js';
import type { Logger } from '../../../../../main/services/ports/logger.js';
import { ManualClock } from '../../../../helpers/manual-clock.js';

let dir: string;
let clock: ManualClock;
/** The OS keychain of the tests: it outlives journal instances (restarts), like the real one. */
let keychain: MemorySecretStore;
beforeEach(() => {
  keychain = new MemorySecretStore();
  dir = mkdtempSync(path.join(tmpdir(), 'jit-journal-'));
  clock = new ManualClock(Date.UTC(2025, 0, 6, 9, 0, 0));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const journalFiles = () => readdirSync(dir).filter((name) => name.endsWith('.jsonl')).sort();
const rawLines = (name: string) => readFileSync(path.join(dir, name), 'utf8').split('\n').filter(Boolean);
const entry = (n: number): AuditEntry => ({ action: 'copy', outcome: 'ok', account: 'alex@contoso-it.example', vault: 'kv-contoso-servers', secretName: `secret-${n}` });

describe('AuditJournal', () => {
  it('writes hash-chained JSON lines that verify, in mode 0600', async () => {
    const journal = new AuditJournal({ dir, clock, keychain });
    await journal.append({ action: 'activate', outcome: 'ok', account: 'alex@contoso-it.example', groupId: '480ca4e5-1d02-4348-9047-4c462899391c', justification: 'Ticket INC-1234: reset', ticket: 'INC-1234', requestId: 'r-1' });
    clock.jump(60_000);
    await journal.append({ action: 'reveal', outcome: 'ok', vault: 'kv-contoso-servers', secretName: 'dc01-administrator' });

    const [first, second] = rawLines(journalFiles()[0]!).map((line) => JSON.parse(line) as Record<string, string>);
    expect(first).toMatchObject({ seq: 1, time: '2025-01-06T09:00:00.000Z', action: 'activate', ticket: 'INC-1234', prevHash: GENESIS_HASH });
    expect(second).toMatchObject({ seq: 2, time: '2025-01-06T09:01:00.000Z', action: 'reveal', prevHash: first!.hash });
    // The hash is keyed: it is NOT the plain SHA-256 anyone could recompute from the line itself.
    const { hash: _h, prevHash: _p, ...rest } = first!;
    expect(first!.hash).not.toBe(createHash('sha256').update(GENESIS_HASH).update(canonicalJson(rest)).digest('hex'));
    expect(first!.hash).toMatch(/^[0-9a-f]{64}$/);
    await expect(journal.verify()).resolves.toEqual({ ok: true, lines: 2 });
    if (process.platform !== 'win32') {
      expect(statSync(path.join(dir, journalFiles()[0]!)).mode & 0o777).toBe(0o600);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
    }
  });

  it('reports the index of an edited line', async () => {
    const journal = new AuditJournal({ dir, clock, keychain });
    for (let i = 0; i < 5; i++) await journal.append(entry(i));
    const file = path.join(dir, journalFiles()[0]!);
    const lines = rawLines(journalFiles()[0]!);
    lines[2] = lines[2]!.replace('secret-2', 'secret-X');
    writeFileSync(file, `${lines.join('\n')}\n`);

    const result = await new AuditJournal({ dir, clock, keychain }).verify();
    expect(result).toMatchObject({ ok: false, brokenAt: 2, line: 3, reason: 'hash-mismatch', file });
  });

  it('detects a deleted line at the line after the gap', async () => {
    const journal = new AuditJournal({ dir, clock, keychain });
    for (let i = 0; i < 4; i++) await journal.append(entry(i));
    const file = path.join(dir, journalFiles()[0]!);
    const lines = rawLines(journalFiles()[0]!);
    lines.splice(1, 1);
    writeFileSync(file, `${lines.join('\n')}\n`);
    await expect(journal.verify()).resolves.toMatchObject({ ok: false, brokenAt: 1, reason: 'sequence-gap' });
  });

  it('rotates by size and the chain continues across files', async () => {
    const journal = new AuditJournal({ dir, clock, keychain, maxBytes: 700 });
    for (let i = 0; i < 12; i++) await journal.append(entry(i));
    const files = journalFiles();
    expect(files.length).toBeGreaterThanOrEqual(3);
    expect(files[0]).toBe('audit-000001.jsonl');
    for (const name of files) expect(statSync(path.join(dir, name)).size).toBeLessThanOrEqual(700);
    // Each new file starts with the previous file's last hash.
    for (let f = 1; f < files.length; f++) {
      const lastOfPrevious = JSON.parse(rawLines(files[f - 1]!).at(-1)!) as { hash: string };
      const firstOfNext = JSON.parse(rawLines(files[f]!)[0]!) as { prevHash: string };
      expect(firstOfNext.prevHash).toBe(lastOfPrevious.hash);
    }
    await expect(journal.verify()).resolves.toEqual({ ok: true, lines: 12 });
    expect((await journal.read()).map((record) => record.secretName)).toEqual(Array.from({ length: 12 }, (_, i) => `secret-${i}`));
    expect((await journal.read(3)).map((record) => record.secretName)).toEqual(['secret-9', 'secret-10', 'secret-11']);
    // A filter reads back through older files until `limit` kept records are found (History's per-account view).
    const even = (record: { secretName?: string }) => Number(record.secretName?.split('-')[1]) % 2 === 0;
    expect((await journal.read(5, even)).map((record) => record.secretName)).toEqual(['secret-2', 'secret-4', 'secret-6', 'secret-8', 'secret-10']);

    // Tampering in a rotated (older) file is found at its global index.
    const second = path.join(dir, files[1]!);
    const lines = rawLines(files[1]!);
    const globalIndex = rawLines(files[0]!).length;
    lines[0] = lines[0]!.replace('"outcome":"ok"', '"outcome":"denied"');
    writeFileSync(second, `${lines.join('\n')}\n`);
    await expect(journal.verify()).resolves.toMatchObject({ ok: false, brokenAt: globalIndex });
  });

  it('keeps call order for concurrent appends', async () => {
    const journal = new AuditJournal({ dir, clock, keychain, maxBytes: 2000 });
    await Promise.all(Array.from({ length: 40 }, (_, i) => journal.append(entry(i))));
    expect((await journal.read()).map((record) => record.secretName)).toEqual(Array.from({ length: 40 }, (_, i) => `secret-${i}`));
    await expect(journal.verify()).resolves.toEqual({ ok: true, lines: 40 });
  });

  it('continues the chain after a restart, and past a torn last line', async () => {
    await new AuditJournal({ dir, clock, keychain }).append(entry(0));
    await new AuditJournal({ dir, clock, keychain }).append(entry(1));
    await expect(new AuditJournal({ dir, clock, keychain }).verify()).resolves.toEqual({ ok: true, lines: 2 });

    // A crash mid-write leaves half a line without a newline.
    appendFileSync(path.join(dir, journalFiles()[0]!), '{"time":"2025-01-06T09:00:00.000Z","act');
    const journal = new AuditJournal({ dir, clock, keychain });
    await journal.append(entry(2));
    const lines = rawLines(journalFiles()[0]!);
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[3]!)).toMatchObject({ secretName: 'secret-2', prevHash: JSON.parse(lines[1]!).hash });
    // The damage is reported where it is, and readers still get every intact entry.
    await expect(journal.verify()).resolves.toMatchObject({ ok: false, brokenAt: 2, reason: 'unreadable' });
    expect((await journal.read()).map((record) => record.secretName)).toEqual(['secret-0', 'secret-1', 'secret-2']);
  });

  it('never writes a value passed in a field outside the schema, nor a token in a text field', async () => {
    const CANARY_VALUE = 'CANARY-SECRET-VALUE-91f0c2';
    const CANARY_JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJDQU5BUlktSk9VUk5BTCJ9.c2lnLWNhbmFyeS1qb3VybmFs';
    const warnings: { message: string; fields?: Record<string, unknown> }[] = [];
    const logger: Logger = { info: () => {}, error: () => {}, warn: (message, fields) => warnings.push({ message, fields }) };
    const journal = new AuditJournal({ dir, clock, keychain, logger });
    await journal.append({ action: 'copy', outcome: 'ok', vault: 'kv-contoso-servers', secretName: 'dc01-administrator', value: CANARY_VALUE, token: CANARY_JWT } as AuditEntry);
    await journal.append({ action: 'error', outcome: 'failed', detail: `SDK error: Authorization: Bearer ${CANARY_JWT}` });

    const disk = journalFiles()
      .map((name) => readFileSync(path.join(dir, name), 'utf8'))
      .join('');
    expect(disk).not.toContain(CANARY_VALUE);
    expect(disk).not.toContain('eyJ');
    expect(disk).toContain('dc01-administrator');
    expect(warnings).toEqual([{ message: 'Audit journal dropped fields outside its schema', fields: { fields: 'value,token' } }]);
    const [first] = await journal.read();
    expect(Object.keys(first!).sort()).toEqual(['action', 'hash', 'outcome', 'prevHash', 'secretName', 'seq', 'time', 'vault']);
    await expect(journal.verify()).resolves.toEqual({ ok: true, lines: 2 });
  });

  it('rejects an action or outcome outside the schema without touching the chain', async () => {
    const journal = new AuditJournal({ dir, clock, keychain });
    await journal.append(entry(0));
    await expect(journal.append({ action: 'exfiltrate', outcome: 'ok' } as unknown as AuditEntry)).rejects.toThrow(TypeError);
    await journal.append(entry(1));
    await expect(journal.verify()).resolves.toEqual({ ok: true, lines: 2 });
  });

  it('prunes the oldest files beyond maxFiles and still verifies from the oldest kept file', async () => {
    const journal = new AuditJournal({ dir, clock, keychain, maxBytes: 700, maxFiles: 2 });
    for (let i = 0; i < 15; i++) await journal.append(entry(i));
    const files = journalFiles();
    expect(files).toHaveLength(2);
    expect(files[0]).not.toBe('audit-000001.jsonl');
    const result = await journal.verify();
    expect(result.ok).toBe(true);
    expect((await journal.read()).at(-1)?.secretName).toBe('secret-14');
  });
});
