package dev.pubsub.listener;

import org.jspecify.annotations.Nullable;

import dev.pubsub.core.PubSubMessage;

/**
 * Handles a failed listener invocation. Set one per listener with
 * {@link PubSubListener#errorHandler()} or for all listeners on the container factory.
 */
@FunctionalInterface
public interface PubSubListenerErrorHandler {

	/**
	 * Handle the failure. Runs on the listener's thread; exceptions it throws are logged and
	 * never affect the connection.
	 * @param message the message being handled
	 * @param exception the failure, naming listener, client, routing key and method
	 * @return a value to send as the reply where the protocol has replies, or {@code null}
	 */
	@Nullable Object handleError(PubSubMessage message, PubSubListenerExecutionFailedException exception);

}
