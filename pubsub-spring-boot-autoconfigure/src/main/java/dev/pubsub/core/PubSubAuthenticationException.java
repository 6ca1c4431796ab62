package dev.pubsub.core;

/**
 * Thrown when a server refuses the client's credentials or a permission it asked for.
 */
public class PubSubAuthenticationException extends PubSubException {

	public PubSubAuthenticationException(String message) {
		super(message);
	}

	public PubSubAuthenticationException(String message, Throwable cause) {
		super(message, cause);
	}

}
