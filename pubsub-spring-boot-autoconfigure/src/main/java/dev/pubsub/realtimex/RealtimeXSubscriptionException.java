package dev.pubsub.realtimex;

import dev.pubsub.core.PubSubException;

/**
 * A subscription that the server or the authorizer refused.
 */
public class RealtimeXSubscriptionException extends PubSubException {

	private final String channel;

	/**
	 * Create an exception.
	 * @param channel the channel
	 * @param message the message
	 */
	public RealtimeXSubscriptionException(String channel, String message) {
		super(message);
		this.channel = channel;
	}

	/**
	 * Create an exception.
	 * @param channel the channel
	 * @param message the message
	 * @param cause the cause
	 */
	public RealtimeXSubscriptionException(String channel, String message, Throwable cause) {
		super(message, cause);
		this.channel = channel;
	}

	public String channel() {
		return this.channel;
	}

}
