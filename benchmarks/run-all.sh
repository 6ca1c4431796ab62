#!/usr/bin/env bash
# The capacity benchmarks of issue 14, one command, one table at the end; stops by itself. Parts (PARTS=...,
# default all, in this order):
#   replay   replay server per provider (own JVM) -> bare / raw / @PubSubListener subscribers (each a fresh JVM),
#            alternating rounds: msg/s, subscriber CPU us/msg, p50/p99 at a fixed rate; PEERS=1 adds the Python
#            peers (Realtime seed client, emitter-io, realtimex-python: benchmarks/peers/setup.sh, run here;
#            wsrpc PubSubClient and lonelypsc: interop/wsrpc/setup.sh, interop/httppubsub/setup.sh, venv under
#            $PUBSUB_INTEROP_HOME, default interop/)
#   auth     /pubsub/auth with wrk vs a bare Spring MVC endpoint and npm pusher behind node:http
#            (benchmarks/endpoints/setup.sh installs wrk and pusher, run here)
#   fanout   wsrpc endpoint 1 -> FANOUT_SUBSCRIBERS (1000) sessions: deliveries/s, heap per idle session, vs the
#            Python server (needs the interop venv)
#   startup  5 clients + 100 @PubSubListener methods vs the same app without the starter (JIT)
#
#   benchmarks/run-all.sh                                      # all parts, replay: 3 rounds of 100,000 messages
#   benchmarks/run-all.sh --rounds=1 --messages=10000 --warmup=5000 --paced-seconds=1   # smoke (wiring only)
#   PARTS=replay benchmarks/run-all.sh --providers=emitter --rate=5000
#   SKIP_BUILD=1 ...                                           # reuse benchmarks/target/pubsub-benchmarks.jar
# Arguments go to the replay part (see ReplayBenchmark); the others take AUTH_SECONDS, AUTH_ROUNDS,
# FANOUT_SUBSCRIBERS, FANOUT_BURST, STARTUP_ROUNDS from the environment. Logs: benchmarks/.work/run-<time>/.
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
parts=",${PARTS:-replay,auth,fanout,startup},"
logs="benchmarks/.work/run-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$logs"
interop="${PUBSUB_INTEROP_HOME:-$root/interop}"

if [[ "$parts" == *,replay,* ]]; then
  echo "== replay" >&2
  java -Xmx256m -jar "$jar" replay --jar="$jar" --rounds=3 --messages=100000 --warmup=30000 --paced-seconds=2 \
    "${peers[@]}" "$@" | tee "$logs/replay.txt"
fi
if [[ "$parts" == *,auth,* ]]; then
  echo "== auth" >&2
  benchmarks/endpoints/setup.sh >&2
  java -Xmx512m -jar "$jar" channel-auth --client=wrk --kinds=private,presence,bare,node \
    --seconds="${AUTH_SECONDS:-3}" --rounds="${AUTH_ROUNDS:-3}" --warmup-seconds=5 | tee "$logs/auth.txt"
fi
if [[ "$parts" == *,fanout,* ]]; then
  echo "== fanout" >&2
  if [[ -x "$interop/.venv/bin/python" ]]; then
    n="${FANOUT_SUBSCRIBERS:-1000}"
    PUBSUB_INTEROP_HOME="$interop" benchmarks/wsrpc/run.sh -Dsubscribers="$n" -Dsubscriber=bare \
      -Dburst="${FANOUT_BURST:-200}" -Dpaced=50 -Drate=10 -Dwarmup=50 | tee "$logs/fanout.txt"
    # one row per server: deliveries/s, p50/p99 (ms -> us), heap per idle session, ratio to the Python server
    awk '$1 == "python-server" { py = $4 } $1 == "spring-endpoint" { sp = $4; line = $0 }
      END { split(line, f, " ");
        printf "TABLE-ROW fanout-1->%s spring-endpoint %s - %.0f %.0f %s\n", f[2], sp, f[7] * 1000, f[8] * 1000,
          (py > 0 ? sprintf("%.2f_vs_python/heap_%sKB_per_idle_session", sp / py, f[10]) : "-");
        if (py > 0) printf "TABLE-ROW fanout-1->%s python-server %s - - - 1.00\n", f[2], py }' \
      "$logs/fanout.txt" >> "$logs/fanout.txt"
  else
    echo "fanout skipped: $interop/.venv is missing (interop/wsrpc/setup.sh)" >&2
  fi
fi
if [[ "$parts" == *,startup,* ]]; then
  echo "== startup" >&2
  java -Xmx256m -jar "$jar" startup --jar="$jar" --rounds="${STARTUP_ROUNDS:-3}" | tee "$logs/startup.txt"
fi

echo
echo "== issue 14 capacity table ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); logs in $logs)"
printf '%-22s %-26s %12s %12s %10s %10s  %s\n' "provider/part" "subscriber" "msg/s" "cpu us/msg" "p50 us" "p99 us" \
  "ratio vs baseline"
cat "$logs"/*.txt 2>/dev/null | grep '^TABLE-ROW ' | while read -r _ part who rate cpu p50 p99 ratio; do
  printf '%-22s %-26s %12s %12s %10s %10s  %s\n' "$part" "$who" "$rate" "$cpu" "$p50" "$p99" "${ratio//_/ }"
done
