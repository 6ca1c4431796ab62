#!/usr/bin/env bash
# Installs the real Emitter broker (github.com/emitter-io/emitter, Go) into interop/.work/bin/emitter.
#
# Pinned to the master pseudo-version of commit 87f082c (2025-02-18, "update dependencies"); the
# repository's tags (v3.1, ...) are not semver, so `go install` needs the pseudo-version.
#
# The Go module proxy reachable from this project's machines answers 403 ("This module version is
# not available") for github.com/emitter-io/emitter at every version, while it serves all of the
# broker's dependencies. So, in order:
#   1. `go install` of the pinned version (works wherever the proxy serves the module);
#   2. `go build` from a local checkout of that same commit named by EMITTER_SOURCE_DIR;
#   3. otherwise record why in interop/.work/emitter.unavailable and exit 0: the real-broker tests
#      then skip with that reason (all Emitter features stay covered by the embedded broker tests).
# Idempotent: an installed binary is kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(cd "$here/.." && pwd)/.work"
bin="$work/bin"
marker="$work/emitter.unavailable"
module="github.com/emitter-io/emitter"
version="v0.0.0-20250218001601-87f082c76c06"
mkdir -p "$bin"

if [[ -x "$bin/emitter" ]]; then
  echo "emitter broker already installed at $bin/emitter"
  rm -f "$marker"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "go is not installed: cannot build the Emitter broker" | tee "$marker"
  exit 0
fi
started=$(date +%s)
log="$(mktemp)"
if GOBIN="$bin" GOFLAGS=-buildvcs=false go install "$module@$version" >"$log" 2>&1; then
  rm -f "$marker"
elif [[ -n "${EMITTER_SOURCE_DIR:-}" && -f "${EMITTER_SOURCE_DIR}/go.mod" ]]; then
  (cd "$EMITTER_SOURCE_DIR" && GOFLAGS=-buildvcs=false go build -o "$bin/emitter" .)
  rm -f "$marker"
else
  {
    echo "The Emitter broker could not be installed: 'go install $module@$version' failed with:"
    sed -e 's#https\{0,1\}://[^ ]*#<module proxy>#g' -e 's/^/  /' "$log" | tail -5
    echo "Set EMITTER_SOURCE_DIR to a checkout of commit 87f082c to build it from source."
  } | tee "$marker"
  rm -f "$log"
  exit 0
fi
rm -f "$log"
echo "emitter broker installed at $bin/emitter in $(( $(date +%s) - started ))s"
