package dev.pubsub.core;

/**
 * Receives messages matched by a {@link Subscription}. Runs on the subscription's dispatcher
 * thread, never on a network I/O thread.
 */
@FunctionalInterface
public interface PubSubMessageHandler {

	/**
	 * Handle one message.
	 * @param message the message
	 */
	void onMessage(PubSubMessage message);

}
