"""Real fastapi_websocket_pubsub server for the wsrpc interop tests.

Usage: server.py PORT [BROADCAST_URL] [--remote-id]

- PubSubEndpoint at ws://127.0.0.1:PORT/pubsub (optionally with a broadcaster URL such as redis://127.0.0.1:6379,
  then mounted through endpoint.main_loop so that connected clients' events are shared)
- the endpoint subscribes in-process to topic "srv" and prints each event as a JSON line
  {"event": "srv", "topic": ..., "data": ...} on stdout
- GET /trigger?topic=T&data=JSON publishes data to T from the server (endpoint.publish) and waits for it
- prints {"event": "ready", "port": PORT} once it accepts connections
"""
import asyncio
import contextlib
import json
import logging
import sys

import uvicorn
from fastapi import FastAPI, WebSocket
from fastapi_websocket_pubsub import PubSubEndpoint


def main():
    port = int(sys.argv[1])
    args = [a for a in sys.argv[2:] if not a.startswith("--")]
    broadcast_url = args[0] if args else None
    remote_id = "--remote-id" in sys.argv
    logging.basicConfig(level=logging.WARNING)

    endpoint = PubSubEndpoint(broadcaster=broadcast_url, rpc_channel_get_remote_id=remote_id)

    def emit(obj):
        sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()

    async def on_srv(subscription, data):
        emit({"event": "srv", "topic": subscription.topic, "data": data})

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        await endpoint.subscribe(["srv"], on_srv)
        asyncio.get_running_loop().call_later(0.05, emit, {"event": "ready", "port": port})
        yield

    app = FastAPI(lifespan=lifespan)
    if broadcast_url:
        # PubSubEndpoint.register_route() mounts the inner RPC endpoint and so bypasses the broadcaster
        # (fastapi_websocket_pubsub 1.0.1); main_loop() is what enters it, as the project's own tests do.
        @app.websocket("/pubsub")
        async def pubsub(websocket: WebSocket):
            await endpoint.main_loop(websocket)
    else:
        endpoint.register_route(app, "/pubsub")

    @app.get("/trigger")
    async def trigger(topic: str, data: str = "null"):
        await endpoint.publish([topic], data=json.loads(data))
        return {"published": topic}

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", ws_max_size=16 * 1024 * 1024)


if __name__ == "__main__":
    main()
