#!/usr/bin/env bash
# The replay harness (issue 14): builds the benchmarks module once, then per provider starts a replay
# server JVM that streams pre-encoded delivery frames and runs three subscribers, each in its own JVM,
# in alternating rounds: bare transport client (the floor), our client with a raw subscribe(...)
# handler, our client with a @PubSubListener converting to a record. Prints one table of medians
# (msg/s, subscriber-process CPU us per message, ratios vs bare) and stops by itself.
#
#   benchmarks/run-all.sh                                  # 5 rounds, 200,000 messages after 50,000 warm-up
#   benchmarks/run-all.sh --rounds=1 --messages=20000 --warmup=5000           # smoke run
#   benchmarks/run-all.sh --providers=emitter --subscriber-jvm-args="-Xmx512m -XX:+UseParallelGC"
#   SKIP_BUILD=1 benchmarks/run-all.sh ...                 # reuse benchmarks/target/pubsub-benchmarks.jar
#   PEERS=1 benchmarks/run-all.sh ...    # optional second stage: the Python peers in the same rounds: Realtime
#                                        # seed client, emitter-io, realtimex-python (benchmarks/peers/setup.sh,
#                                        # run here), wsrpc's PubSubClient and lonelypsc (interop/wsrpc/setup.sh,
#                                        # interop/httppubsub/setup.sh; venv under
#                                        # $PUBSUB_INTEROP_HOME, default interop/)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
jar=benchmarks/target/pubsub-benchmarks.jar
if [[ -z "${SKIP_BUILD:-}" || ! -f "$jar" ]]; then
  ./mvnw -B -q -Pbenchmarks -pl benchmarks -am package -DskipTests
fi
peers=()
if [[ -n "${PEERS:-}" ]]; then
  python="${PUBSUB_INTEROP_HOME:-$root/interop}/.venv/bin/python"
  if [[ -x "$python" ]]; then
    peers+=(--python="$python")
  else
    echo "PEERS=1: no wsrpc peer, $python is missing (run interop/wsrpc/setup.sh)" >&2
  fi
  benchmarks/peers/setup.sh
  peers+=(--peers-python="$root/benchmarks/.work/venv/bin/python" --peers-dir="$root/benchmarks/peers")
fi
exec java -Xmx256m -jar "$jar" replay --jar="$jar" "${peers[@]}" "$@"
