import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain .mjs helper of scripts/security.mjs, no type declarations
import { findingsFromSarif, judge, parseAllowlist } from '../../scripts/security-report.mjs';

type Finding = { check: string; file: string | null; line: number; source: string };
const repo = join(import.meta.dirname, '..', '..');

/** A SARIF result as electronegativity 1.10.3 writes it. */
const result = (ruleId: string, uri: string, startLine: number, level = 'note') => ({
  ruleId,
  level,
  message: { text: `about ${ruleId}` },
  locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine, startColumn: 3, charLength: 10 } } }],
});

const SOURCES: Record<string, string> = {
  'main/a.ts': 'line one\n  await shell.openExternal(safeUrl);\n',
  'main/b.ts': 'x\ny\n  shell.openExternal(userInput);\n',
};
const read = (file: string) => SOURCES[file];

describe('electronegativity report', () => {
  it('reads findings with the flagged source line; global checks have no file', () => {
    const sarif = { runs: [{ results: [result('OPEN_EXTERNAL_JS_CHECK', 'main/a.ts', 2), result('CSP_GLOBAL_CHECK', 'file:///', 1, 'warning')] }] };
    const findings = findingsFromSarif(sarif, read) as Finding[];
    expect(findings).toEqual([
      expect.objectContaining({ check: 'OPEN_EXTERNAL_JS_CHECK', file: 'main/a.ts', line: 2, source: 'await shell.openExternal(safeUrl);' }),
      expect.objectContaining({ check: 'CSP_GLOBAL_CHECK', file: null, level: 'warning', source: '' }),
    ]);
    expect(() => findingsFromSarif({}, read)).toThrow(/SARIF/);
  });

  it('allows only findings matching check, file and code; everything else is new; unused entries are stale', () => {
    const findings = findingsFromSarif(
      { runs: [{ results: [result('OPEN_EXTERNAL_JS_CHECK', 'main/a.ts', 2), result('OPEN_EXTERNAL_JS_CHECK', 'main/b.ts', 3), result('SANDBOX_JS_CHECK', 'main/a.ts', 1), result('CSP_GLOBAL_CHECK', 'N/A', 0)] }] },
      read,
    );
    const allowlist = parseAllowlist({
      entries: [
        { check: 'OPEN_EXTERNAL_JS_CHECK', file: 'main/a.ts', match: 'openExternal(safeUrl)', reason: 'checked against the allowlist just before' },
        { check: 'OPEN_EXTERNAL_JS_CHECK', file: 'main/b.ts', match: 'openExternal(safeUrl)', reason: 'a different line than the one flagged' },
        { check: 'CSP_GLOBAL_CHECK', file: null, reason: 'the CSP is injected at build time and sent as a header' },
        { check: 'PRELOAD_JS_CHECK', file: 'main/c.ts', reason: 'covers code that no longer exists here' },
      ],
    });
    const { allowed, unexpected, stale } = judge(findings, allowlist) as { allowed: Finding[]; unexpected: Finding[]; stale: { check: string }[] };
    expect(allowed.map((f) => `${f.check} ${f.file}`)).toEqual(['OPEN_EXTERNAL_JS_CHECK main/a.ts', 'CSP_GLOBAL_CHECK null']);
    expect(unexpected.map((f) => `${f.check} ${f.file}`)).toEqual(['OPEN_EXTERNAL_JS_CHECK main/b.ts', 'SANDBOX_JS_CHECK main/a.ts']);
    expect(stale.map((e) => e.check)).toEqual(['OPEN_EXTERNAL_JS_CHECK', 'PRELOAD_JS_CHECK']);
  });

  it('refuses allowlist entries without a real reason or with a malformed check', () => {
    expect(() => parseAllowlist({ entries: [{ check: 'SANDBOX_JS_CHECK', file: 'x.ts', reason: 'ok' }] })).toThrow(/reason/);
    expect(() => parseAllowlist({ entries: [{ check: 'sandbox', file: 'x.ts', reason: 'a long enough reason for this' }] })).toThrow(/check/);
    expect(() => parseAllowlist([])).toThrow(/entries/);
  });

  it('the project allowlist is well formed, and never accepts a HIGH-risk check', () => {
    const allowlist = parseAllowlist(JSON.parse(readFileSync(join(repo, 'test/security/electronegativity-allowlist.json'), 'utf8'))) as { check: string; file: string | null }[];
    const neverAllowed = ['CONTEXT_ISOLATION_JS_CHECK', 'NODE_INTEGRATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'WEB_SECURITY_JS_CHECK', 'CERTIFICATE_ERROR_EVENT_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK', 'INSECURE_CONTENT_JS_CHECK', 'BLINK_FEATURES_JS_CHECK', 'AUXCLICK_JS_CHECK', 'REMOTE_MODULE_JS_CHECK', 'DANGEROUS_FUNCTIONS_JS_CHECK'];
    expect(allowlist.filter((e) => neverAllowed.includes(e.check))).toEqual([]);
    // Chromium's certificate check is replaced only in the demo sign-in window. The check also flags
    // Key Vault's importCertificate by name: accepted only in main/services, which cannot import electron (lint).
    const verifyProc = allowlist.filter((e) => e.check === 'CERTIFICATE_VERIFY_PROC_JS_CHECK') as { file: string | null; match?: string }[];
    expect(verifyProc.filter((e) => !e.file?.startsWith('main/services/')).map((e) => e.file)).toEqual(['main/platform/demo-sign-in-window.ts']);
    expect(verifyProc.filter((e) => e.file?.startsWith('main/services/')).every((e) => e.match?.startsWith('.importCertificate('))).toBe(true);
  });
});
