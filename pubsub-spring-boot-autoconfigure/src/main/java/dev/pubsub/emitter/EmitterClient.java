package dev.pubsub.emitter;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.PubSubMessageHandler;
import dev.pubsub.core.PublishReceipt;
import dev.pubsub.core.Subscription;

/**
 * A client of an Emitter broker (MQTT 3.1.1 with keyed channels), configured with
 * {@code pubsub.clients.<name>.type=emitter}.
 * <p>
 * Deliveries arrive on their channel (for example {@code sensors/kitchen/temp/}), which is the
 * routing key {@code @PubSubListener} patterns are matched against with Emitter's own rules (see
 * {@link EmitterChannelPattern}). A listener's remote subscription needs a channel key: the
 * subscribe option extra {@value #KEY_EXTRA}, else the longest configured
 * {@code pubsub.clients.<name>.emitter.channel-keys} entry that is a prefix of the pattern.
 * <p>
 * Payloads: {@code byte[]} is sent as is, a {@link CharSequence} as UTF-8 text, anything else as
 * JSON written by the shared mapper. Requests to the broker (keygen, presence, link, me) are sent
 * at QoS 1 and their futures are completed by the response that echoes the packet id; a status of
 * 400 or more fails the future with {@link EmitterRequestException} and raises an error event.
 */
public interface EmitterClient extends PubSubClient {

	/** Subscribe/publish option extra: the channel key. */
	String KEY_EXTRA = "key";

	/** Subscribe option extra: the number of stored messages to replay on subscribe. */
	String LAST_EXTRA = "last";

	/** Subscribe option extra: the share group. */
	String GROUP_EXTRA = "group";

	/** Publish option extra: time to live in seconds. */
	String TTL_EXTRA = "ttl";

	/** Publish option extra: {@code false} to not echo the message to the publisher. */
	String ME_EXTRA = "me";

	/** Publish option extra: {@code true} for the retain flag. */
	String RETAIN_EXTRA = "retain";

	/** Publish option extra: QoS 0 or 1. */
	String QOS_EXTRA = "qos";

	/**
	 * Publish to a channel.
	 * @param key the channel key (needs {@code w}; {@code s} to store with a ttl)
	 * @param channel the channel, e.g. {@code chat} or {@code chat/room1}
	 * @param payload bytes, text, or an object written as JSON
	 * @param options ttl, echo, retain and QoS
	 * @return a future completed when the message was written (QoS 0) or acknowledged (QoS 1)
	 */
	CompletableFuture<PublishReceipt> publish(String key, String channel, Object payload,
			EmitterPublishOptions options);

	/**
	 * Publish through a link created with {@link #link}.
	 * @param name the link name
	 * @param payload the payload
	 * @param options retain and QoS (ttl and echo come from the link)
	 * @return a future completed when the message was written or acknowledged
	 */
	CompletableFuture<PublishReceipt> publishWithLink(String name, Object payload, EmitterPublishOptions options);

	/**
	 * Subscribe to a channel and bind a handler to it. The subscription is restored after every
	 * reconnect (replaying {@code restore-last} stored messages, 0 by default, so nothing repeats).
	 * @param key the channel key (needs {@code r}; {@code l} for {@code last})
	 * @param channel the channel, {@code +} wildcards allowed
	 * @param last how many stored messages to replay now (0 for none; the broker's default is 1)
	 * @param handler the handler
	 * @return a future completed with the subscription once the broker granted it, or failed with
	 * {@link EmitterRequestException} if it refused (the local handler is then removed)
	 */
	CompletableFuture<Subscription> subscribe(String key, String channel, int last, PubSubMessageHandler handler);

	/**
	 * Subscribe as a member of a share group: each message goes to one member of the group.
	 * @param key the channel key
	 * @param channel the channel
	 * @param shareGroup the group name (letters and digits)
	 * @param handler the handler
	 * @return a future completed with the subscription once granted
	 */
	CompletableFuture<Subscription> subscribeWithGroup(String key, String channel, String shareGroup,
			PubSubMessageHandler handler);

	/**
	 * Unsubscribe from a channel: remove the handlers bound to it with this key and the remote
	 * subscription.
	 * @param key the channel key
	 * @param channel the channel
	 * @return a future completed when the broker acknowledged it (at once when not connected)
	 */
	CompletableFuture<Void> unsubscribe(String key, String channel);

	/**
	 * Ask the broker for a channel key.
	 * @param key the secret (master) key, or a key with {@code e} for a private channel
	 * @param channel the channel: {@code a/b/} for exactly that channel, {@code a/#/} for it and
	 * everything below
	 * @param permissions permission letters: r, w, s, l, p, e, x
	 * @param ttl seconds the key is valid, 0 for no expiry
	 * @return the generated key
	 */
	CompletableFuture<EmitterKey> keygen(String key, String channel, String permissions, int ttl);

	/**
	 * Ask who is subscribed to a channel and/or follow its presence changes.
	 * @param key a key with {@code p}
	 * @param channel the channel
	 * @param status whether to return who is subscribed now
	 * @param changes {@code true} to receive subscribe/unsubscribe events (restored after
	 * reconnects), {@code false} to stop, {@code null} to leave as is
	 * @return the status (with an empty {@code who} when {@code status} is false)
	 */
	CompletableFuture<EmitterPresenceStatus> presence(String key, String channel, boolean status,
			@Nullable Boolean changes);

	/**
	 * Create a link: a 1-2 character name standing for a key and channel on this connection
	 * (recreated after every reconnect).
	 * @param name the link name
	 * @param key the channel key
	 * @param channel the channel
	 * @param options ttl and echo applied to publishes through the link
	 * @param subscribe whether the broker also subscribes this connection to the channel
	 * @return the link
	 */
	CompletableFuture<EmitterLink> link(String name, String key, String channel, EmitterPublishOptions options,
			boolean subscribe);

	/**
	 * Ask the broker for this connection's id and links.
	 * @return the answer
	 */
	CompletableFuture<EmitterMe> me();

	/**
	 * Handle presence change events.
	 * @param handler the handler, called off the network thread
	 * @return a registration to remove it
	 */
	HandlerRegistration onPresence(Consumer<EmitterPresenceEvent> handler);

	/**
	 * Handle generated keys (whoever requested them on this connection).
	 * @param handler the handler
	 * @return a registration
	 */
	HandlerRegistration onKeygen(Consumer<EmitterKey> handler);

	/**
	 * Handle created links.
	 * @param handler the handler
	 * @return a registration
	 */
	HandlerRegistration onLink(Consumer<EmitterLink> handler);

	/**
	 * Handle {@code me} answers.
	 * @param handler the handler
	 * @return a registration
	 */
	HandlerRegistration onMe(Consumer<EmitterMe> handler);

	/**
	 * Handle every error the broker reports (failed requests and {@code emitter/error/}).
	 * @param handler the handler
	 * @return a registration
	 */
	HandlerRegistration onError(Consumer<EmitterError> handler);

}
