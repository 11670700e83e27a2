#!/usr/bin/env bash
# Installs the real servers the test suite runs against, cached under $REPO/.cache (git-ignored):
#   - FerretDB (MongoDB wire protocol, embedded SQLite backend), built from the Go module proxy
#   - moto (S3) and gcp-storage-emulator (GCS) in a Python venv from PyPI
#   - Debian's chromium for Playwright (its own browser download cannot reach this network)
#   - the Python library (mindtrace-datalake 0.10.0) in two venvs for the live interop suite, from the
#     pinned requirements in scripts/interop/: the zenml-era registry (siblings at 0.10.0) and the
#     registry pip resolves today (0.16). It needs Python >= 3.12 (found on PATH or under pyenv).
# Idempotent: each item is skipped when it already works, so a second run takes about a second.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$REPO/.cache"
BIN="$CACHE/bin"
VENV="$CACHE/venv"
FERRETDB_VERSION="v1.24.2"
MOTO_SPEC="moto[server]==5.2.5"
GCS_EMULATOR_SPEC="gcp-storage-emulator==2026.7.19"

die() {
  echo "install-services: FAILED: $*" >&2
  exit 1
}

mkdir -p "$BIN"

# --- FerretDB ---------------------------------------------------------------------------------
# A plain `go install` yields a binary that panics at start: the module lacks
# build/version/version.txt, which FerretDB's own build writes. So build from a copy of the module
# source with that file added.
install_ferretdb() {
  if "$BIN/ferretdb" --version >/dev/null 2>&1; then
    echo "ferretdb $FERRETDB_VERSION: already present ($BIN/ferretdb)"
    return
  fi
  local go_bin
  go_bin="$(command -v go || true)"
  [[ -z "$go_bin" && -x /usr/local/go/bin/go ]] && go_bin=/usr/local/go/bin/go
  [[ -n "$go_bin" ]] || die "ferretdb: the Go toolchain ('go') is not on PATH; install Go to build FerretDB"

  local log="$CACHE/ferretdb-build.log"
  local src_dir
  # Outside any module (cd /) so the repo's own files cannot influence module resolution.
  src_dir="$(cd / && GOFLAGS= "$go_bin" mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" 2>"$log" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')" ||
    die "ferretdb: 'go mod download github.com/FerretDB/FerretDB@$FERRETDB_VERSION' failed (see $log)"
  [[ -n "$src_dir" && -d "$src_dir" ]] ||
    die "ferretdb: could not find the downloaded module source (see $log)"

  rm -rf "$CACHE/ferretdb-src"
  cp -r "$src_dir" "$CACHE/ferretdb-src"
  chmod -R u+w "$CACHE/ferretdb-src"
  echo "$FERRETDB_VERSION" >"$CACHE/ferretdb-src/build/version/version.txt"
  # -buildvcs=false: the copy sits inside this repo's git tree, which is not FerretDB's history.
  if ! (cd "$CACHE/ferretdb-src" && GOFLAGS=-buildvcs=false CGO_ENABLED=0 \
    "$go_bin" build -o "$BIN/ferretdb" ./cmd/ferretdb) >>"$log" 2>&1; then
    die "ferretdb: 'go build ./cmd/ferretdb' failed (see $log)"
  fi
  "$BIN/ferretdb" --version >/dev/null 2>&1 || die "ferretdb: the built binary does not run (see $log)"
  echo "ferretdb $FERRETDB_VERSION: installed ($BIN/ferretdb)"
}

# --- moto + gcp-storage-emulator --------------------------------------------------------------
install_python_servers() {
  if [[ -x "$VENV/bin/moto_server" && -x "$VENV/bin/gcp-storage-emulator" ]]; then
    echo "moto + gcp-storage-emulator: already present ($VENV)"
    return
  fi
  command -v python3 >/dev/null 2>&1 || die "python venv: python3 is not on PATH"
  local log="$CACHE/pip-install.log"
  if [[ ! -x "$VENV/bin/pip" ]]; then
    python3 -m venv "$VENV" >"$log" 2>&1 || die "python venv: 'python3 -m venv $VENV' failed (see $log)"
  fi
  "$VENV/bin/pip" install --disable-pip-version-check -q "$MOTO_SPEC" "$GCS_EMULATOR_SPEC" >>"$log" 2>&1 ||
    die "python venv: 'pip install $MOTO_SPEC $GCS_EMULATOR_SPEC' failed (see $log)"
  [[ -x "$VENV/bin/moto_server" ]] || die "python venv: moto_server missing after install (see $log)"
  [[ -x "$VENV/bin/gcp-storage-emulator" ]] ||
    die "python venv: gcp-storage-emulator missing after install (see $log)"
  echo "moto + gcp-storage-emulator: installed ($VENV)"
}

