/**
 * Auto-configuration: properties, the listener infrastructure, one auto-configuration per
 * provider, channel auth, health and metrics.
 */
@NullMarked
package dev.pubsub.autoconfigure;

import org.jspecify.annotations.NullMarked;
