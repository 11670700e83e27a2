#!/usr/bin/env bash
# `npm test`: type-check, lint, install what is missing (test servers, Chromium), then unit/integration
# tests against real servers, then the browser tests. On a fresh clone `npm ci && npm test` is enough.
# The servers are started once here (vitest's global setup reuses them) and always stopped on exit.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ ! -x node_modules/.bin/vitest ]]; then
  echo "npm test: the project's packages are not installed. Run this, then npm test again:" >&2
  echo "    npm ci" >&2
  exit 1
fi

echo "== type-check"
npm run --silent typecheck

echo "== lint"
npm run --silent lint

echo "== test servers and browser: install what is missing (scripts/install-services.sh)"
bash scripts/install-services.sh

echo "== test servers"
if node --import tsx scripts/services.ts status >/dev/null 2>&1; then
  # Started by hand before this run: use them and leave them running.
  node --import tsx scripts/services.ts status
else
  stop_services() { node --import tsx scripts/services.ts stop || true; }
  trap stop_services EXIT
  node --import tsx scripts/services.ts start
fi
# Assigned first so that a failure stops the script (an eval of a failed substitution would not).
service_env="$(node --import tsx scripts/services.ts env)"
eval "$service_env"

echo "== vitest"
rm -f .cache/vitest-results.json .cache/e2e-summary.json
npx vitest run --reporter=verbose --reporter=json --outputFile.json=.cache/vitest-results.json

echo "== playwright"
npx playwright test

# One closing line with every test of the run (vitest's and Playwright's own lines are not in that form).
node -e '
const fs = require("fs");
const v = JSON.parse(fs.readFileSync(".cache/vitest-results.json", "utf8"));
const e = JSON.parse(fs.readFileSync(".cache/e2e-summary.json", "utf8"));
const skipped = v.numPendingTests + v.numTodoTests + e.skipped;
console.log(`\ntotal: ${v.numPassedTests + e.passed} passed, ${v.numFailedTests + e.failed} failed, ${skipped} skipped`);
'
