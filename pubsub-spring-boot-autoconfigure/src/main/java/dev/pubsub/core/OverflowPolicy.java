package dev.pubsub.core;

/**
 * What a subscription's dispatcher does when its bounded queue is full. Every dropped message is
 * counted exactly in {@link PubSubClientMetrics#dropped()} and logged without its payload, at most
 * one line per interval with the number suppressed.
 */
public enum OverflowPolicy {

	/** Drop the message that does not fit. */
	DROP_NEWEST,

	/** Drop the oldest queued message to make room. */
	DROP_OLDEST,

	/**
	 * Make the network thread wait for room; this applies back-pressure to the server but stalls
	 * every other subscription of the client while it waits.
	 */
	BLOCK

}
