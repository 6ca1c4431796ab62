"""Python peer: the Realtime seed client (realtime-pubsub-client 1.0.0) on the Realtime replay server.

Usage: py_realtime_subscriber.py PORT WARMUP MESSAGES TIMEOUT_SECONDS (venv: benchmarks/peers/setup.sh).
Listens to "bench.tick" (the client's own event routing), reads payload["seq"] of each delivery.
"""
import asyncio
import logging
import sys

from realtime_pubsub_client import RealtimeClient

from peer_meter import PeerMeter, args


async def main():
    port, warmup, measured, timeout = args()
    meter = PeerMeter(warmup, measured)
    url = f"ws://127.0.0.1:{port}/apps/bench?access_token=replay"
    client = RealtimeClient({"websocket_options": {"url_provider": url}})

    def on_tick(message, reply_fn):
        message["data"]["payload"]["seq"]
        meter.hit()

    client.on("bench.tick", on_tick)
    await client.connect()
    await client.subscribe_remote_topic("bench")
    loop = asyncio.get_running_loop()
    completed = await loop.run_in_executor(None, meter.done.wait, timeout)
    status = meter.report(completed)
    await client.disconnect()
    sys.exit(status)


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(main())
