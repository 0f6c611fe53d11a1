// @ts-check
// `npm run check:package`: validates the packaging config for every target (see scripts/lib/package-checks.mjs).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkPackage, readPackageInputs } from './lib/package-checks.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const problems = checkPackage(readPackageInputs(repo, createRequire(import.meta.url)));
if (problems.length > 0) {
  process.stderr.write(`check:package found ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write('check:package: builder config, bindings, asarUnpack, desktopName, fuses hook, appId and installer options are right for every target.\n');
