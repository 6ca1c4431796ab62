package dev.pubsub.listener;

import dev.pubsub.core.PubSubException;

/**
 * A listener method could not be invoked or threw. The message names the listener, the client,
 * the routing key and the method, never the payload.
 */
public class PubSubListenerExecutionFailedException extends PubSubException {

	private final String listenerId;

	private final String clientName;

	private final String routingKey;

	private final boolean conversionFailure;

	public PubSubListenerExecutionFailedException(String listenerId, String clientName, String routingKey,
			String method, boolean conversionFailure, Throwable cause) {
		super("Listener '" + listenerId + "' (" + method + ") on client '" + clientName + "' failed for routing key '"
				+ routingKey + "': " + (conversionFailure ? "the message could not be converted to the method's "
						+ "arguments (" + cause.getClass().getSimpleName() + ")" : cause.getClass().getName()),
				cause);
		this.listenerId = listenerId;
		this.clientName = clientName;
		this.routingKey = routingKey;
		this.conversionFailure = conversionFailure;
	}

	public String getListenerId() {
		return this.listenerId;
	}

	public String getClientName() {
		return this.clientName;
	}

	public String getRoutingKey() {
		return this.routingKey;
	}

	/**
	 * Whether the failure is a conversion or argument-resolution error, which retrying can never fix.
	 * @return {@code true} for conversion failures
	 */
	public boolean isConversionFailure() {
		return this.conversionFailure;
	}

}
