package dev.pubsub.core;

/**
 * Thrown when a payload exceeds the size the protocol or the configuration allows.
 */
public class PubSubMessageTooLargeException extends PubSubException {

	private final long size;

	private final long limit;

	public PubSubMessageTooLargeException(long size, long limit) {
		super("Message of " + size + " bytes exceeds the limit of " + limit + " bytes");
		this.size = size;
		this.limit = limit;
	}

	public long getSize() {
		return this.size;
	}

	public long getLimit() {
		return this.limit;
	}

}
