package dev.pubsub.core;

/**
 * Base class of every exception thrown by a pub/sub client or the listener machinery.
 * Messages never contain secrets (tokens, signatures, keys) or payloads.
 */
public class PubSubException extends RuntimeException {

	public PubSubException(String message) {
		super(message);
	}

	public PubSubException(String message, Throwable cause) {
		super(message, cause);
	}

}
