// Prints the plain "N passed, N failed" line CI recognises, from vitest's JSON report plus the
// pass/fail files of the non-vitest checks (typecheck, lint). Exits 1 when anything failed or
// when no test ran at all.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? '.vitest-results';
let passed = 0;
let failed = 0;
for (const file of readdirSync(dir)) {
  const data = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  if (file.startsWith('check-')) {
    if (data.ok) passed += 1;
    else failed += 1;
    continue;
  }
  passed += data.numPassedTests ?? 0;
  failed += (data.numFailedTests ?? 0) + (data.numRuntimeErrorTestSuites ?? 0);
  for (const suite of data.testResults ?? []) {
    // A suite that failed outside its tests (load error, a failing beforeAll) may report no failed
    // test at all; count it as one failure so it cannot hide behind skipped tests.
    const failedTests = (suite.assertionResults ?? []).filter((test) => test.status === 'failed').length;
    if (suite.status === 'failed' && failedTests === 0) failed += 1;
  }
}
if (!existsSync(join(dir, 'vitest.json'))) failed += 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
