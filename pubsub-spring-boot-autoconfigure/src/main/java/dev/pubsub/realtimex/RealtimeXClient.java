package dev.pubsub.realtimex;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.pubsub.core.PubSubClient;

/**
 * A RealtimeX client: Pusher-style channels over Socket.IO.
 * <p>
 * Routing keys for {@code @PubSubListener} are {@code channel.event} (for example
 * {@code orders.created} or {@code private-chat.client-typing}); a pattern whose part before the
 * last {@code .} names a channel without wildcards also subscribes to that channel.
 * {@link #publish(String, Object, dev.pubsub.core.PublishOptions)} triggers a client event:
 * the topic is the channel and {@code messageType} the {@code client-*} event name.
 */
public interface RealtimeXClient extends PubSubClient {

	/** Provider type id. */
	String TYPE = "realtimex";

	/**
	 * Subscribe to a channel, now or as soon as the client is connected, and again after every
	 * reconnect (with fresh signatures for private and presence channels). Idempotent.
	 * @param channelName the channel
	 * @return the channel
	 * @throws IllegalArgumentException if the name is not a valid channel name
	 * @throws IllegalStateException for a private or presence channel when no authorizer is set
	 */
	RealtimeXChannel subscribe(String channelName);

	/**
	 * Unsubscribe from a channel and forget its bindings; later events on it are ignored.
	 * @param channelName the channel
	 */
	void unsubscribe(String channelName);

	/**
	 * Return the channel with that name, if subscribed.
	 * @param channelName the channel
	 * @return the channel or {@code null}
	 */
	@Nullable RealtimeXChannel channel(String channelName);

	/**
	 * Return the subscribed channels by name.
	 * @return the channels
	 */
	Map<String, RealtimeXChannel> channels();

	/**
	 * Return the socket id of the current connection (the Socket.IO namespace id), the id channel
	 * signatures are made for.
	 * @return the socket id, or {@code null} when not connected
	 */
	@Nullable String socketId();

	/**
	 * Send {@code realtimex:ping}.
	 * @return a future completed with the data of the {@code realtimex:pong} answer
	 */
	CompletableFuture<JsonNode> ping();

	/**
	 * Bind a handler to a connection event: {@code connecting}, {@code connected},
	 * {@code disconnected}, {@code subscription_succeeded}, {@code subscription_error},
	 * {@code pong}, {@code error}, or any other server event name outside channels.
	 * @param event the event name
	 * @param handler the handler
	 */
	void bind(String event, RealtimeXEventHandler handler);

	/**
	 * Remove a connection binding.
	 * @param event the event name
	 * @param handler the handler, or {@code null} for every handler of that event
	 */
	void unbind(String event, @Nullable RealtimeXEventHandler handler);

}
