#!/usr/bin/env bash
# The Python peers of the replay harness (issue 14 part 3), pinned, into benchmarks/.work/venv (gitignored).
# Idempotent: re-running skips what is already installed. The wsrpc peer (fastapi_websocket_pubsub) comes
# from the interop venv instead (interop/wsrpc/setup.sh).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/../.work/venv"

REALTIME_CLIENT_VERSION="1.0.0"
# realtime-pubsub-client 1.0.0 asks for websockets>=13.1 but calls ws.closed, which the new asyncio
# implementation (the default from websockets 14) does not have: 13.1 is the version it works with.
WEBSOCKETS_VERSION="13.1"
EMITTER_VERSION="2.3.0"
# emitter-io 2.3.0 builds mqtt.Client() without a callback API version, which paho-mqtt 2.x refuses.
PAHO_VERSION="1.6.1"
REALTIMEX_VERSION="1.0.5"
SOCKETIO_VERSION="5.18.1"

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" - <<PY 2>/dev/null
from importlib.metadata import version
assert version("realtime-pubsub-client") == "$REALTIME_CLIENT_VERSION"
assert version("websockets") == "$WEBSOCKETS_VERSION"
assert version("emitter-io") == "$EMITTER_VERSION"
assert version("paho-mqtt") == "$PAHO_VERSION"
assert version("realtimex-python") == "$REALTIMEX_VERSION"
assert version("python-socketio") == "$SOCKETIO_VERSION"
PY
then
  "$venv/bin/python" -m pip install --disable-pip-version-check -q \
    "realtime-pubsub-client==$REALTIME_CLIENT_VERSION" "websockets==$WEBSOCKETS_VERSION" \
    "emitter-io==$EMITTER_VERSION" "paho-mqtt==$PAHO_VERSION" \
    "realtimex-python==$REALTIMEX_VERSION" "python-socketio[client]==$SOCKETIO_VERSION"
fi
echo "replay peers: realtime-pubsub-client $REALTIME_CLIENT_VERSION (websockets $WEBSOCKETS_VERSION)," \
  "emitter-io $EMITTER_VERSION (paho-mqtt $PAHO_VERSION), realtimex-python $REALTIMEX_VERSION"
