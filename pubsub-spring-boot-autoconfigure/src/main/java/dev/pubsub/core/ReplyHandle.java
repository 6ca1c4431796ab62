package dev.pubsub.core;

import java.util.concurrent.CompletableFuture;

/**
 * Sends a reply to the sender of one received message, on protocols that have replies. Declare a
 * parameter of this type on a {@code @PubSubListener} method to reply explicitly, or return a value.
 */
public interface ReplyHandle {

	/**
	 * Reply with status {@code ok}.
	 * @param data the reply data, converted with the shared JSON mapper
	 * @return a future completed when the reply was written
	 */
	default CompletableFuture<PublishReceipt> reply(Object data) {
		return reply(data, ReplyOptions.defaults());
	}

	/**
	 * Reply with the given status and compression, as the Realtime seed's {@code reply_fn(data, status, compress)}.
	 * @param data the reply data
	 * @param status the status
	 * @param compress whether to ask for a compressed delivery
	 * @return a future completed when the reply was written
	 */
	default CompletableFuture<PublishReceipt> reply(Object data, String status, boolean compress) {
		return reply(data, new ReplyOptions(status, compress));
	}

	/**
	 * Reply with options.
	 * @param data the reply data
	 * @param options the options
	 * @return a future completed when the reply was written
	 */
	CompletableFuture<PublishReceipt> reply(Object data, ReplyOptions options);

}
