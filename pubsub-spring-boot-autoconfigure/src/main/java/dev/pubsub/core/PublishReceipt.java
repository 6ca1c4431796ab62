package dev.pubsub.core;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What the server confirmed about one publish.
 *
 * @param clientName the client that published
 * @param topic the topic, channel or event published to
 * @param messageId the id the message went out with, if the protocol has ids
 * @param acknowledged whether the server acknowledged the message (as opposed to it merely having
 * been written to the connection)
 * @param recipients the number of subscribers reached, where the protocol reports it, else -1
 * @param timestamp when the confirmation arrived
 */
public record PublishReceipt(String clientName, String topic, @Nullable String messageId, boolean acknowledged,
		long recipients, Instant timestamp) {

	/**
	 * A receipt for a message that was written but not acknowledged.
	 * @param clientName the client
	 * @param topic the topic
	 * @param messageId the message id
	 * @return the receipt
	 */
	public static PublishReceipt written(String clientName, String topic, @Nullable String messageId) {
		return new PublishReceipt(clientName, topic, messageId, false, -1, Instant.now());
	}

	/**
	 * A receipt for an acknowledged message.
	 * @param clientName the client
	 * @param topic the topic
	 * @param messageId the message id
	 * @return the receipt
	 */
	public static PublishReceipt acknowledged(String clientName, String topic, @Nullable String messageId) {
		return new PublishReceipt(clientName, topic, messageId, true, -1, Instant.now());
	}

}
