#!/usr/bin/env bash
# Installs the Mosquitto MQTT broker from Debian's packages (/usr/sbin/mosquitto), for the Emitter
# client's plain-MQTT interop tests (EmitterMosquittoTests) and the `emitter --broker=mosquitto` benchmark.
#
# The tests run the binary themselves (`mosquitto -c <generated conf>` on a free port of 127.0.0.1);
# the system service is never started (no systemd; Debian's policy-rc.d keeps it stopped in containers).
# Pinned to Debian 12's 2.0.11 (the version the tests were written against); when the archive no
# longer has that exact build, the newest 2.0.x candidate is installed instead.
# Idempotent: an installed broker is kept.
set -euo pipefail
version="2.0.11-1.2+deb12u2"

if [[ -x /usr/sbin/mosquitto ]]; then
  echo "mosquitto already installed: $(dpkg-query -W -f='${Version}' mosquitto 2>/dev/null || echo unknown)"
  exit 0
fi
started=$(date +%s)
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
if ! apt-get install -y -qq --no-install-recommends "mosquitto=$version" >/dev/null; then
  echo "mosquitto $version is not in the archive; installing the current candidate"
  apt-get install -y -qq --no-install-recommends mosquitto >/dev/null
fi
echo "mosquitto $(dpkg-query -W -f='${Version}' mosquitto) installed in $(( $(date +%s) - started ))s"
