#!/usr/bin/env bash
# Tools for the endpoint-capacity part of the benchmarks (issue 14 part 4), idempotent and pinned:
# wrk (Debian package) as the HTTP load generator, and npm pusher 5.3.4 (the version interop/socketio pins)
# into benchmarks/.work/node for the Node baseline of /pubsub/auth. Nothing here is committed (.work/).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$here/../.work/node"

if ! command -v wrk >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
mkdir -p "$work"
cp "$here/package.json" "$work/package.json"
if [ ! -f "$work/node_modules/pusher/package.json" ] \
    || ! grep -q '"version": "5.3.4"' "$work/node_modules/pusher/package.json"; then
  (cd "$work" && npm install --no-audit --no-fund --silent)
fi
echo "endpoint tools: $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2), pusher $(node -p "require('$work/node_modules/pusher/package.json').version")"
