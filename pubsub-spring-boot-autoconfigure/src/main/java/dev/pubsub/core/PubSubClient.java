package dev.pubsub.core;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * A connection to one pub/sub system, configured under {@code pubsub.clients.<name>}. Every
 * provider's client interface extends this one.
 * <p>
 * Clients connect when the application context starts (unless {@code auto-connect} is off),
 * reconnect after unexpected drops following their {@link ReconnectPolicy}, restore every remote
 * subscription after a reconnect, and fail pending waiters with
 * {@link PubSubConnectionLostException} when the connection drops.
 */
public interface PubSubClient {

	/**
	 * Return the client's name, which is also its bean name.
	 * @return the name
	 */
	String name();

	/**
	 * Return the provider type, as used in {@code pubsub.clients.<name>.type}.
	 * @return the type
	 */
	String type();

	/**
	 * Return the current connection state.
	 * @return the state
	 */
	ConnectionState state();

	/**
	 * Whether the session is established.
	 * @return {@code true} when {@link #state()} is {@link ConnectionState#CONNECTED}
	 */
	default boolean isConnected() {
		return state() == ConnectionState.CONNECTED;
	}

	/**
	 * Connect, retrying according to the reconnect policy. Idempotent while connected or connecting.
	 * @return a future completed when the session is established, or failed when the client gives up
	 */
	CompletableFuture<Void> connect();

	/**
	 * Disconnect gracefully; no reconnect follows. Pending waiters fail.
	 */
	void disconnect();

	/**
	 * Bind a handler to a routing-key pattern. When the pattern names something concrete enough,
	 * the client also subscribes remotely, now or as soon as it is connected, and again after every
	 * reconnect.
	 * @param pattern the routing-key pattern, in the provider's pattern syntax
	 * @param handler the handler
	 * @param options dispatch options
	 * @return the subscription
	 */
	Subscription subscribe(String pattern, PubSubMessageHandler handler, SubscribeOptions options);

	/**
	 * Bind one handler to several routing-key patterns with one set of handler threads and one
	 * ordered dispatch: the local matcher is the OR of the patterns, so a message that matches
	 * several of them reaches the handler once. Each pattern still tells the client what to
	 * subscribe to remotely, as {@link #subscribe(String, PubSubMessageHandler, SubscribeOptions)}
	 * does. Duplicate patterns count once.
	 * <p>
	 * The default implementation accepts a single pattern only; clients built on
	 * {@code AbstractPubSubClient} accept any number.
	 * @param patterns the routing-key patterns, at least one
	 * @param handler the handler
	 * @param options dispatch options
	 * @return the subscription
	 * @throws IllegalArgumentException if no pattern is given
	 * @throws UnsupportedOperationException if the client cannot combine several patterns
	 */
	default Subscription subscribe(Collection<String> patterns, PubSubMessageHandler handler,
			SubscribeOptions options) {
		List<String> distinct = List.copyOf(new LinkedHashSet<>(patterns));
		if (distinct.isEmpty()) {
			throw new IllegalArgumentException("at least one pattern is required");
		}
		if (distinct.size() == 1) {
			return subscribe(distinct.get(0), handler, options);
		}
		throw new UnsupportedOperationException("Client '" + name() + "' (" + getClass().getName()
				+ ") cannot bind several patterns to one subscription; override "
				+ "subscribe(Collection, PubSubMessageHandler, SubscribeOptions) or extend AbstractPubSubClient");
	}

	/**
	 * Bind a handler with default dispatch options.
	 * @param pattern the routing-key pattern
	 * @param handler the handler
	 * @return the subscription
	 */
	default Subscription subscribe(String pattern, PubSubMessageHandler handler) {
		return subscribe(pattern, handler, SubscribeOptions.defaults());
	}

	/**
	 * Publish a payload, converting it with the shared JSON mapper unless it is {@code byte[]}.
	 * @param topic the topic, channel or event
	 * @param payload the payload
	 * @param options the options
	 * @return a future completed with what the server confirmed
	 */
	CompletableFuture<PublishReceipt> publish(String topic, Object payload, PublishOptions options);

	/**
	 * Publish with default options.
	 * @param topic the topic
	 * @param payload the payload
	 * @return a future completed with what the server confirmed
	 */
	default CompletableFuture<PublishReceipt> publish(String topic, Object payload) {
		return publish(topic, payload, PublishOptions.defaults());
	}

	/**
	 * Whether messages received by this client can be replied to, so that listener return values
	 * are sent back.
	 * @return {@code true} if replies are supported
	 */
	boolean supportsReplies();

	/**
	 * Validate a listener pattern, failing with a message that says what is wrong.
	 * @param pattern the pattern
	 * @throws IllegalArgumentException if the pattern is not valid for this provider
	 */
	default void validatePattern(String pattern) {
		if (pattern.isBlank()) {
			throw new IllegalArgumentException("pattern must not be blank");
		}
	}

	/**
	 * Add a connection listener.
	 * @param listener the listener
	 */
	void addConnectionListener(ConnectionListener listener);

	/**
	 * Remove a connection listener.
	 * @param listener the listener
	 */
	void removeConnectionListener(ConnectionListener listener);

	/**
	 * Return the client's counters.
	 * @return the metrics
	 */
	PubSubClientMetrics metrics();

	/**
	 * Return the last error the client met, if any.
	 * @return the last error
	 */
	@Nullable Throwable lastError();

}
