/**
 * End-to-end benchmarks: publish to {@code @PubSubListener} throughput and latency through the
 * embedded Realtime gateway, measured against a bare WebSocket subscriber in the same run; notify to
 * {@code @PubSubListener} through the real lonelypss broadcaster, measured against the real Python
 * client lonelypsc on the same broadcaster.
 */
@NullMarked
package dev.pubsub.benchmarks;

import org.jspecify.annotations.NullMarked;
