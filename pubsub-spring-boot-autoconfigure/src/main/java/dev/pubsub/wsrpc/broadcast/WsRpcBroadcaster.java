package dev.pubsub.wsrpc.broadcast;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * A broadcast backend that shares endpoint events between instances: Redis pub/sub here;
 * Postgres LISTEN/NOTIFY or Kafka fit the same contract. Backends carry the JSON text of
 * {@link WsRpcBroadcastCodec} on one channel (default {@code EventNotifier}) and need not know the
 * notifier: echo suppression by notifier id happens in {@link WsRpcBroadcastBridge}.
 * <p>
 * Delivery is whatever the backend gives: Redis pub/sub is at-most-once, so events published
 * while an instance is disconnected from Redis are lost for that instance.
 */
public interface WsRpcBroadcaster {

	/**
	 * Start listening; the receiver gets every message's text, including our own.
	 * Implementations reconnect by themselves after a backend outage.
	 * @param receiver the receiver, called on a backend thread; must not block
	 */
	void start(Consumer<String> receiver);

	/**
	 * Publish a message's text to every instance.
	 * @param text the JSON text
	 * @return a future completed when the backend accepted the message
	 */
	CompletableFuture<Void> publish(String text);

	/**
	 * Stop listening and release the backend's connections.
	 */
	void stop();

	/**
	 * Check the backend for health; may block for at most the broadcaster's own check timeout.
	 * @return the status, or {@code null} when this broadcaster cannot tell (health {@code UNKNOWN})
	 */
	default @Nullable WsRpcBroadcasterStatus status() {
		return null;
	}

}
