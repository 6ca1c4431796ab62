/**
 * What happens to a message whose listener keeps failing: the {@link dev.pubsub.listener.retry.PubSubRecoverer}
 * strategy called once retries are exhausted, with the built-in log-and-count and dead-letter
 * republishing recoverers.
 */
@NullMarked
package dev.pubsub.listener.retry;

import org.jspecify.annotations.NullMarked;
