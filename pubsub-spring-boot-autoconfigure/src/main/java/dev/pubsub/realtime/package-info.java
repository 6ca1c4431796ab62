/**
 * Realtime Pub/Sub gateway client (WebSocket, JSON frames): topics, publish and send, gateway
 * acks, replies, binary (compressed) deliveries, and reconnect with subscription restore.
 */
@NullMarked
package dev.pubsub.realtime;

import org.jspecify.annotations.NullMarked;
