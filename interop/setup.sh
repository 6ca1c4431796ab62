#!/usr/bin/env bash
# Installs the real protocol peers the interop tests run against: every interop/<peer>/setup.sh,
# in name order. Each script pins its versions and is idempotent (re-running skips what is there).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
shopt -s nullglob
for script in "$here"/*/setup.sh; do
  echo "==> $(basename "$(dirname "$script")")"
  bash "$script"
done
