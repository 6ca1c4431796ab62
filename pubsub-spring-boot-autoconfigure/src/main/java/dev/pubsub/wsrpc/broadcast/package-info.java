/**
 * Cross-instance fan-out of a wsrpc endpoint's events through a broadcast backend (the Python
 * {@code EventBroadcaster}): the backend SPI, the wire format and the bridge to the notifier.
 */
@NullMarked
package dev.pubsub.wsrpc.broadcast;

import org.jspecify.annotations.NullMarked;
