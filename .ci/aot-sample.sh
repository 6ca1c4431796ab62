#!/usr/bin/env bash
# AOT check of the sample app (issue 11): run Spring's AOT processing through the Boot parent's
# `native` profile (process-aot only; no native-image compilation, the native-maven-plugin is not
# bound), start the jar with the generated code (-Dspring.aot.enabled=true) on a free port, and wait
# until /actuator/health shows every client component UP. Fails (never hangs) on any problem.
#
# Usage: .ci/aot-sample.sh [--no-build]   (--no-build: reuse the jar from a previous run)
# Env:   AOT_SAMPLE_TIMEOUT  seconds to wait for all components UP (default 120)
#        AOT_SAMPLE_LOG      where the app's output goes (default pubsub-spring-sample-app/target/aot-sample.log)
set -euo pipefail
cd "$(dirname "$0")/.."

timeout_seconds="${AOT_SAMPLE_TIMEOUT:-120}"
log="${AOT_SAMPLE_LOG:-pubsub-spring-sample-app/target/aot-sample.log}"
# Every client the sample configures, plus the endpoint it hosts (health components under "pubsub").
components=(gateway notifications sensors feed wsrpcServer)

if [[ "${1:-}" != "--no-build" ]]; then
	# process-aot runs the application's bean definition phase at build time; it must neither start
	# servers nor leave threads behind, so bound it rather than let a regression hang CI.
	timeout 900 ./mvnw -B -q -Pnative -DskipTests -pl pubsub-spring-sample-app -am package
fi

jar="$(ls pubsub-spring-sample-app/target/pubsub-spring-sample-app-*.jar | grep -v -- '-plain\|\.original' | head -n 1)"
if ! jar tf "$jar" | grep -q 'BOOT-INF/classes/dev/pubsub/sample/SampleApplication__ApplicationContextInitializer.class'; then
	echo "aot-sample: $jar has no AOT-generated initializer; was process-aot skipped?" >&2
	exit 1
fi

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
mkdir -p "$(dirname "$log")"
java -Dspring.aot.enabled=true -jar "$jar" --server.port="$port" >"$log" 2>&1 &
pid=$!
stop_app() {
	if kill -0 "$pid" 2>/dev/null; then
		kill "$pid" 2>/dev/null || true
		for _ in $(seq 1 30); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 1
		done
		kill -9 "$pid" 2>/dev/null || true
	fi
}
trap stop_app EXIT

health_ok() {
	curl -s --max-time 5 "http://127.0.0.1:$port/actuator/health" | python3 -c '
import json, sys
wanted = sys.argv[1:]
try:
	health = json.load(sys.stdin)
except ValueError:
	sys.exit(1)
pubsub = health.get("components", {}).get("pubsub", {}).get("components", {})
# the expected ones, and any other component the sample has under "pubsub"
states = {name: pubsub.get(name, {}).get("status", "MISSING") for name in wanted + sorted(set(pubsub) - set(wanted))}
print(" ".join(f"{name}={state}" for name, state in states.items()))
sys.exit(0 if all(state == "UP" for state in states.values()) else 1)
' "${components[@]}"
}

deadline=$((SECONDS + timeout_seconds))
last=""
while true; do
	if ! kill -0 "$pid" 2>/dev/null; then
		echo "aot-sample: the application exited; last lines of $log:" >&2
		tail -n 60 "$log" >&2
		exit 1
	fi
	if last="$(health_ok)"; then
		break
	fi
	if ((SECONDS >= deadline)); then
		echo "aot-sample: not every component UP after ${timeout_seconds}s: ${last:-no health answer}; last lines of $log:" >&2
		tail -n 60 "$log" >&2
		exit 1
	fi
	sleep 2
done

if ! grep -q 'Starting AOT-processed' "$log"; then
	echo "aot-sample: the application did not start from the AOT-generated code; see $log" >&2
	exit 1
fi
echo "aot-sample: AOT-processed sample UP on port $port: $last"
grep -o 'Started [A-Za-z]* in [0-9.]* seconds[^)]*)' "$log" | head -n 1 || true
