"""Python peer for the replay harness: the real fastapi_websocket_pubsub PubSubClient on the wsrpc replay server.

Usage: py_wsrpc_subscriber.py URI WARMUP MESSAGES TIMEOUT_SECONDS

Subscribes to "bench", counts WARMUP events, then measures the next MESSAGES: wall time (perf_counter_ns) and
this process's CPU time (process_time_ns), and prints the same line as the Java subscribers:
REPLAY-RESULT messages=N nanos=T cpu-nanos=C (or REPLAY-FAILED received=K, exit status 1).
Runs in the interop venv (interop/wsrpc/setup.sh installs the pinned versions).
"""
import asyncio
import logging
import sys
import time

from fastapi_websocket_pubsub import PubSubClient


async def main():
    uri, warmup, measured, timeout = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    state = {"n": 0}
    done = asyncio.Event()

    async def on_event(data=None, topic=None):
        data["seq"]
        state["n"] += 1
        n = state["n"]
        if n == warmup:
            state["t0"] = time.perf_counter_ns()
            state["c0"] = time.process_time_ns()
        elif n == warmup + measured:
            state["t1"] = time.perf_counter_ns()
            state["c1"] = time.process_time_ns()
            done.set()

    client = PubSubClient()
    client.subscribe("bench", on_event)
    client.start_client(uri)
    try:
        await asyncio.wait_for(done.wait(), timeout)
    except asyncio.TimeoutError:
        print(f"REPLAY-FAILED received={state['n']}", flush=True)
        sys.exit(1)
    print(f"REPLAY-RESULT messages={measured} nanos={state['t1'] - state['t0']} "
          f"cpu-nanos={state['c1'] - state['c0']}", flush=True)
    await client.disconnect()


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(main())
