package dev.pubsub.realtimex;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One subscribed channel: bindings per event, a global binding, client events, and for presence
 * channels the member list.
 * <p>
 * Besides the events the server and other clients send, the channel emits
 * {@code realtimex_internal:subscription_succeeded} and
 * {@code realtimex_internal:subscription_error} (also on every re-subscription after a
 * reconnect), and on presence channels {@code presence:subscription_succeeded},
 * {@code presence:member_added} and {@code presence:member_removed}.
 */
public interface RealtimeXChannel {

	/**
	 * Return the channel name.
	 * @return the name
	 */
	String name();

	/**
	 * Whether the server confirmed the subscription on the current connection.
	 * @return {@code true} if subscribed
	 */
	boolean isSubscribed();

	/**
	 * Return a future completed when the server confirms the subscription, or failed when the
	 * authorizer or the server refuses it (or no confirmation comes in time). A refused subscription
	 * is retried with the reconnect back-off; each attempt after a failed one gets a new future.
	 * @return the future of the current subscription attempt
	 */
	CompletableFuture<Void> whenSubscribed();

	/**
	 * Bind a handler to one event.
	 * @param event the event name
	 * @param handler the handler
	 */
	void bind(String event, RealtimeXEventHandler handler);

	/**
	 * Remove bindings of one event.
	 * @param event the event name
	 * @param handler the handler, or {@code null} for all handlers of the event
	 */
	void unbind(String event, @Nullable RealtimeXEventHandler handler);

	/**
	 * Bind a handler to every event of the channel.
	 * @param handler the handler
	 */
	void bindGlobal(RealtimeXEventHandler handler);

	/**
	 * Remove a global binding.
	 * @param handler the handler, or {@code null} for all global handlers
	 */
	void unbindGlobal(@Nullable RealtimeXEventHandler handler);

	/**
	 * Send a client event to the other subscribers.
	 * @param event the event name, starting with {@code client-}
	 * @param data the data, converted with the shared JSON mapper
	 * @throws IllegalArgumentException if the name does not start with {@code client-}
	 * @throws IllegalStateException on a public channel or when not subscribed
	 */
	void trigger(String event, @Nullable Object data);

	/**
	 * Unsubscribe from this channel.
	 */
	void unsubscribe();

	/**
	 * Return the presence members by user id, with their user info (empty on other channels).
	 * @return the members
	 */
	Map<String, JsonNode> members();

	/**
	 * Return the user id this client joined a presence channel as.
	 * @return the user id or {@code null}
	 */
	@Nullable String me();

}
