#!/usr/bin/env bash
# Installs the real httppubsub peers (lonelyps* packages from PyPI) into the shared venv interop/.venv:
#  - lonelypss: the broadcaster (FastAPI app, run with uvicorn; SQLite subscription store)
#  - lonelypsc: the Python subscriber/notifier client
#  - lonelypsp: the wire protocol library both use
# Idempotent: skips pip when the pinned versions are already installed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/../.venv"
LONELYPSS=0.0.12
LONELYPSC=0.0.18
LONELYPSP=0.0.47
UVICORN=0.54.0
FASTAPI=0.165.0
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if "$venv/bin/python" - <<PY 2>/dev/null
import importlib.metadata as m
want = {"lonelypss": "$LONELYPSS", "lonelypsc": "$LONELYPSC", "lonelypsp": "$LONELYPSP", "uvicorn": "$UVICORN", "fastapi": "$FASTAPI"}
ok = all(m.version(k) == v for k, v in want.items())
raise SystemExit(0 if ok else 1)
PY
then
  echo "httppubsub peers already installed"
  exit 0
fi
"$venv/bin/pip" install --disable-pip-version-check -q \
  "lonelypss[standard]==$LONELYPSS" "lonelypsc[standard]==$LONELYPSC" "lonelypsp==$LONELYPSP" "uvicorn[standard]==$UVICORN" "fastapi==$FASTAPI"
"$venv/bin/python" -c "import lonelypss, lonelypsc, lonelypsp; print('httppubsub peers installed')"
