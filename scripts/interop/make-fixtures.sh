#!/usr/bin/env bash
# Regenerates the golden registry fixtures of both generations with the real Python library
# (the venvs that scripts/install-services.sh builds). Commit the result with the change that needs it.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FIXTURES="$REPO/src/main/engine/registries/fixtures"
for pair in zenml:zenml mindtrace:current; do
  generation="${pair%%:*}"
  venv="$REPO/.cache/interop-0.10-${pair##*:}"
  [[ -x "$venv/bin/python" ]] || { echo "make-fixtures: $venv is missing; run: bash scripts/install-services.sh" >&2; exit 1; }
  echo "make-fixtures: $generation with $("$venv/bin/python" -c 'import importlib.metadata as m; print("mindtrace-registry", m.version("mindtrace-registry"))')"
  "$venv/bin/python" "$REPO/scripts/interop/make_fixtures.py" "$FIXTURES/$generation" >>"$REPO/.cache/make-fixtures.log" 2>&1 ||
    { echo "make-fixtures: $generation failed (see .cache/make-fixtures.log)" >&2; exit 1; }
done
echo "make-fixtures: done ($FIXTURES)"
