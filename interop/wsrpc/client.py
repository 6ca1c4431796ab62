"""Real fastapi_websocket_pubsub client for the wsrpc interop tests.

Usage: client.py URI SUBSCRIBE_TOPICS PUBLISH_TOPIC PUBLISH_DATA_JSON EXPECTED_COUNT [HEADER=VALUE ...]

Subscribes to the comma-separated SUBSCRIBE_TOPICS, waits until ready, publishes PUBLISH_DATA_JSON to
PUBLISH_TOPIC (sync=False, skipped when PUBLISH_TOPIC is "-"), then prints every event it receives as a
JSON line {"event": "notify", "topic": ..., "data": ...} until EXPECTED_COUNT events arrived (or 30 s),
and disconnects. Lifecycle lines: {"event": "connect"}, {"event": "ready"}, {"event": "published", "result": ...},
{"event": "disconnect"}, {"event": "done", "count": N}.
Extra HEADER=VALUE arguments are sent as HTTP headers on the WebSocket handshake.
"""
import asyncio
import json
import sys

from fastapi_websocket_pubsub import PubSubClient


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


async def main():
    uri, topics, publish_topic, publish_data, expected = sys.argv[1:6]
    headers = dict(h.split("=", 1) for h in sys.argv[6:])
    expected = int(expected)
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
    await client.wait_until_ready()
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
