package dev.pubsub.listener.retry;

import dev.pubsub.core.PubSubMessage;
import dev.pubsub.listener.PubSubListenerExecutionFailedException;

/**
 * Decides the fate of a message whose listener failed for good: its retries are exhausted, the
 * failure is not retryable (conversion, validation, a configured not-retryable exception), the
 * listener's container stopped while the message waited for its next attempt, or forwarding the
 * listener's result ({@code @SendTo}) failed. Called after the listener's error handler, when that
 * handler returned no reply value.
 * <p>
 * Set one for all listeners as a bean (Spring Boot puts a unique {@code PubSubRecoverer} bean on the
 * default container factory), on a container factory, or per listener with
 * {@link dev.pubsub.listener.PubSubListener#recoverer()}. The default is
 * {@link LoggingPubSubRecoverer}; {@link DeadLetterPublishingRecoverer} republishes the message on a
 * dead-letter topic or channel of any named client.
 * <p>
 * Runs on the listener's thread (for a failed asynchronous result or forward, on the thread that
 * completed it). An exception it throws is logged (rate-limited) and counted in the client's
 * {@code pubsub.client.listener.recovery.failures}; it never reaches the connection.
 */
@FunctionalInterface
public interface PubSubRecoverer {

	/**
	 * Recover the message.
	 * @param message the message the listener failed on
	 * @param failure the failure, naming the listener, client, routing key and method; its cause is
	 * the listener's (or the forward's) exception
	 * @param attempts how many times the listener was invoked for this message
	 * @throws Exception if the message could not be recovered
	 */
	void recover(PubSubMessage message, PubSubListenerExecutionFailedException failure, int attempts)
			throws Exception;

}
