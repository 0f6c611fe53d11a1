import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileLogger } from '../../../../main/adapters/file-logger.js';
import { REFUSED_VALUE } from '../../../../main/services/logging/redaction.js';
import { ManualClock } from '../../../helpers/manual-clock.js';

// A syntactically real JWT (header {"alg":"RS256","typ":"JWT"}) with a canary in its payload.
const CANARY_JWT =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJDQU5BUlktTE9HLTdmM2EifQ.c2lnbmF0dXJlLWNhbmFyeS1sb2ctN2YzYQ';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'jit-logger-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('FileLogger', () => {
  it('writes one JSON object per line with time, level, message and fields', () => {
    const clock = new ManualClock(Date.UTC(2025, 0, 6, 9, 0, 0));
    const logger = new FileLogger({ dir: path.join(dir, 'logs'), clock });
    logger.info('PIM request submitted', { groupId: 'g-1', attempt: 2, approval: true });
    clock.jump(1500);
    logger.error('Vault probe failed', { code: 'vault-forbidden-rbac', status: 403 });

    expect(lines(logger.file)).toEqual([
      { time: '2025-01-06T09:00:00.000Z', level: 'info', message: 'PIM request submitted', fields: { groupId: 'g-1', attempt: 2, approval: true } },
      { time: '2025-01-06T09:00:01.500Z', level: 'error', message: 'Vault probe failed', fields: { code: 'vault-forbidden-rbac', status: 403 } },
    ]);
    if (process.platform !== 'win32') expect(statSync(logger.file).mode & 0o777).toBe(0o600);
  });

  it('refuses JWTs, bearer credentials and OAuth token parameters in field values', () => {
    const logger = new FileLogger({ dir, clock: new ManualClock() });
    logger.warn('token trouble', {
      note: CANARY_JWT,
      header: 'Bearer abcDEF123456789.canaryBearer',
      body: 'grant_type=refresh_token&refresh_token=0.AXcanaryRefreshToken123&client_id=x',
      vault: 'kv-contoso-servers',
    });
    const text = readFileSync(logger.file, 'utf8');
    expect(text).not.toContain('CANARY');
    expect(text).not.toContain('eyJ');
    expect(text).not.toContain('canaryBearer');
    expect(text).not.toContain('canaryRefreshToken');
    const [record] = lines(logger.file);
    expect(record!.fields).toEqual({ note: REFUSED_VALUE, header: REFUSED_VALUE, body: REFUSED_VALUE, vault: 'kv-contoso-servers' });
    expect(record!.refused).toEqual(['note', 'header', 'body']);
  });

  it('refuses fields named like credentials whatever their value, but keeps secretName', () => {
    const logger = new FileLogger({ dir, clock: new ManualClock() });
    logger.info('copied', { secretName: 'dc01-administrator', value: 'Copper-Lantern-83#', accessToken: 'opaque', password: 'pw', tokenExpiresAt: 5 });
    const [record] = lines(logger.file);
    expect(record!.fields).toEqual({ secretName: 'dc01-administrator', value: REFUSED_VALUE, accessToken: REFUSED_VALUE, password: REFUSED_VALUE, tokenExpiresAt: 5 });
    expect(readFileSync(logger.file, 'utf8')).not.toContain('Copper-Lantern');
  });

  it('scrubs token-shaped parts of the message and refuses non-primitive fields', () => {
    const logger = new FileLogger({ dir, clock: new ManualClock() });
    const sneaky = { toString: () => CANARY_JWT } as unknown as string;
    logger.error(`SDK said: Authorization: Bearer ${CANARY_JWT} was rejected`, { cause: sneaky });
    const text = readFileSync(logger.file, 'utf8');
    expect(text).not.toContain('CANARY');
    const [record] = lines(logger.file);
    expect(record!.message).toBe('SDK said: Authorization: Bearer [redacted] was rejected');
    expect(record!.refused).toEqual(['cause']);
  });

  it('rotates by size, keeping maxFiles old files, and no line is split across files', () => {
    const logger = new FileLogger({ dir, clock: new ManualClock(), maxBytes: 400, maxFiles: 2 });
    for (let i = 0; i < 30; i++) logger.info(`line ${i}`, { padding: 'x'.repeat(60) });
    const current = lines(logger.file);
    const first = lines(logger.rotatedFile(1));
    const second = lines(logger.rotatedFile(2));
    expect(existsSync(logger.rotatedFile(3))).toBe(false);
    for (const file of [logger.file, logger.rotatedFile(1), logger.rotatedFile(2)]) expect(statSync(file).size).toBeLessThanOrEqual(400);
    // The newest lines, in order, across the kept files: nothing lost in the middle, oldest dropped.
    const messages = [...second, ...first, ...current].map((record) => record.message);
    expect(messages[messages.length - 1]).toBe('line 29');
    const start = Number(String(messages[0]).split(' ')[1]);
    expect(start).toBeGreaterThan(0);
    expect(messages).toEqual(Array.from({ length: 30 - start }, (_, k) => `line ${start + k}`));
  });

  it('never throws when the log cannot be written, and counts the failures', () => {
    const blocker = path.join(dir, 'not-a-dir');
    writeFileSync(blocker, 'x');
    const logger = new FileLogger({ dir: path.join(blocker, 'logs'), clock: new ManualClock() });
    expect(() => logger.info('hello')).not.toThrow();
    expect(logger.writeFailures).toBe(1);
  });
});
