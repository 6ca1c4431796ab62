/**
 * fastapi_websocket_pubsub sample: the service hosts the JSON-RPC pub/sub endpoint (in-memory
 * fan-out), a {@code type: wsrpc} client connects to it, and listeners on both print what arrives.
 */
@NullMarked
package dev.pubsub.sample.wsrpc;

import org.jspecify.annotations.NullMarked;
