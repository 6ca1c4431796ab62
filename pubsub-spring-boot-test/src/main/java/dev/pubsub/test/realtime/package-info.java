/**
 * An embedded, protocol-faithful Realtime Pub/Sub gateway ({@link dev.pubsub.test.realtime.EmbeddedRealtimeGateway})
 * with fault-injection hooks, the {@link dev.pubsub.test.realtime.EmbeddedRealtime @EmbeddedRealtime} test
 * annotation, and {@link dev.pubsub.test.realtime.JwtTestTokens} to mint the HS256 access tokens it accepts.
 */
@NullMarked
package dev.pubsub.test.realtime;

import org.jspecify.annotations.NullMarked;
