/**
 * The {@code @PubSubListener} machinery: annotation scanning, endpoint registry, containers that
 * bind endpoints to clients, and method invocation through Spring Messaging.
 */
@NullMarked
package dev.pubsub.listener;

import org.jspecify.annotations.NullMarked;
