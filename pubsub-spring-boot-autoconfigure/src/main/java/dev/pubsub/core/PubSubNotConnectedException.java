package dev.pubsub.core;

/**
 * Thrown when an operation needs a live connection and the client has none.
 */
public class PubSubNotConnectedException extends PubSubException {

	public PubSubNotConnectedException(String message) {
		super(message);
	}

}
