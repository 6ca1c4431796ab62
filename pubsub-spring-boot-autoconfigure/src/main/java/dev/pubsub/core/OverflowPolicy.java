package dev.pubsub.core;

/**
 * What a subscription's dispatcher does when its bounded queue (a message count per thread) or its
 * client's inbound byte budget ({@code pubsub.clients.<name>.inbound.max-buffered-bytes}) is full.
 * Every dropped message is counted exactly in {@link PubSubClientMetrics#dropped()} and logged without
 * its payload, at most one line per interval with the number suppressed. {@link #BLOCK} is the default:
 * a client should not lose messages only because its server is faster for a moment.
 */
public enum OverflowPolicy {

	/** Drop the message that does not fit (opt-in). */
	DROP_NEWEST,

	/**
	 * Drop the oldest queued message of the same thread to make room (opt-in); when the byte budget
	 * is full and that thread has nothing queued, the new message is dropped.
	 */
	DROP_OLDEST,

	/**
	 * Make the network thread wait for room (the default): the client stops reading its connection, so
	 * TCP and the server's flow control take over, and it resumes when handlers catch up. While it
	 * waits, every other subscription of the same connection waits too, and a handler that synchronously
	 * waits for an answer read on that connection (an ack, a reply) waits until its timeout; use the
	 * asynchronous variants in handlers. See "Bounds and back-pressure" in {@code docs/design.md}.
	 */
	BLOCK

}
