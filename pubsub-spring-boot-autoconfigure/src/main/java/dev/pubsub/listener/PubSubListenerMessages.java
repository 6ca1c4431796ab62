package dev.pubsub.listener;

import org.springframework.messaging.Message;

import dev.pubsub.core.PubSubMessage;

/**
 * Access to the {@link PubSubMessage} behind a Spring {@link Message} built by the listener
 * machinery.
 */
public final class PubSubListenerMessages {

	private PubSubListenerMessages() {
	}

	/**
	 * Return the original message.
	 * @param message the Spring message
	 * @return the pub/sub message
	 * @throws IllegalArgumentException if the message was not built by the listener machinery
	 */
	public static PubSubMessage rawMessage(Message<?> message) {
		if (message.getPayload() instanceof PubSubMessage pubSubMessage) {
			return pubSubMessage;
		}
		throw new IllegalArgumentException("Not a pub/sub listener message");
	}

}
