package dev.pubsub.core.support;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.pubsub.core.PubSubTimeoutException;

/**
 * Sends subscribe and unsubscribe calls on one connection, for a {@link RemoteSubscriptionRegistry}.
 * Called with the registry's lock held: send (or queue the write) and return, never wait for the
 * answer.
 */
public interface RemoteSubscriber {

	/**
	 * Subscribe to keys.
	 * @param keys the remote keys
	 * @return completed with the server's answer: {@link SubscribeOutcome#held()} once it holds
	 * them, {@link SubscribeOutcome#refused} when it refused; exceptionally when the call failed
	 * (with a {@link PubSubTimeoutException} when the answer did not come in time). A server that
	 * answers each key on its own answers with {@link SubscribeOutcome#partial} (or
	 * {@link SubscribeOutcome#ofEach}), naming only the keys it did not take
	 */
	CompletableFuture<SubscribeOutcome> subscribe(List<String> keys);

	/**
	 * Unsubscribe from keys; the answer is not awaited.
	 * @param keys the remote keys
	 */
	void unsubscribe(List<String> keys);

}
