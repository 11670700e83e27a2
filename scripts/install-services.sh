#!/usr/bin/env bash
# Installs the real servers the test suite runs against, cached under $REPO/.cache (git-ignored):
#   - FerretDB (MongoDB wire protocol, embedded SQLite backend), built from the Go module proxy
#   - moto (S3) and gcp-storage-emulator (GCS) in a Python venv from PyPI
#   - Debian's chromium for Playwright (its own browser download cannot reach this network)
#   - the Python library (mindtrace-datalake 0.10.0) in two venvs for the live interop suite, from the
#     pinned requirements in scripts/interop/: the zenml-era registry (siblings at 0.10.0) and the
#     registry pip resolves today (0.16). It needs Python >= 3.12 (on PATH, under pyenv, or $INTEROP_PYTHON).
# Idempotent: each item is skipped when it already works, so a second run takes about a second.
# `npm test` runs it first. Where something cannot be installed from here (no Go toolchain, no root for
# apt-get, ...), it stops and prints the exact command to run.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$REPO/.cache"
BIN="$CACHE/bin"
VENV="$CACHE/venv"
FERRETDB_VERSION="v1.24.2"
GO_VERSION_FOR_INSTALL="1.24.3" # FerretDB's go.mod asks for go 1.24 (toolchain go1.24.3)
MOTO_SPEC="moto[server]==5.2.5"
GCS_EMULATOR_SPEC="gcp-storage-emulator==2026.7.19"
CHROMIUM="${DLB_CHROMIUM:-/usr/bin/chromium}"

say() {
  echo "install-services: $*"
}

die() {
  echo "install-services: FAILED: $*" >&2
  exit 1
}

# Stops with what to run by hand: `cannot WHAT` then the command, then how to resume.
need() {
  local what="$1" command="$2"
  {
    echo "install-services: cannot $what. Run this, then run npm test again:"
    echo "    $command"
  } >&2
  exit 1
}

# The last lines of a log, for a failure message.
tail_log() {
  echo "--- last lines of $1:" >&2
  tail -n 15 "$1" >&2 || true
}

# "sudo " when root privileges need it, "" for root; empty output and status 1 when neither works.
root_prefix() {
  if [[ "$(id -u)" -eq 0 ]]; then
    echo ""
  elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
    echo "sudo -n "
  else
    return 1
  fi
}

# How the user would run a root command by hand.
as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then echo "$1"; else echo "sudo $1"; fi
}

mkdir -p "$BIN"

# --- FerretDB ---------------------------------------------------------------------------------
go_install_command() {
  local arch
  case "$(uname -m)" in
  x86_64 | amd64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) arch="$(uname -m)" ;;
  esac
  local os
  os="$(uname -s | tr '[:upper:]' '[:lower:]')"
  echo "curl -fsSL https://go.dev/dl/go$GO_VERSION_FOR_INSTALL.$os-$arch.tar.gz | $(as_root "tar -C /usr/local -xz") && export PATH=\"\$PATH:/usr/local/go/bin\""
}

