package dev.pubsub.wsrpc.server;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * Publishes server-originated events to the sessions and in-process subscribers of the endpoint
 * (the Python {@code endpoint.publish}) and, through a configured broadcaster, to other
 * instances.
 */
public interface WsRpcPublisher {

	/**
	 * Publish data to topics.
	 * @param topics the topics
	 * @param data the data, converted with the shared JSON mapper ({@code byte[]} must be JSON text)
	 * @return a future completed when every local subscriber acknowledged, failed or timed out
	 */
	CompletableFuture<Void> publish(List<String> topics, @Nullable Object data);

	/**
	 * Publish data to one topic.
	 * @param topic the topic
	 * @param data the data
	 * @return a future completed when every local subscriber acknowledged, failed or timed out
	 */
	default CompletableFuture<Void> publish(String topic, @Nullable Object data) {
		return publish(List.of(topic), data);
	}

}