# --- chromium ---------------------------------------------------------------------------------
install_chromium() {
  if [[ -x /usr/bin/chromium ]]; then
    echo "chromium: already present (/usr/bin/chromium)"
    return
  fi
  command -v apt-get >/dev/null 2>&1 || die "chromium: /usr/bin/chromium is missing and apt-get is not available"
  local sudo=""
  [[ "$(id -u)" -eq 0 ]] || sudo="sudo"
  local log="$CACHE/apt-chromium.log"
  $sudo apt-get update >"$log" 2>&1 || die "chromium: 'apt-get update' failed (see $log)"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y chromium >>"$log" 2>&1 ||
    die "chromium: 'apt-get install chromium' failed (see $log)"
  [[ -x /usr/bin/chromium ]] || die "chromium: /usr/bin/chromium still missing after install (see $log)"
  echo "chromium: installed (/usr/bin/chromium)"
}

# --- the Python library, for the live interop suite ------------------------------------------
# A Python >= 3.12 (mindtrace-core uses PEP 695 syntax): $INTEROP_PYTHON, then python3.13/python3.12 and
# python3 on PATH, then pyenv's versions. Only PyPI is reachable, so it cannot be downloaded here.
find_python312() {
  local candidates=()
  [[ -n "${INTEROP_PYTHON:-}" ]] && candidates+=("$INTEROP_PYTHON")
  candidates+=(python3.12 python3.13 python3)
  local root="${PYENV_ROOT:-$HOME/.pyenv}"
  for dir in "$root"/versions/3.1[2-9]*/bin; do
    [[ -x "$dir/python3" ]] && candidates+=("$dir/python3")
  done
  local c
  for c in "${candidates[@]}"; do
    if command -v "$c" >/dev/null 2>&1 &&
      "$c" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then
      command -v "$c"
      return 0
    fi
  done
  return 1
}

install_interop_venvs() {
  local reqs="$REPO/scripts/interop"
  local python
  python="$(find_python312)" || die "interop: no Python >= 3.12 found (tried \$INTEROP_PYTHON, python3.12, python3.13, python3 and ${PYENV_ROOT:-$HOME/.pyenv}/versions/3.1x). Install one, e.g. 'pyenv install 3.12', or point INTEROP_PYTHON at it, then rerun: bash scripts/install-services.sh"
  local boot="$CACHE/uv-bootstrap"
  local log="$CACHE/interop-install.log"
  if [[ ! -x "$boot/bin/uv" ]]; then
    echo "interop: bootstrapping uv into $boot ($python)"
    { "$python" -m venv "$boot" && "$boot/bin/pip" install --disable-pip-version-check -q "uv==0.13.9"; } >"$log" 2>&1 ||
      die "interop: '$python -m venv $boot && $boot/bin/pip install uv==0.13.9' failed (see $log)"
  fi
  local flavour venv req stamp
  for flavour in zenml current; do
    venv="$CACHE/interop-0.10-$flavour"
    req="$reqs/requirements-0.10-$flavour.txt"
    stamp="$venv/.requirements.sha256"
    if [[ -x "$venv/bin/python" && -f "$stamp" ]] && [[ "$(cat "$stamp")" == "$(sha256sum "$req" | cut -d' ' -f1)" ]]; then
      echo "interop $flavour: already present ($venv)"
      continue
    fi
    echo "interop $flavour: installing $req into $venv"
    rm -rf "$venv"
    "$boot/bin/uv" venv -q --python "$python" "$venv" >>"$log" 2>&1 ||
      die "interop: '$boot/bin/uv venv --python $python $venv' failed (see $log)"
    "$boot/bin/uv" pip sync -q --python "$venv/bin/python" "$req" >>"$log" 2>&1 ||
      die "interop: '$boot/bin/uv pip sync --python $venv/bin/python $req' failed (see $log)"
    "$venv/bin/python" -c 'import mindtrace.datalake, mindtrace.registry, numpy, PIL' >>"$log" 2>&1 ||
      die "interop: '$venv/bin/python -c \"import mindtrace.datalake\"' failed after install (see $log)"
    sha256sum "$req" | cut -d' ' -f1 >"$stamp"
    echo "interop $flavour: installed ($venv)"
  done
}

install_ferretdb
install_python_servers
install_chromium
install_interop_venvs
