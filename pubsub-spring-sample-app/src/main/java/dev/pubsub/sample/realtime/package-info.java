/**
 * Realtime Pub/Sub part of the sample: a listener that replies and a
 * scheduled publisher that waits for the replies.
 */
package dev.pubsub.sample.realtime;
