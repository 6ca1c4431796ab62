/**
 * End-to-end benchmarks: publish to {@code @PubSubListener} throughput and latency through the
 * embedded Realtime gateway, measured against a bare WebSocket subscriber in the same run.
 */
@NullMarked
package dev.pubsub.benchmarks;

import org.jspecify.annotations.NullMarked;
