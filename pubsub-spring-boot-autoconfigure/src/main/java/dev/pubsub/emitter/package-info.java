/**
 * Emitter client on Eclipse Paho MQTT v3: keyed channels, ttl and last-N, presence, keygen,
 * links and {@code me}.
 */
@NullMarked
package dev.pubsub.emitter;

import org.jspecify.annotations.NullMarked;
