package dev.pubsub.core;

import java.time.Duration;

/**
 * Thrown (or used to fail a future) when an ack, reply, RPC result or connection attempt does not
 * arrive within its timeout.
 */
public class PubSubTimeoutException extends PubSubException {

	private final Duration timeout;

	public PubSubTimeoutException(String what, Duration timeout) {
		super(what + " did not complete within " + timeout.toMillis() + " ms");
		this.timeout = timeout;
	}

	/**
	 * Return the timeout that elapsed.
	 * @return the timeout
	 */
	public Duration getTimeout() {
		return this.timeout;
	}

}
