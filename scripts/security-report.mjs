// Reading electronegativity's SARIF report and judging it against the allowlist. Pure functions,
// tested by test/security/electronegativity-report.test.ts; scripts/security.mjs runs the scan.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @typedef {{ check: string, level: string, file: string | null, line: number, column: number, length: number, message: string, source: string }} Finding
 * @typedef {{ check: string, file: string | null, match?: string, reason: string }} AllowEntry
 */

/**
 * Findings of a SARIF report. Global checks carry no real file (electronegativity writes `file:///`
 * or `N/A`): their `file` is null. `source` is the flagged line of the scanned file (read from
 * `root`), so allowlist entries can name the code they accept instead of a line number.
 * @param {any} sarif parsed SARIF
 * @param {(file: string) => string | undefined} readSource text of a scanned file, undefined if unreadable
 * @returns {Finding[]}
 */
export function findingsFromSarif(sarif, readSource) {
  if (!sarif || !Array.isArray(sarif.runs)) throw new Error('Not a SARIF report (no runs).');
  const findings = [];
  for (const run of sarif.runs) {
    for (const result of run.results ?? []) {
      const location = result.locations?.[0]?.physicalLocation;
      const uri = location?.artifactLocation?.uri;
      const file = typeof uri === 'string' && uri !== '' && !uri.startsWith('file:') && uri !== 'N/A' ? uri.replace(/\\/g, '/') : null;
      const line = Number(location?.region?.startLine ?? 0);
      const text = file ? readSource(file) : undefined;
      const source = text && line > 0 ? (text.split(/\r?\n/)[line - 1] ?? '').trim() : '';
      findings.push({
        check: String(result.ruleId),
        level: String(result.level ?? 'none'),
        file,
        line,
        column: Number(location?.region?.startColumn ?? 0),
        length: Number(location?.region?.charLength ?? 0),
        message: String(result.message?.text ?? ''),
        source,
      });
    }
  }
  return findings;
}

/** Reads a file under `root` (the scanned copy), or undefined. */
export function sourceReader(root) {
  return (file) => {
    try {
      return readFileSync(join(root, file), 'utf8');
    } catch {
      return undefined;
    }
  };
}

/**
 * Validates the allowlist file's shape: every entry names a check, a file (null for global checks)
 * and a non-trivial reason.
 * @returns {AllowEntry[]}
 */
export function parseAllowlist(json) {
  const entries = json?.entries;
  if (!Array.isArray(entries)) throw new Error('The allowlist must be {"entries": [...]}.');
  return entries.map((entry, index) => {
    const where = `allowlist entry ${index + 1}`;
    if (typeof entry?.check !== 'string' || !/^[A-Z0-9_]+$/.test(entry.check)) throw new Error(`${where}: "check" must be an electronegativity check ID.`);
    if (entry.file !== null && typeof entry.file !== 'string') throw new Error(`${where}: "file" must be a path or null (global checks).`);
    if (entry.match !== undefined && (typeof entry.match !== 'string' || entry.match.length < 3)) throw new Error(`${where}: "match" must be a piece of the flagged line.`);
    if (typeof entry.reason !== 'string' || entry.reason.trim().length < 20) throw new Error(`${where}: "reason" must say why (20 characters or more).`);
    return { check: entry.check, file: entry.file, ...(entry.match !== undefined ? { match: entry.match } : {}), reason: entry.reason };
  });
}

/**
 * Splits findings into allowed and new. A finding is allowed by an entry with the same check and
 * file whose `match` (when given) occurs in the flagged line. Entries that allowed nothing are
 * returned as stale (the code they covered is gone: remove them).
 * @param {Finding[]} findings
 * @param {AllowEntry[]} allowlist
 */
export function judge(findings, allowlist) {
  const used = new Set();
  const allowed = [];
  const unexpected = [];
  for (const finding of findings) {
    const index = allowlist.findIndex((e) => e.check === finding.check && e.file === finding.file && (e.match === undefined || finding.source.includes(e.match)));
    if (index >= 0) {
      used.add(index);
      allowed.push(finding);
    } else {
      unexpected.push(finding);
    }
  }
  const stale = allowlist.filter((_e, index) => !used.has(index));
  return { allowed, unexpected, stale };
}

/** One finding as a line of text. */
export function describeFinding(f) {
  return `${f.check} (${f.level}) ${f.file ? `${f.file}:${f.line}:${f.column}` : '(global)'} ${f.source ? `— ${f.source}` : `— ${f.message}`}`;
}
