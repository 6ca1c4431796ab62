package dev.pubsub.realtimex;

import java.util.concurrent.CompletableFuture;

/**
 * Obtains the signature for a private or presence subscription, for the socket id of the current
 * connection (the Socket.IO namespace id). Called off the network threads, once per subscription
 * per connection: a reconnect gets a new socket id and so new signatures.
 */
@FunctionalInterface
public interface RealtimeXAuthorizer {

	/**
	 * Authorise one subscription.
	 * @param channelName the channel
	 * @param socketId the socket id to sign for
	 * @return the signature, or a failed future when refused
	 */
	CompletableFuture<RealtimeXChannelAuth> authorize(String channelName, String socketId);

}
