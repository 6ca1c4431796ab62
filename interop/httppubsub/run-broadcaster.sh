#!/usr/bin/env bash
# Starts the real lonelypss broadcaster on 127.0.0.1.
#   run-broadcaster.sh <work-dir> <port> <none|token|hmac> [to-broadcaster-secret] [to-subscriber-secret]
# First run in <work-dir> generates main.py and the secrets files with `lonelypss --setup` (the upstream
# template); later runs reuse them (and the subscriptions db), which is how tests restart a broadcaster.
# The generated main.py is patched for three upstream defects (lonelypss 0.0.12): ConfigFromParts needs a
# tracing config that the template omits, the token template passes the to-subscriber token positionally to a
# keyword-only constructor, and the websocket fan-out URL is hard-coded to port 3003.
# LONELYPSS_WS_MESSAGE_SIZE (bytes), when set on the first run, replaces the 16 MiB outgoing websocket message
# size, so that tests see messages arrive in several parts.
# Each patch must apply exactly: if the template changed, the script exits with status 1 and says which did not.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# the virtualenv of interop/setup.sh: under PUBSUB_INTEROP_HOME when set (another checkout), else here
venv="${PUBSUB_INTEROP_HOME:-$here/..}/.venv"
dir="$1"; port="$2"; auth="$3"
mkdir -p "$dir"
cd "$dir"
if [ ! -f main.py ]; then
  args=(--setup --db sqlite --to-broadcasters-auth "$auth" --to-subscribers-auth "$auth")
  if [ "$auth" != none ]; then
    args+=(--to-broadcasters-secret "$4" --to-subscribers-secret "$5")
  fi
  "$venv/bin/lonelypss" "${args[@]}" >/dev/null
  "$venv/bin/python" - "$port" "$auth" <<'PY'
# Every patch must apply to the template of the pinned lonelypss: when one does not (the template
# changed), fail with a message instead of starting a broadcaster that silently lacks the fix.
import os
import sys

port, auth = sys.argv[1], sys.argv[2]
src = open("main.py").read()
failed = []


def patch(old, new, count=1):
    global src
    found = src.count(old)
    if found != count:
        failed.append("expected %d occurrence(s) of %r, found %d" % (count, old, found))
        return
    src = src.replace(old, new)


if "tracing=" not in src:
    patch("    GenericConfigFromValues,", "    GenericConfigFromValues,\n    TracingConfigSimple,")
    patch("        notify_session=NotifySessionStandard(),",
          "        tracing=TracingConfigSimple(),\n        notify_session=NotifySessionStandard(),")
if auth == "token":
    patch("ToSubscriberTokenAuth(\n        auth_secrets", "ToSubscriberTokenAuth(\n        token=auth_secrets")
patch("http://127.0.0.1:3003/", "http://127.0.0.1:" + port + "/", count=2)
size = os.environ.get("LONELYPSS_WS_MESSAGE_SIZE")
if size:
    patch("outgoing_max_ws_message_size=16 * 1024 * 1024", "outgoing_max_ws_message_size=" + str(int(size)))
if failed:
    sys.stderr.write("run-broadcaster.sh: the lonelypss template in %s/main.py changed, patches not applied:\n  %s\n"
                     % (os.getcwd(), "\n  ".join(failed)))
    os.rename("main.py", "main.py.unpatched")
    sys.exit(1)
open("main.py", "w").write(src)
PY
fi
exec "$venv/bin/python" -m uvicorn main:app --host 127.0.0.1 --port "$port" --log-level warning
