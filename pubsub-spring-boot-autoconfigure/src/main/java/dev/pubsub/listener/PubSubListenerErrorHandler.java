package dev.pubsub.listener;

import org.jspecify.annotations.Nullable;

import dev.pubsub.core.PubSubMessage;

/**
 * Handles a failed listener invocation. Set one per listener with
 * {@link PubSubListener#errorHandler()} or for all listeners on the container factory.
 * <p>
 * Called once per message, when it failed for good: after the retries the retry policy allows
 * (none by default), at once for failures that are never retried, and for a failed asynchronous
 * result or {@code @SendTo} forward. When it returns {@code null}, the message goes on to the
 * {@link dev.pubsub.listener.retry.PubSubRecoverer}.
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
