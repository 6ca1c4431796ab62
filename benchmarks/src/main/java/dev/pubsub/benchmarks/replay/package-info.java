/**
 * The replay harness (issue 14): replay servers that stream pre-encoded delivery frames to one
 * subscriber in another JVM, the three Java subscribers per provider (bare transport, raw
 * {@code subscribe(...)} handler, {@code @PubSubListener}), and the driver that runs alternating rounds
 * and prints one table.
 */
@NullMarked
package dev.pubsub.benchmarks.replay;

import org.jspecify.annotations.NullMarked;
