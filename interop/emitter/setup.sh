#!/usr/bin/env bash
# Installs the real Emitter broker (github.com/emitter-io/emitter, Go) into interop/.work/bin/emitter.
#
# Pinned to commit 87f082c (2025-02-18, "update dependencies"), master pseudo-version
# v0.0.0-20250218001601-87f082c76c06 (the repository's tags, v3.1, ..., are not semver).
#
# The Go module proxy reachable from this project's machines answers 403 ("This module version is
# not available") for github.com/emitter-io/emitter at every version, while it serves all of the
# broker's dependencies. So, in order:
#   1. a cached binary in interop/.work/bin/emitter is kept (idempotent);
#   2. `go install` of the pinned version (works wherever the proxy serves the module);
#   3. `go build` from the unmodified source archive of that commit,
#      ../shared/peers/emitter-87f082c.tar.gz relative to the repository root (or the main checkout
#      of a git worktree, or $EMITTER_SOURCE_ARCHIVE), checked against its SHA-256 and extracted
#      under interop/.work (never into the repository);
#   4. `go build` from a checkout of that commit named by $EMITTER_SOURCE_DIR.
# When none works, the reason goes to interop/.work/emitter.unavailable: outside CI the real-broker
# tests then skip with it (the embedded broker tests still cover every Emitter feature); in CI (any
# truthy CI: true, 1, yes) this script fails, and so would the tests.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$root/interop/.work"
bin="$work/bin"
marker="$work/emitter.unavailable"
module="github.com/emitter-io/emitter"
version="v0.0.0-20250218001601-87f082c76c06"
archive_name="emitter-87f082c.tar.gz"
archive_sha256="118b8151182656e6d7ac100fd18f328ea03d743111b334b5362644634482b4dd"
mkdir -p "$bin"

in_ci() {
  case "$(printf '%s' "${CI:-}" | tr '[:upper:]' '[:lower:]')" in
    true | 1 | yes) return 0 ;;
    *) return 1 ;;
  esac
}

unavailable() {
  {
    echo "The Emitter broker could not be installed:"
    sed -e 's#https\{0,1\}://[^ ]*#<module proxy>#g' -e 's/^/  /' "$1" | tail -20
    echo "Put the source archive $archive_name at ../shared/peers/ (or set EMITTER_SOURCE_ARCHIVE), or set"
    echo "EMITTER_SOURCE_DIR to a checkout of commit 87f082c, and run interop/emitter/setup.sh again."
  } | tee "$marker"
  if in_ci; then
    echo "CI: the real Emitter broker is required" >&2
    exit 1
  fi
  exit 0
}

if [[ -x "$bin/emitter" ]]; then
  echo "emitter broker already installed at $bin/emitter"
  rm -f "$marker"
  exit 0
fi
log="$work/emitter-setup.log"
: >"$log"
if ! command -v go >/dev/null 2>&1; then
  echo "go is not installed" >"$log"
  unavailable "$log"
fi
started=$(date +%s)
export GOTOOLCHAIN=local GOFLAGS=-buildvcs=false

# Build from a source directory into a temporary file, then move it into place (no half-written binary).
build_from() {
  (cd "$1" && go build -o "$bin/emitter.partial" .) >>"$log" 2>&1 && mv "$bin/emitter.partial" "$bin/emitter"
}

find_archive() {
  local candidate common
  if [[ -n "${EMITTER_SOURCE_ARCHIVE:-}" ]]; then
    echo "$EMITTER_SOURCE_ARCHIVE"
    return
  fi
  candidate="$root/../shared/peers/$archive_name"
  if [[ ! -f "$candidate" ]] && common="$(git -C "$root" rev-parse --path-format=absolute --git-common-dir 2>/dev/null)"; then
    candidate="$(dirname "$common")/../shared/peers/$archive_name"
  fi
  echo "$candidate"
}

if GOBIN="$bin" go install "$module@$version" >>"$log" 2>&1; then
  echo "emitter broker installed from the module proxy"
else
  archive="$(find_archive)"
  if [[ -f "$archive" ]]; then
    echo "the module proxy refuses $module; building it from $archive"
    actual="$(sha256sum "$archive" | cut -d' ' -f1)"
    if [[ "$actual" != "$archive_sha256" ]]; then
      echo "$archive has SHA-256 $actual, expected $archive_sha256" >>"$log"
      unavailable "$log"
    fi
    source_dir="$work/emitter-src"
    rm -rf "$source_dir"
    mkdir -p "$source_dir"
    tar -xzf "$archive" -C "$source_dir"
    build_from "$source_dir/emitter-87f082c" || unavailable "$log"
    rm -rf "$source_dir"
  elif [[ -n "${EMITTER_SOURCE_DIR:-}" && -f "${EMITTER_SOURCE_DIR}/go.mod" ]]; then
    echo "the module proxy refuses $module; building it from $EMITTER_SOURCE_DIR"
    build_from "$EMITTER_SOURCE_DIR" || unavailable "$log"
  else
    echo "no source archive at $archive and no EMITTER_SOURCE_DIR" >>"$log"
    unavailable "$log"
  fi
fi
rm -f "$marker" "$log"
echo "emitter broker installed at $bin/emitter in $(( $(date +%s) - started ))s"
