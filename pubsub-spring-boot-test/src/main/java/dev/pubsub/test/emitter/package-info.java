/**
 * An embedded, Emitter-compatible MQTT broker for tests: keyed channels, prefix matching, ttl
 * storage and {@code last} replay, keygen, presence, links and {@code me}, and the
 * {@link dev.pubsub.test.emitter.EmbeddedEmitter @EmbeddedEmitter} test annotation.
 */
@NullMarked
package dev.pubsub.test.emitter;

import org.jspecify.annotations.NullMarked;
