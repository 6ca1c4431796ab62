#!/usr/bin/env bash
# Fan-out benchmark: one publisher to N subscribers on loopback, our Spring-hosted endpoint vs the
# real Python fastapi_websocket_pubsub server, in the same run. Not part of the test run.
# Needs interop/wsrpc/setup.sh. Options as system properties, e.g.:
#   benchmarks/wsrpc/run.sh -Dsubscribers=100 -Dburst=1000 -Dpaced=200 -Drate=20 -Dwarmup=300 -Dsubscriber=bare
# The last column is our endpoint's heap per idle session (jcmd GC.run + GC.heap_info before the sessions
# connect and once all have subscribed); issue 14 asks for 1 -> 1,000: -Dsubscribers=1000 -Dsubscriber=bare.
# -Dsubscriber=bare uses minimal JSON-RPC subscribers instead of our full client (less client CPU on the
# shared cores); -Dwarmup is an unmeasured burst before timing, so a JVM server is compiled first.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
./mvnw -B -q -o -pl pubsub-spring-boot-autoconfigure test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/wsrpc-bench.classpath
cp="pubsub-spring-boot-autoconfigure/target/classes:$(cat pubsub-spring-boot-autoconfigure/target/wsrpc-bench.classpath)"
exec java -Xmx1g -cp "$cp" -Dinterop="${PUBSUB_INTEROP_HOME:-$root/interop}" -Dbenchmark.source="$root/benchmarks/wsrpc/WsRpcFanoutBenchmark.java" \
  "$@" benchmarks/wsrpc/WsRpcFanoutBenchmark.java
