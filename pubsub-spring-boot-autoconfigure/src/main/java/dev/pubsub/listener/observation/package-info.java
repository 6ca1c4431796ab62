/**
 * Micrometer observations of listener deliveries: the {@code pubsub.listener} observation, its
 * context and conventions.
 */
@NullMarked
package dev.pubsub.listener.observation;

import org.jspecify.annotations.NullMarked;
