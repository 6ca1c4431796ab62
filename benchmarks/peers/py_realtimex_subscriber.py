"""Python peer: realtimex-python (python-socketio client, WebSocket transport) on the RealtimeX replay server.

Usage: py_realtimex_subscriber.py PORT WARMUP MESSAGES TIMEOUT_SECONDS (venv: benchmarks/peers/setup.sh).
Subscribes to the public channel "bench", binds "tick", reads data["seq"] of each delivery.
(realtimex-python installs its package under the top-level name "src".)
"""
import logging
import sys

from src.realtimex import RealtimeX

from peer_meter import PeerMeter, args


def main():
    port, warmup, measured, timeout = args()
    meter = PeerMeter(warmup, measured)
    client = RealtimeX("replay", {"ws_host": "127.0.0.1", "ws_port": port, "encrypted": False})

    def on_tick(data):
        data["seq"]
        meter.hit()

    client.connect()
    channel = client.subscribe("bench")
    channel.bind("tick", on_tick)
    status = meter.report(meter.done.wait(timeout))
    client.disconnect()
    sys.exit(status)


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    main()
