package dev.pubsub.core;

/**
 * A local handler bound to a routing-key pattern on one client, and the remote subscription it
 * caused, if any. Cancelling it removes the handler and, when no other handler needs it, the
 * remote subscription.
 */
public interface Subscription {

	/**
	 * Return the pattern this subscription matches.
	 * @return the pattern
	 */
	String pattern();

	/**
	 * Whether the subscription still receives messages.
	 * @return {@code true} until cancelled
	 */
	boolean isActive();

	/**
	 * Stop receiving messages; messages queued for the handler but not yet handled are discarded.
	 */
	void cancel();

}
