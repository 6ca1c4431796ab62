#!/usr/bin/env bash
# Real fastapi_websocket_pubsub peers for the wsrpc interop tests: the Python server and client
# (into the shared venv interop/.venv) and redis-server (Debian package) for cross-instance fan-out.
# Pinned, idempotent: re-running skips what is already installed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/../.venv"

PUBSUB_VERSION="1.0.1"
RPC_VERSION="0.1.29"
UVICORN_VERSION="0.34.0"
PERMIT_BROADCASTER_VERSION="0.2.7"
# The Python client's reaction to a refused handshake depends on it (see docs/wsrpc.md, case 10).
WEBSOCKETS_VERSION="17.4"

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
want="fastapi-websocket-pubsub==$PUBSUB_VERSION"
if ! "$venv/bin/python" -m pip show fastapi-websocket-pubsub 2>/dev/null | grep -q "^Version: $PUBSUB_VERSION\$" \
    || ! "$venv/bin/python" -m pip show websockets 2>/dev/null | grep -q "^Version: $WEBSOCKETS_VERSION\$" \
    || ! "$venv/bin/python" -c "import uvicorn, broadcaster, redis" 2>/dev/null; then
  "$venv/bin/python" -m pip install --disable-pip-version-check -q \
    "fastapi-websocket-pubsub[redis]==$PUBSUB_VERSION" \
    "fastapi-websocket-rpc==$RPC_VERSION" \
    "permit-broadcaster[redis]==$PERMIT_BROADCASTER_VERSION" \
    "uvicorn==$UVICORN_VERSION" \
    "websockets==$WEBSOCKETS_VERSION"
fi

if ! command -v redis-server >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends redis-server >/dev/null
fi
echo "wsrpc peers: $("$venv/bin/python" -m pip show fastapi-websocket-pubsub | grep ^Version), $(redis-server --version | cut -d' ' -f3)"
