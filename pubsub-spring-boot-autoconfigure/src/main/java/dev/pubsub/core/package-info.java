/**
 * Provider-neutral pub/sub API: clients, messages, headers, connection state and events,
 * reconnect policy, publish options and receipts, topic patterns, and the exception hierarchy.
 */
@NullMarked
package dev.pubsub.core;

import org.jspecify.annotations.NullMarked;