# A plain `go install` yields a binary that panics at start: the module lacks
# build/version/version.txt, which FerretDB's own build writes. So build from a copy of the module
# source with that file added.
install_ferretdb() {
  # Run from the cache: FerretDB writes state.json into its working directory when it actually starts.
  if (cd "$CACHE" && "$BIN/ferretdb" --version >/dev/null 2>&1); then
    say "ferretdb $FERRETDB_VERSION: already present ($BIN/ferretdb)"
    return
  fi
  local go_bin
  go_bin="$(command -v go || true)"
  [[ -z "$go_bin" && -x /usr/local/go/bin/go ]] && go_bin=/usr/local/go/bin/go
  [[ -n "$go_bin" ]] || need "build FerretDB: there is no Go toolchain ('go' is not on PATH nor in /usr/local/go)" \
    "$(go_install_command)"
  # Go >= 1.21 fetches the toolchain FerretDB asks for through the module proxy; older ones cannot
  # (Debian 12's golang-go is 1.19).
  local go_version
  go_version="$("$go_bin" env GOVERSION 2>/dev/null || "$go_bin" version | awk '{print $3}')"
  if [[ ! "$go_version" =~ ^go1\.([0-9]+) ]] || ((BASH_REMATCH[1] < 21)); then
    need "build FerretDB: $go_bin is $go_version, and FerretDB $FERRETDB_VERSION needs Go 1.21 or newer" \
      "$(go_install_command)"
  fi

  local log="$CACHE/ferretdb-build.log"
  say "ferretdb $FERRETDB_VERSION: building with $go_bin ($go_version) from the Go module proxy; the first build takes a few minutes (log: $log)"
  local src_dir
  # Outside any module (cd /) so the repo's own files cannot influence module resolution.
  src_dir="$(cd / && GOFLAGS= "$go_bin" mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" 2>"$log" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')" || {
    tail_log "$log"
    die "ferretdb: 'go mod download github.com/FerretDB/FerretDB@$FERRETDB_VERSION' failed (see $log)"
  }
  [[ -n "$src_dir" && -d "$src_dir" ]] || {
    tail_log "$log"
    die "ferretdb: could not find the downloaded module source (see $log)"
  }

  rm -rf "$CACHE/ferretdb-src"
  cp -r "$src_dir" "$CACHE/ferretdb-src"
  chmod -R u+w "$CACHE/ferretdb-src"
  echo "$FERRETDB_VERSION" >"$CACHE/ferretdb-src/build/version/version.txt"
  # -buildvcs=false: the copy sits inside this repo's git tree, which is not FerretDB's history.
  if ! (cd "$CACHE/ferretdb-src" && GOFLAGS=-buildvcs=false CGO_ENABLED=0 \
    "$go_bin" build -o "$BIN/ferretdb" ./cmd/ferretdb) >>"$log" 2>&1; then
    tail_log "$log"
    die "ferretdb: 'go build ./cmd/ferretdb' failed (see $log)"
  fi
  (cd "$CACHE" && "$BIN/ferretdb" --version >/dev/null 2>&1) || die "ferretdb: the built binary does not run (see $log)"
  say "ferretdb $FERRETDB_VERSION: installed ($BIN/ferretdb)"
}

# --- moto + gcp-storage-emulator --------------------------------------------------------------
install_python_servers() {
  if [[ -x "$VENV/bin/moto_server" && -x "$VENV/bin/gcp-storage-emulator" ]]; then
    say "moto + gcp-storage-emulator: already present ($VENV)"
    return
  fi
  command -v python3 >/dev/null 2>&1 ||
    need "install moto and gcp-storage-emulator: python3 is not on PATH" \
      "$(as_root "apt-get install -y python3 python3-venv")"
  local log="$CACHE/pip-install.log"
  if [[ ! -x "$VENV/bin/pip" ]]; then
    # Debian ships venv's pip bootstrap (ensurepip) in a separate package.
    python3 -c 'import ensurepip' >/dev/null 2>&1 ||
      need "create a Python venv: python3 has no ensurepip module" \
        "$(as_root "apt-get install -y python3-venv")"
    rm -rf "$VENV"
    python3 -m venv "$VENV" >"$log" 2>&1 || {
      tail_log "$log"
      die "python venv: 'python3 -m venv $VENV' failed (see $log)"
    }
  fi
  say "moto + gcp-storage-emulator: installing $MOTO_SPEC and $GCS_EMULATOR_SPEC from PyPI into $VENV (log: $log)"
  "$VENV/bin/pip" install --disable-pip-version-check -q "$MOTO_SPEC" "$GCS_EMULATOR_SPEC" >>"$log" 2>&1 || {
    tail_log "$log"
    die "python venv: 'pip install $MOTO_SPEC $GCS_EMULATOR_SPEC' failed (see $log)"
  }
  [[ -x "$VENV/bin/moto_server" ]] || die "python venv: moto_server missing after install (see $log)"
  [[ -x "$VENV/bin/gcp-storage-emulator" ]] ||
    die "python venv: gcp-storage-emulator missing after install (see $log)"
  say "moto + gcp-storage-emulator: installed ($VENV)"
}

