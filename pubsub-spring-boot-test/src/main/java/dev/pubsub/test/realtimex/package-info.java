/**
 * An embedded RealtimeX-compatible Socket.IO server for tests, and the
 * {@link dev.pubsub.test.realtimex.EmbeddedRealtimeX @EmbeddedRealtimeX} test annotation.
 */
@NullMarked
package dev.pubsub.test.realtimex;

import org.jspecify.annotations.NullMarked;
