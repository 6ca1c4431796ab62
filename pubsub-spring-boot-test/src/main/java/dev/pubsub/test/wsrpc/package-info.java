/**
 * An embedded fastapi_websocket_pubsub endpoint for tests of {@code type: wsrpc} clients.
 */
@NullMarked
package dev.pubsub.test.wsrpc;

import org.jspecify.annotations.NullMarked;
