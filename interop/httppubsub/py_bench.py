"""Benchmark side B: the real lonelypsc client as notifier AND subscriber, driven over stdin/stdout.

usage: py_bench.py <broadcaster-url> <subscriber-secrets.json> <listen-port> <topic>

One HttpPubSubClient (the shipped configuration of py_notify.py: uvicorn receiver on 127.0.0.1,
simple tracing) subscribes to <topic> exactly and iterates its messages; the same client notifies.
Prints "ready" once subscribed, then answers each command line on stdin with one line
"result name=value ...":

  phase <seconds> <window>   notify for <seconds> with <window> notifies in flight (one loop per
                             slot: stamp, notify, await the answer), then wait for every delivery;
                             the result has sent/received/failed counts, elapsed_ns (phase start to
                             last delivery) and latency percentiles in ns (nearest rank), measured
                             from just before notify to the subscriber's iterator yielding the message
  quit                       leave
The payload is the JSON the Java side sends: {"seq":<n>,"sentNanos":<perf_counter_ns>}.
"""
import asyncio
import json
import math
import os
import sys
import tempfile
import time

from lonelypsc.config.file_config import get_auth_config_from_file
from lonelypsc.config.http_config import make_http_pub_sub_config
from lonelypsc.http_client import HttpPubSubClient
from lonelypsp.auth.config import AuthConfigFromParts
from lonelypsp.tracing.impl.simple.config import SimpleTracingConfig
from lonelypsp.tracing.impl.simple.db import SimpleTracingDBSidecar
from lonelypsp.tracing.impl.simple.root import SimpleTracingSubscriberRoot


class Phase:
    def __init__(self) -> None:
        self.latencies = []
        self.last_received = 0
        self.changed = asyncio.Event()


def percentile(sorted_values, quantile):
    if not sorted_values:
        return 0
    index = math.ceil(quantile * len(sorted_values)) - 1
    return sorted_values[max(0, min(len(sorted_values) - 1, index))]


async def run_phase(client, topic: bytes, state: dict, seconds: float, window: int) -> dict:
    phase = Phase()
    state["phase"] = phase
    counters = {"sent": 0, "failed": 0}
    start = time.perf_counter_ns()
    deadline = start + int(seconds * 1e9)

    async def slot() -> None:
        while time.perf_counter_ns() < deadline:
            seq = counters["sent"]
            counters["sent"] += 1
            sent = time.perf_counter_ns()
            data = json.dumps({"seq": seq, "sentNanos": sent}, separators=(",", ":")).encode("utf-8")
            try:
                result = await client.notify(trace_initializer=None, topic=topic, data=data)
                if result.notified != 1:
                    counters["failed"] += 1
            except Exception:
                counters["failed"] += 1

    await asyncio.gather(*(slot() for _ in range(window)))
    expected = counters["sent"] - counters["failed"]
    drain_deadline = time.monotonic() + 10
    while len(phase.latencies) < expected and time.monotonic() < drain_deadline:
        phase.changed.clear()
        try:
            await asyncio.wait_for(phase.changed.wait(), 0.5)
        except asyncio.TimeoutError:
            pass
    state["phase"] = None
    latencies = sorted(phase.latencies)
    return {
        "sent": counters["sent"],
        "received": len(latencies),
        "failed": counters["failed"],
        "elapsed_ns": (phase.last_received - start) if latencies else 0,
        "p50": percentile(latencies, 0.50),
        "p90": percentile(latencies, 0.90),
        "p99": percentile(latencies, 0.99),
        "max": latencies[-1] if latencies else 0,
    }


async def consume(iterator, state: dict) -> None:
    async for message in iterator:
        now = time.perf_counter_ns()
        phase = state["phase"]
        if phase is None:
            continue
        body = json.loads(message.data.read())
        phase.latencies.append(now - body["sentNanos"])
        phase.last_received = now
        phase.changed.set()


async def main() -> None:
    broadcaster, secrets, port, topic_text = sys.argv[1:5]
    topic = topic_text.encode("utf-8")
    to_subscriber, to_broadcaster = get_auth_config_from_file(secrets)
    tracing_config = SimpleTracingConfig()
    loop = asyncio.get_running_loop()
    with tempfile.TemporaryDirectory() as tmp:
        async with SimpleTracingDBSidecar(tracing_config, os.path.join(tmp, "traces.db")) as db:
            config = make_http_pub_sub_config(
                bind={"type": "uvicorn", "host": "127.0.0.1", "port": int(port)},
                host=f"http://127.0.0.1:{port}",
                broadcasters=[{"host": broadcaster}],
                outgoing_retries_per_broadcaster=2,
                message_body_spool_size=1024 * 1024 * 10,
                outgoing_http_timeout_total=60,
                outgoing_http_timeout_connect=None,
                outgoing_http_timeout_sock_read=None,
                outgoing_http_timeout_sock_connect=5,
                outgoing_retry_ambiguous=True,
                auth=AuthConfigFromParts(to_broadcaster=to_broadcaster, to_subscriber=to_subscriber),
                tracing=SimpleTracingSubscriberRoot(db, tracing_config).stateless,
            )
            async with HttpPubSubClient(config) as client:
                async with client.subscribe_exact(topic) as subscription:
                    iterator = await subscription.messages()
                    state = {"phase": None}
                    consumer = asyncio.create_task(consume(iterator, state))
                    print("ready", flush=True)
                    try:
                        while True:
                            line = await loop.run_in_executor(None, sys.stdin.readline)
                            words = line.split()
                            if not words or words[0] == "quit":
                                break
                            if words[0] != "phase" or len(words) != 3:
                                print(f"error unknown command {line.strip()!r}", flush=True)
                                continue
                            result = await run_phase(client, topic, state, float(words[1]), int(words[2]))
                            print("result " + " ".join(f"{k}={v}" for k, v in result.items()), flush=True)
                    finally:
                        consumer.cancel()
                        try:
                            await consumer
                        except asyncio.CancelledError:
                            pass


if __name__ == "__main__":
    asyncio.run(main())
