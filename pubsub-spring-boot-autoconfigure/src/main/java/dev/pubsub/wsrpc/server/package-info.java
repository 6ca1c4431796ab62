/**
 * A Spring-hosted fastapi_websocket_pubsub endpoint: the WebSocket handler speaking the JSON-RPC
 * pub/sub protocol, the in-process topic registry, server-side publishing and authorisation hooks.
 */
@NullMarked
package dev.pubsub.wsrpc.server;

import org.jspecify.annotations.NullMarked;
