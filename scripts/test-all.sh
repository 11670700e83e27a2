#!/usr/bin/env bash
# `npm test`: type-check, lint, then unit/integration tests against real servers, then e2e when present.
# The servers are started once here (vitest's global setup reuses them) and always stopped on exit.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

echo "== type-check"
npm run --silent typecheck

echo "== lint"
npm run --silent lint

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
npx vitest run

if [[ -f playwright.config.ts ]]; then
  echo "== playwright"
  npx playwright test
else
  echo "== playwright: skipped (no playwright.config.ts yet)"
fi
