package dev.pubsub.listener;

import java.util.ArrayList;
import java.util.List;

import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

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
				+ routingKey + "': " + describe(conversionFailure, cause), cause);
		this.listenerId = listenerId;
		this.clientName = clientName;
		this.routingKey = routingKey;
		this.conversionFailure = conversionFailure;
	}

	private static String describe(boolean conversionFailure, Throwable cause) {
		if (cause instanceof MethodArgumentNotValidException notValid && notValid.getBindingResult() != null) {
			// field names and constraint codes come from the payload class; rejected values (from the
			// network) are left out
			List<String> violations = new ArrayList<>();
			for (ObjectError error : notValid.getBindingResult().getAllErrors()) {
				String code = (error.getCode() != null) ? " (" + error.getCode() + ")" : "";
				violations.add(((error instanceof FieldError field) ? field.getField() : error.getObjectName()) + code);
			}
			return "the payload failed validation: " + String.join(", ", violations) + " ("
					+ cause.getClass().getSimpleName() + ")";
		}
		return conversionFailure ? "the message could not be converted to the method's arguments ("
				+ cause.getClass().getSimpleName() + ")" : cause.getClass().getName();
	}

	/**
	 * Return the id of the listener that failed.
	 * @return the listener id
	 */
	public String getListenerId() {
		return this.listenerId;
	}

	/**
	 * Return the name of the client the message came from.
	 * @return the client name
	 */
	public String getClientName() {
		return this.clientName;
	}

	/**
	 * Return the routing key of the message.
	 * @return the routing key
	 */
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
