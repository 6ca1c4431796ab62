/**
 * fastapi_websocket_pubsub-compatible JSON-RPC pub/sub over WebSocket: the symmetric RPC channel,
 * its frame codec, and the client.
 */
@NullMarked
package dev.pubsub.wsrpc;

import org.jspecify.annotations.NullMarked;
