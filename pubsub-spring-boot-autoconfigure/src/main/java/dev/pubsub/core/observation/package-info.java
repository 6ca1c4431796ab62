/**
 * Micrometer observations of publishes: the {@code pubsub.publish} observation, its context and
 * conventions.
 */
@NullMarked
package dev.pubsub.core.observation;

import org.jspecify.annotations.NullMarked;