# --- chromium ---------------------------------------------------------------------------------
install_chromium() {
  if [[ -x "$CHROMIUM" ]]; then
    say "chromium: already present ($CHROMIUM)"
    return
  fi
  [[ -z "${DLB_CHROMIUM:-}" ]] ||
    die "chromium: DLB_CHROMIUM names $DLB_CHROMIUM, which is not an executable"
  command -v apt-get >/dev/null 2>&1 ||
    need "install Chromium: /usr/bin/chromium is missing and apt-get is not available (install Chromium with this system's package manager and point the tests at it)" \
      "export DLB_CHROMIUM=/path/to/chromium"
  local sudo
  sudo="$(root_prefix)" ||
    need "install Chromium: apt-get needs root, and this user is not root and has no password-less sudo" \
      "sudo apt-get install -y chromium"
  local log="$CACHE/apt-chromium.log"
  say "chromium: installing Debian's chromium with ${sudo}apt-get (log: $log)"
  ${sudo}apt-get update -o DPkg::Lock::Timeout=600 >"$log" 2>&1 || {
    tail_log "$log"
    die "chromium: 'apt-get update' failed (see $log)"
  }
  # Another apt-get (another checkout's install) holds the lock for a while: wait for it.
  ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -o DPkg::Lock::Timeout=600 chromium >>"$log" 2>&1 || {
    tail_log "$log"
    die "chromium: 'apt-get install chromium' failed (see $log)"
  }
  [[ -x /usr/bin/chromium ]] || die "chromium: /usr/bin/chromium still missing after install (see $log)"
  say "chromium: installed (/usr/bin/chromium)"
}

# --- the Python library, for the live interop suite ------------------------------------------
# mindtrace-core needs Python >= 3.12 (PEP 695 syntax); Debian 12's python3 is 3.11. Only PyPI is
# reachable, so a Python cannot be downloaded here: use $INTEROP_PYTHON, python3.12/3.13/python3 on PATH,
# or a pyenv version.
find_python312() {
  local candidates=()
  [[ -n "${INTEROP_PYTHON:-}" ]] && candidates+=("$INTEROP_PYTHON")
  candidates+=(python3.12 python3.13 python3)
  local dir
  for dir in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin; do
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
  local python
  python="$(find_python312)" ||
    need "install the Python library for the interop suite: no Python >= 3.12 was found (tried \$INTEROP_PYTHON, python3.12, python3.13, python3 and ${PYENV_ROOT:-$HOME/.pyenv}/versions/3.1x)" \
      "pyenv install 3.12    # or: export INTEROP_PYTHON=/path/to/python3.12"
  local boot="$CACHE/uv-bootstrap"
  local log="$CACHE/interop-install.log"
  if [[ ! -x "$boot/bin/uv" ]]; then
    say "interop: bootstrapping uv into $boot ($python; log: $log)"
    { "$python" -m venv "$boot" && "$boot/bin/pip" install --disable-pip-version-check -q "uv==0.13.9"; } >"$log" 2>&1 || {
      tail_log "$log"
      die "interop: '$python -m venv $boot && $boot/bin/pip install uv==0.13.9' failed (see $log)"
    }
  fi
  local flavour venv req stamp
  for flavour in zenml current; do
    venv="$CACHE/interop-0.10-$flavour"
    req="$REPO/scripts/interop/requirements-0.10-$flavour.txt"
    stamp="$venv/.requirements.sha256"
    if [[ -x "$venv/bin/python" && -f "$stamp" ]] && [[ "$(cat "$stamp")" == "$(sha256sum "$req" | cut -d' ' -f1)" ]]; then
      say "interop $flavour: already present ($venv)"
      continue
    fi
    say "interop $flavour: installing $req into $venv (log: $log)"
    rm -rf "$venv"
    "$boot/bin/uv" venv -q --python "$python" "$venv" >>"$log" 2>&1 || {
      tail_log "$log"
      die "interop: '$boot/bin/uv venv --python $python $venv' failed (see $log)"
    }
    # Compiled now, so the suite does not compile the library on every import.
    "$boot/bin/uv" pip sync -q --compile-bytecode --python "$venv/bin/python" "$req" >>"$log" 2>&1 || {
      tail_log "$log"
      die "interop: '$boot/bin/uv pip sync --compile-bytecode --python $venv/bin/python $req' failed (see $log)"
    }
    "$venv/bin/python" -c 'import mindtrace.datalake, mindtrace.registry, numpy, PIL' >>"$log" 2>&1 || {
      tail_log "$log"
      die "interop: '$venv/bin/python -c \"import mindtrace.datalake\"' failed after install (see $log)"
    }
    sha256sum "$req" | cut -d' ' -f1 >"$stamp"
    say "interop $flavour: installed ($venv)"
  done
}

# Sourced (by its tests), it only defines the functions.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  install_ferretdb
  install_python_servers
  install_chromium
  install_interop_venvs
fi
