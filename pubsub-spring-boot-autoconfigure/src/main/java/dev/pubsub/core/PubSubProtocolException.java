package dev.pubsub.core;

/**
 * Signals a frame or response that does not follow the provider's wire protocol: unparsable
 * JSON, missing fields, unknown message kinds, oversized frames.
 */
public class PubSubProtocolException extends PubSubException {

	public PubSubProtocolException(String message) {
		super(message);
	}

	public PubSubProtocolException(String message, Throwable cause) {
		super(message, cause);
	}

}
