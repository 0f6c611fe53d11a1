import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileLogger } from '../../../../../main/adapters/file-logger.js';
import { REFUSED_VALUE } from '../../../../../main/services/logging/redaction.js';
import { scopedLogger } from '../../../../../main/services/logging/scoped-logger.js';
import { ManualClock } from '../../../../helpers/manual-clock.js';
import { RecordingLogger } from '../../ipc/ipc-test-kit.js';

describe('scopedLogger: one logger per area', () => {
  it('stamps every level with its area and keeps the fields', () => {
    const base = new RecordingLogger();
    const auth = scopedLogger(base, 'auth');
    auth.info('signed in', { method: 'device-code' });
    auth.warn('keychain unavailable');
    auth.error('token refresh failed', { code: 'network' });
    expect(base.lines).toEqual([
      { level: 'info', message: 'signed in', fields: { method: 'device-code', area: 'auth' } },
      { level: 'warn', message: 'keychain unavailable', fields: { area: 'auth' } },
      { level: 'error', message: 'token refresh failed', fields: { code: 'network', area: 'auth' } },
    ]);
  });

  it('the area cannot be overridden by a field, and scoping a scoped logger re-scopes instead of nesting', () => {
    const base = new RecordingLogger();
    scopedLogger(base, 'vault').warn('listing failed', { area: 'pim' });
    scopedLogger(scopedLogger(base, 'vault'), 'pim').info('activation submitted');
    expect(base.lines.map((line) => line.fields)).toEqual([{ area: 'vault' }, { area: 'pim' }]);
  });

  it('the area reaches the log file, and the file logger still refuses credential fields', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jit-scoped-'));
    try {
      const file = new FileLogger({ dir, clock: new ManualClock(Date.UTC(2025, 0, 6)) });
      scopedLogger(file, 'pim').info('probe', { vault: 'kv-a', accessToken: 'x' });
      const line = JSON.parse(readFileSync(file.file, 'utf8').trim()) as { fields: Record<string, unknown> };
      expect(line.fields).toEqual({ vault: 'kv-a', accessToken: REFUSED_VALUE, area: 'pim' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
