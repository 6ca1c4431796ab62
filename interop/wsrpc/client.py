"""Real fastapi_websocket_pubsub client for the wsrpc interop tests.

Usage: client.py URI SUBSCRIBE_TOPICS PUBLISH_TOPIC PUBLISH_DATA_JSON EXPECTED_COUNT [HEADER=VALUE ...]

Subscribes to the comma-separated SUBSCRIBE_TOPICS, waits until ready, publishes PUBLISH_DATA_JSON to
PUBLISH_TOPIC (sync=False, skipped when PUBLISH_TOPIC is "-"), then prints every event it receives as a
JSON line {"event": "notify", "topic": ..., "data": ...} until EXPECTED_COUNT events arrived (or 30 s),
and disconnects. Lifecycle lines: {"event": "connect"}, {"event": "ready"}, {"event": "published", "result": ...},
{"event": "disconnect"}, {"event": "done", "count": N}.
Extra HEADER=VALUE arguments are sent as HTTP headers on the WebSocket handshake.
Each handshake the server refuses with an HTTP status is reported once per status as
{"event": "refused", "status": N} (read from the library's own log records).
When the client gives up connecting (e.g. HTTP 403, not retried) it prints
{"event": "failed", "error": <exception type>, "status": <HTTP status or null>} and exits with 2; when it is
not ready within WSRPC_READY_TIMEOUT seconds (default: wait forever) it prints {"event": "not-ready"} and exits with 3.
"""
import asyncio
import json
import logging
import os
import sys

from fastapi_websocket_pubsub import PubSubClient


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


class RefusalReporter(logging.Handler):
    """Reports the HTTP statuses of refused handshakes the client library logs."""

    def __init__(self):
        super().__init__()
        self.refusals = 0
        self.reported = set()

    def emit(self, record):
        error = record.exc_info[1] if record.exc_info else None
        response = getattr(error, "response", None)
        status = getattr(error, "status_code", getattr(response, "status_code", None))
        if status is None:
            return
        self.refusals += 1
        if status not in self.reported:
            self.reported.add(status)
            emit({"event": "refused", "status": status, "error": type(error).__name__})


async def main():
    uri, topics, publish_topic, publish_data, expected = sys.argv[1:6]
    headers = dict(h.split("=", 1) for h in sys.argv[6:])
    expected = int(expected)
    refusals = RefusalReporter()
    logging.getLogger("fastapi_ws_rpc").addHandler(refusals)
    received = asyncio.Event()
    count = 0

    async def on_event(data=None, topic=None):
        nonlocal count
        count += 1
        emit({"event": "notify", "topic": topic, "data": data})
        if count >= expected:
            received.set()

    async def on_connect(client, channel):
        emit({"event": "connect"})

    async def on_disconnect(channel):
        emit({"event": "disconnect"})

    client = PubSubClient(on_connect=[on_connect], on_disconnect=[on_disconnect],
                          additional_headers=headers)
    for topic in [t for t in topics.split(",") if t]:
        client.subscribe(topic, on_event)
    client.start_client(uri)
    ready = asyncio.ensure_future(client.wait_until_ready())
    timeout = float(os.environ.get("WSRPC_READY_TIMEOUT", "0")) or None
    done, _ = await asyncio.wait([ready, client._run_task], timeout=timeout,
                                 return_when=asyncio.FIRST_COMPLETED)
    if ready not in done:
        ready.cancel()
        if client._run_task in done:
            error = client._run_task.exception()
            response = getattr(error, "response", None)
            status = getattr(error, "status_code", getattr(response, "status_code", None))
            emit({"event": "failed", "error": type(error).__name__, "status": status})
            sys.exit(2)
        emit({"event": "not-ready", "refusals": refusals.refusals})
        os._exit(3)
    emit({"event": "ready"})
    if publish_topic != "-":
        result = await client.publish([publish_topic], data=json.loads(publish_data), sync=False)
        emit({"event": "published", "result": bool(result)})
    if expected > 0:
        try:
            await asyncio.wait_for(received.wait(), 30)
        except asyncio.TimeoutError:
            pass
    emit({"event": "done", "count": count})
    await client.disconnect()


if __name__ == "__main__":
    asyncio.run(main())
