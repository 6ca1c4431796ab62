package dev.pubsub.wsrpc;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.pubsub.core.PubSubClient;

/**
 * A client of a fastapi_websocket_pubsub server ({@code type: wsrpc}): JSON-RPC over one
 * WebSocket, topics are opaque strings, and the routing key of a message is its topic.
 * <p>
 * Listener patterns: a pattern without wildcards is an exact topic and is subscribed remotely as
 * is. A pattern with {@code *} (one segment) or {@code **} (any segments) segments, split on the
 * configured separator (default {@code .}), and {@link WsRpcTopics#ALL_TOPICS} subscribe remotely
 * to all topics and are matched here.
 */
public interface WsRpcPubSubClient extends PubSubClient {

	/** The provider type id. */
	String TYPE = "wsrpc";

	/** {@code PublishOptions} extra: {@code Boolean}, whether the server replies after delivery (default true). */
	String SYNC = "sync";

	/** {@code PublishOptions} extra: {@code String}, the notifier id (default: this channel's id). */
	String NOTIFIER_ID = "notifierId";

	/** Message header: the server's subscription id of the notification. */
	String SUBSCRIPTION_ID_HEADER = "wsrpc_subscriptionId";

	/**
	 * Publish to topics through the server. Other subscribers get the event; this client does not,
	 * because the server uses its channel id as notifier id.
	 * @param topics the topics
	 * @param data the data (any JSON value; {@code byte[]} must be JSON text)
	 * @param sync whether the server answers only after its local subscribers acknowledged
	 * @return the server's result ({@code false}: refused or failed)
	 */
	default CompletableFuture<Boolean> publish(List<String> topics, @Nullable Object data, boolean sync) {
		return publish(topics, data, sync, null);
	}

	/**
	 * Publish with an explicit notifier id. A notifier id other than this client's channel id
	 * delivers the event to this client too. Note that a Python server deadlocks on a
	 * {@code sync} publish to a topic the caller is subscribed to (fastapi_websocket_rpc#58); this
	 * call then fails with a timeout.
	 * @param topics the topics
	 * @param data the data
	 * @param sync whether the server answers only after delivery
	 * @param notifierId the notifier id, or {@code null} for the server's default
	 * @return the server's result
	 */
	CompletableFuture<Boolean> publish(List<String> topics, @Nullable Object data, boolean sync,
			@Nullable String notifierId);

	/**
	 * Call any method the server exposes, with the default request timeout.
	 * @param method the method
	 * @param arguments the keyword arguments
	 * @return the result
	 */
	CompletableFuture<JsonNode> call(String method, Map<String, ? extends @Nullable Object> arguments);

	/**
	 * Call any method the server exposes.
	 * @param method the method
	 * @param arguments the keyword arguments
	 * @param timeout how long to wait for the response
	 * @return the result
	 */
	CompletableFuture<JsonNode> call(String method, Map<String, ? extends @Nullable Object> arguments,
			Duration timeout);

	/**
	 * Return this side's channel id of the current connection.
	 * @return the id, or {@code null} when not connected
	 */
	@Nullable String channelId();

	/**
	 * Return the topics currently subscribed on the server.
	 * @return the topics
	 */
	List<String> remoteTopics();

	/**
	 * Run a callback after every (re)connect, once subscriptions are restored.
	 * @param callback the callback, run off the I/O thread
	 */
	void onConnect(Consumer<WsRpcPubSubClient> callback);

	/**
	 * Run a callback after every loss or close of the connection.
	 * @param callback the callback, run off the I/O thread
	 */
	void onDisconnect(Consumer<WsRpcPubSubClient> callback);

}
