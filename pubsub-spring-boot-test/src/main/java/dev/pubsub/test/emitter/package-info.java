/**
 * An embedded, Emitter-compatible MQTT broker for tests: keyed channels, prefix matching, ttl
 * storage and {@code last} replay, keygen, presence, links and {@code me}.
 */
@NullMarked
package dev.pubsub.test.emitter;

import org.jspecify.annotations.NullMarked;
