"""Python peer: the lonelypsc HttpPubSubClient (uvicorn receive endpoint, HMAC both ways) on the httppubsub
load client.

Usage: py_httppubsub_subscriber.py LOAD_PORT WARMUP MESSAGES TIMEOUT_SECONDS. Runs in the interop venv
(interop/httppubsub/setup.sh installs lonelypsc pinned). Subscribes exactly to "bench" on the load client
(which plays the broadcaster), reads json.loads(data)["seq"] of each message.
"""
import asyncio
import json
import os
import socket
import sys
import tempfile

from lonelypsc.config.file_config import get_auth_config_from_file
from lonelypsc.config.http_config import make_http_pub_sub_config
from lonelypsc.http_client import HttpPubSubClient
from lonelypsp.auth.config import AuthConfigFromParts
from lonelypsp.tracing.impl.simple.config import SimpleTracingConfig
from lonelypsp.tracing.impl.simple.db import SimpleTracingDBSidecar
from lonelypsp.tracing.impl.simple.root import SimpleTracingSubscriberRoot

from peer_meter import PeerMeter, args

# ReplayTopics.HTTPPUBSUB_SECRET (a benchmark, not a secret)
SECRET = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0-Pw"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def main():
    load_port, warmup, measured, timeout = args()
    meter = PeerMeter(warmup, measured)
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        secrets = os.path.join(tmp, "subscriber-secrets.json")
        with open(secrets, "w") as f:
            json.dump({"version": "2", "to-subscriber": {"type": "hmac", "secret": SECRET},
                       "to-broadcaster": {"type": "hmac", "secret": SECRET}}, f)
        to_subscriber, to_broadcaster = get_auth_config_from_file(secrets)
        tracing_config = SimpleTracingConfig()
        async with SimpleTracingDBSidecar(tracing_config, os.path.join(tmp, "traces.db")) as db:
            config = make_http_pub_sub_config(
                bind={"type": "uvicorn", "host": "127.0.0.1", "port": port},
                host=f"http://127.0.0.1:{port}",
                broadcasters=[{"host": f"http://127.0.0.1:{load_port}"}],
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
                async with client.subscribe_exact(b"bench") as subscription:
                    iterator = await subscription.messages()
                    completed = True
                    try:
                        while not meter.done.is_set():
                            message = await asyncio.wait_for(iterator.__anext__(), timeout)
                            json.loads(message.data.read())["seq"]
                            meter.hit()
                    except asyncio.TimeoutError:
                        completed = False
                    status = meter.report(completed)
    sys.exit(status)


if __name__ == "__main__":
    asyncio.run(main())
