"""Python peer: the emitter-io Python SDK (paho-mqtt v1 API) on the Emitter replay broker.

Usage: py_emitter_subscriber.py PORT WARMUP MESSAGES TIMEOUT_SECONDS (venv: benchmarks/peers/setup.sh).
Subscribes with key "replaykey" to channel "bench/", reads as_object()["seq"] of each delivery.
"""
import logging
import sys

from emitter import Client

from peer_meter import PeerMeter, args


def main():
    port, warmup, measured, timeout = args()
    meter = PeerMeter(warmup, measured)

    def on_tick(message):
        message.as_object()["seq"]
        meter.hit()

    client = Client()
    client.connect(host="127.0.0.1", port=port, secure=False)
    client.subscribe("replaykey", "bench/", optional_handler=on_tick)
    client.loop_start()
    status = meter.report(meter.done.wait(timeout))
    client.loop_stop()
    sys.exit(status)


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    main()
