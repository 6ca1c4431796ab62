#!/usr/bin/env bash
# Installs the reference Socket.IO server (npm socket.io, pinned in package-lock.json) that the
# RealtimeX interop tests start with `node realtimex-server.js PORT`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
if ! command -v node >/dev/null 2>&1; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm
fi
if [ -f node_modules/socket.io/package.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  echo "socket.io already installed"
  exit 0
fi
npm ci --no-audit --no-fund
