#!/usr/bin/env bash
# `npm test`: every check and test suite, inside a private keyring session.
# Ends with one plain line "N passed, N failed" (CI reads it) and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
if [ "${JIT_VAULT_PRIVATE_KEYRING:-}" != "1" ]; then exec bash scripts/with-keyring.sh bash scripts/test-all.sh "$@"; fi
results=.vitest-results
rm -rf "$results" && mkdir -p "$results"
status=0
step() { # name, command...
  local name=$1; shift
  echo "=== $name"
  if "$@"; then echo "{\"name\":\"$name\",\"ok\":true}" > "$results/check-$name.json"; else echo "{\"name\":\"$name\",\"ok\":false}" > "$results/check-$name.json"; status=1; fi
}
step typecheck npm run -s typecheck
step lint npm run -s lint
# The e2e suites drive the built renderer in Chromium.
step build npm run -s build
# electronegativity over main/preload/renderer against the justified allowlist (+ config-as-data tests).
step security npm run -s security
# Packaging config for every target (bindings, asarUnpack, desktopName, fuses hook, installer options); no Electron needed.
step check-package npm run -s check:package
echo "=== vitest"
npx vitest run --reporter=default --reporter=json --outputFile.json="$results/vitest.json" || status=1
node scripts/summarize-results.mjs "$results" || status=1
exit $status
