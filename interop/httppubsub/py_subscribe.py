"""Subscribe to a topic through the real lonelypsc client and print what arrives.

usage: py_subscribe.py <broadcaster-url> <subscriber-secrets.json> <listen-port> <topic> <count>

Prints "ready" once the broadcaster holds the subscription, then one line per message,
"received topic=<topic> length=<bytes> sha512=<hex> head=<first 64 bytes as hex>", and exits
after <count> messages (or after 60 s without one).
"""
import asyncio
import hashlib
import os
import sys
import tempfile

from lonelypsc.config.file_config import get_auth_config_from_file
from lonelypsc.config.http_config import make_http_pub_sub_config
from lonelypsc.http_client import HttpPubSubClient
from lonelypsp.auth.config import AuthConfigFromParts
from lonelypsp.tracing.impl.simple.config import SimpleTracingConfig
from lonelypsp.tracing.impl.simple.db import SimpleTracingDBSidecar
from lonelypsp.tracing.impl.simple.root import SimpleTracingSubscriberRoot


async def main() -> None:
    broadcaster, secrets, port, topic, count = sys.argv[1:6]
    to_subscriber, to_broadcaster = get_auth_config_from_file(secrets)
    tracing_config = SimpleTracingConfig()
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
                async with client.subscribe_exact(topic.encode("utf-8")) as subscription:
                    iterator = await subscription.messages()
                    print("ready", flush=True)
                    for _ in range(int(count)):
                        message = await asyncio.wait_for(iterator.__anext__(), 60)
                        data = message.data.read()
                        print(
                            f"received topic={message.topic.decode('utf-8')} length={len(data)} "
                            f"sha512={hashlib.sha512(data).hexdigest()} head={data[:64].hex()}",
                            flush=True,
                        )


if __name__ == "__main__":
    asyncio.run(main())
