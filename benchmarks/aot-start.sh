#!/usr/bin/env bash
# JIT vs AOT start of the sample app (docs/performance.md, "AOT start").
# Package first: ./mvnw -B -q -Pnative -DskipTests -pl pubsub-spring-sample-app -am package
# Usage: benchmarks/aot-start.sh [rounds]   (default 5; alternates which mode starts first)
set -uo pipefail
cd "$(dirname "$0")/.."
jar="$(ls pubsub-spring-sample-app/target/pubsub-spring-sample-app-*.jar | grep -v -- '-plain\|\.original' | head -n 1)"
rounds="${1:-5}"
run() { # $1 = mode
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
  log=$(mktemp)
  if [ "$1" = aot ]; then java -Dspring.aot.enabled=true -jar "$jar" --server.port=$port >"$log" 2>&1 & else java -jar "$jar" --server.port=$port >"$log" 2>&1 & fi
  pid=$!
  for i in $(seq 1 240); do grep -q "Started SampleApplication in" "$log" && break; sleep 0.5; done
  line=$(grep -o "Started SampleApplication in [0-9.]* seconds (process running for [0-9.]*)" "$log")
  load=$(cut -d' ' -f1 /proc/loadavg)
  kill $pid; wait $pid 2>/dev/null
  echo "$1 $line load=$load"
  rm -f "$log"
}
for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) -eq 1 ]; then run jit; run aot; else run aot; run jit; fi
done
