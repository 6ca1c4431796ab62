package dev.pubsub.wsrpc.server;

import java.util.concurrent.CompletableFuture;

/**
 * A subscriber of a {@link WsRpcEventNotifier}: a WebSocket session, an in-process listener or a
 * broadcast bridge.
 */
public interface WsRpcSubscriber {

	/**
	 * Return the subscriber id (for a session, its channel id).
	 * @return the id
	 */
	String id();

	/**
	 * Take one event. Must not block.
	 * @param subscriptionId the id of the subscription that matched
	 * @param topic the real topic of the event
	 * @param data the event data
	 * @param acknowledge whether the publisher waits for the subscriber's acknowledgement (a
	 * {@code sync} publish); when {@code false} the returned future may complete at once
	 * @return a future completed when the subscriber acknowledged the event
	 */
	CompletableFuture<?> onEvent(String subscriptionId, String topic, WsRpcEventData data, boolean acknowledge);

}
