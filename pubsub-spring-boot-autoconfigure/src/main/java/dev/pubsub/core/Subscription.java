package dev.pubsub.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A local handler bound to one or more routing-key patterns on one client, and the remote
 * subscriptions they caused, if any. A message whose routing key matches several of the patterns
 * reaches the handler once. Cancelling the subscription removes the handler and, when no other
 * handler needs them, the remote subscriptions.
 * <p>
 * Stopping never loses a message silently and never interrupts the handler: no new message is
 * queued, the messages already queued are still handed to the handler until the shutdown timeout
 * passes, and whatever is left then is discarded, counted in
 * {@link PubSubClientMetrics#discardedOnShutdown()} and logged once with the number.
 */
public interface Subscription {

	/**
	 * Return the first pattern this subscription matches (its only one, unless it was created with
	 * several).
	 * @return the pattern
	 */
	default String pattern() {
		return patterns().get(0);
	}

	/**
	 * Return every pattern this subscription matches, without duplicates, in the order given.
	 * @return the patterns
	 */
	List<String> patterns();

	/**
	 * Whether the subscription still receives messages.
	 * @return {@code true} until cancelled or stopped
	 */
	boolean isActive();

	/**
	 * Stop receiving messages, returning at once: queued messages are still handled in the
	 * background within the {@linkplain SubscribeOptions#shutdownTimeout() shutdown timeout}, the
	 * rest is discarded, counted and logged. Equivalent to {@code stop(options.shutdownTimeout())}
	 * without waiting for the result.
	 */
	void cancel();

	/**
	 * Stop receiving messages: no new message is queued, queued messages are still handed to the
	 * handler until the timeout passes, then the rest is discarded, counted and logged once. A
	 * handler call in progress is never interrupted. Calling it again returns the first result.
	 * <p>
	 * Do not wait for the future on one of the subscription's own handler threads: that thread
	 * cannot handle the queued messages while it waits.
	 * @param timeout how long queued messages may still be handled
	 * @return a future completed when every queued message was handled, or when the timeout passed,
	 * with the number of messages discarded (0 when nothing was left)
	 */
	CompletableFuture<Integer> stop(Duration timeout);

}
