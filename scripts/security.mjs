// `npm run security`: the security checks that need no Electron binary.
//  1. electronegativity over main/, preload/ and renderer/ (offline: the release-feed check is
//     excluded). It always exits 0, so its SARIF report is parsed and every finding must match an
//     entry of test/security/electronegativity-allowlist.json, each with its reason.
//  2. the config-as-data tests of test/security (CSP, fuses, builder config, window options, ...).
// Ends with one summary line; exit code 1 when a new finding appears or a test fails.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeFinding, findingsFromSarif, judge, parseAllowlist, sourceReader } from './security-report.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const SCANNED = ['main', 'preload', 'renderer'];
const ALLOWLIST = join(repo, 'test', 'security', 'electronegativity-allowlist.json');

/** Runs `node …args`, collecting output; resolves with the exit code. */
function runNode(args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' }, ...options });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** electronegativity over a copy of the three process folders (so global checks see them together). */
async function scan(work) {
  const input = join(work, 'app');
  for (const dir of SCANNED) cpSync(join(repo, dir), join(input, dir), { recursive: true });
  cpSync(join(repo, 'package.json'), join(input, 'package.json')); // the Electron version it reports
  const report = join(work, 'electronegativity.sarif');
  const cli = join(dirname(require.resolve('@doyensec/electronegativity/package.json')), 'dist', 'index.js');
  const { output } = await runNode(['--require', join(repo, 'scripts', 'lib', 'electronegativity-commander.cjs'), cli, '-i', input, '-x', 'AvailableSecurityFixesGlobalCheck', '-r', '-v', 'false', '-o', report]);
  if (!existsSync(report)) throw new Error(`electronegativity wrote no report:\n${output}`);
  return findingsFromSarif(JSON.parse(readFileSync(report, 'utf8')), sourceReader(input));
}

/** The `security` vitest project, with a JSON report for the counts. */
async function configTests(work) {
  const json = join(work, 'vitest.json');
  const vitest = join(repo, 'node_modules', 'vitest', 'vitest.mjs');
  const { code, output } = await runNode([vitest, 'run', '--project', 'security', '--reporter=default', '--reporter=json', `--outputFile.json=${json}`]);
  if (!existsSync(json)) return { passed: 0, failed: 1, code: code || 1, output };
  const result = JSON.parse(readFileSync(json, 'utf8'));
  // A file that fails to load has no failed test but a failed suite: count it, so it cannot pass silently.
  const failed = (result.numFailedTests ?? 0) || (result.numFailedTestSuites ?? 0);
  return { passed: result.numPassedTests ?? 0, failed, code, output };
}

const work = mkdtempSync(join(tmpdir(), 'jit-vault-security-'));
let ok = true;
try {
  const allowlist = parseAllowlist(JSON.parse(readFileSync(ALLOWLIST, 'utf8')));
  const [findings, tests] = await Promise.all([scan(work), configTests(work)]);
  const { allowed, unexpected, stale } = judge(findings, allowlist);
  for (const finding of unexpected) process.stdout.write(`NEW electronegativity finding: ${describeFinding(finding)}\n`);
  for (const entry of stale) process.stdout.write(`note: allowlist entry matched nothing (remove it): ${entry.check} ${entry.file ?? '(global)'} ${entry.match ?? ''}\n`);
  if (tests.code !== 0 || tests.failed > 0) process.stdout.write(tests.output);
  ok = unexpected.length === 0 && tests.failed === 0 && tests.code === 0;
  process.stdout.write(
    `security: electronegativity ${findings.length} findings (${allowed.length} allowlisted, ${unexpected.length} new); config tests ${tests.passed} passed, ${tests.failed} failed — ${ok ? 'OK' : 'FAILED'}\n`,
  );
} catch (error) {
  ok = false;
  process.stdout.write(`security: FAILED — ${error instanceof Error ? error.message : String(error)}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
