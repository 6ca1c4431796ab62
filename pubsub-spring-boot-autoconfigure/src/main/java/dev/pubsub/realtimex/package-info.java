/**
 * RealtimeX client (seed 001): Pusher-style public, private and presence channels over
 * Socket.IO v5 / Engine.IO v4 (websocket transport), with a codec of its own on Spring WebSocket.
 */
@NullMarked
package dev.pubsub.realtimex;

import org.jspecify.annotations.NullMarked;
