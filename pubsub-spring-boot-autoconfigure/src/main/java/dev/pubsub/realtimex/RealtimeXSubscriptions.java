package dev.pubsub.realtimex;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.util.Assert;

import dev.pubsub.auth.ChannelNames;
import dev.pubsub.core.PubSubNotConnectedException;
import dev.pubsub.core.TopicPattern;
import dev.pubsub.core.support.LogSanitizer;
import dev.pubsub.core.support.RateLimitedLog;

/**
 * The channels of a {@link DefaultRealtimeXClient}: the channel objects (bindings, state, presence
 * members) by name, their holds (counted by the client's {@link RealtimeXRemoteChannels}, which
 * subscribes them through the shared registry), the reporting of confirmations and refusals, and
 * client events. Refuses {@code private-encrypted-*} channels: their end-to-end encryption is not
 * implemented, and subscribing as a plain private channel would hand ciphertext to handlers.
 */
final class RealtimeXSubscriptions {

	static final String ENCRYPTED_PREFIX = "private-encrypted-";

	static final String SUCCEEDED = RealtimeXChannelSubscriber.SUCCEEDED;

	static final String ERROR = RealtimeXChannelSubscriber.ERROR;

	private final Map<String, DefaultRealtimeXChannel> channels = new ConcurrentHashMap<>();

	private final DefaultRealtimeXClient client;

	private final JsonMapper jsonMapper;

	private final @Nullable RealtimeXAuthorizer authorizer;

	private final RealtimeXRemoteChannels remote;

	private final RealtimeXCallbacks callbacks;

	private final Supplier<@Nullable EngineIoSession> currentSession;

	private final BiConsumer<RealtimeXSubscriptionException, Map<String, Object>> errorEvents;

	private final RateLimitedLog warnings;

	RealtimeXSubscriptions(DefaultRealtimeXClient client, @Nullable RealtimeXAuthorizer authorizer,
			RealtimeXRemoteChannels remote, RealtimeXCallbacks callbacks,
			Supplier<@Nullable EngineIoSession> currentSession,
			BiConsumer<RealtimeXSubscriptionException, Map<String, Object>> errorEvents, Log logger) {
		this.client = client;
		this.jsonMapper = client.jsonMapper();
		this.authorizer = authorizer;
		this.remote = remote;
		this.callbacks = callbacks;
		this.currentSession = currentSession;
		this.errorEvents = errorEvents;
		this.warnings = new RateLimitedLog(logger);
	}

	JsonMapper jsonMapper() {
		return this.jsonMapper;
	}

	@Nullable RealtimeXAuthorizer authorizer() {
		return this.authorizer;
	}

	/**
	 * Return the channel, creating it first, and count the hold (the channel is subscribed when
	 * connected).
	 * @param channelName the channel name
	 * @param explicit {@code true} for {@code subscribe(channel)}, {@code false} for a listener's hold
	 * @return the channel
	 */
	DefaultRealtimeXChannel obtain(String channelName, boolean explicit) {
		Assert.isTrue(ChannelNames.isValid(channelName), () -> "Invalid channel name '" + channelName
				+ "': use 1 to " + ChannelNames.MAX_LENGTH + " characters of [-a-zA-Z0-9_=@,.;]");
		if (channelName.startsWith(ENCRYPTED_PREFIX)) {
			throw new UnsupportedOperationException("Channel '" + channelName
					+ "' is an end-to-end encrypted channel: RealtimeX clients of this library do not decrypt, so '"
					+ ENCRYPTED_PREFIX + "*' channels are refused instead of being subscribed as plain private channels");
		}
		if (ChannelNames.requiresAuth(channelName) && this.authorizer == null) {
			throw new IllegalStateException("Channel '" + channelName
					+ "' needs a signature: configure an auth-endpoint, local signing or a RealtimeXAuthorizer bean");
		}
		synchronized (this.channels) {
			DefaultRealtimeXChannel channel = this.channels.computeIfAbsent(channelName,
					(key) -> new DefaultRealtimeXChannel(key, this.client));
			if (channel.hold(explicit)) {
				// the channel object exists before the registry wants it, and is gone only after
				this.remote.add(channelName);
			}
			return channel;
		}
	}

	/**
	 * Release a listener's hold; the last hold unsubscribes the channel.
	 * @param channelName the channel name
	 */
	void release(String channelName) {
		DefaultRealtimeXChannel gone;
		synchronized (this.channels) {
			DefaultRealtimeXChannel channel = this.channels.get(channelName);
			if (channel == null || !channel.releaseListener()) {
				return;
			}
			if (channel.holds() > 0) {
				this.remote.remove(channelName);
				return;
			}
			gone = forget(channelName, 1);
		}
		closed(gone);
	}

	/**
	 * Forget a channel whatever holds it, fail its pending future and unsubscribe it.
	 * @param channelName the channel name
	 */
	void unsubscribe(String channelName) {
		DefaultRealtimeXChannel gone;
		synchronized (this.channels) {
			gone = forget(channelName, 0);
		}
		closed(gone);
	}

	private @Nullable DefaultRealtimeXChannel forget(String channelName, int released) {
		DefaultRealtimeXChannel channel = this.channels.get(channelName);
		if (channel != null) {
			this.remote.removeAll(channelName, channel.holds() + released);
			this.channels.remove(channelName);
		}
		return channel;
	}

	private static void closed(@Nullable DefaultRealtimeXChannel channel) {
		if (channel != null) {
			channel.closed(new RealtimeXSubscriptionException(channel.name(),
					"Unsubscribed from '" + channel.name() + "'"));
		}
	}

	/**
	 * Send a {@code client-event} on a channel.
	 * @param channelName the channel
	 * @param event the event name
	 * @param data the data: JSON bytes, a value converted to JSON, or {@code null}
	 * @throws PubSubNotConnectedException if not connected
	 */
	void sendClientEvent(String channelName, String event, @Nullable Object data) {
		EngineIoSession session = this.currentSession.get();
		if (session == null || !session.isUp()) {
			throw new PubSubNotConnectedException("Client '" + this.client.name() + "' is not connected");
		}
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("channel", channelName);
		payload.put("event", event);
		payload.put("data", toJson(data));
		session.send("client-event", payload);
	}

	private JsonNode toJson(@Nullable Object data) {
		if (data == null) {
			return JsonNodeFactory.instance.nullNode();
		}
		if (data instanceof byte[] bytes) {
			return this.jsonMapper.readTree(bytes);
		}
		return this.jsonMapper.valueToTree(data);
	}

	@Nullable DefaultRealtimeXChannel get(String channelName) {
		return this.channels.get(channelName);
	}

	Map<String, RealtimeXChannel> snapshot() {
		return Map.copyOf(this.channels);
	}

	void connectionLost() {
		this.channels.values().forEach(DefaultRealtimeXChannel::connectionLost);
	}

	void closeAll(Throwable cause) {
		this.channels.values().forEach((channel) -> channel.closed(cause));
	}

	/**
	 * Report a confirmed subscription: the presence members, {@code whenSubscribed()} and the
	 * events.
	 * @param session the session it was confirmed on
	 * @param channel the channel
	 * @param payload the server's payload
	 */
	void succeeded(EngineIoSession session, DefaultRealtimeXChannel channel, JsonNode payload) {
		boolean presence = ChannelNames.isPresence(channel.name());
		if (presence) {
			RealtimeXPresence.subscribed(channel, payload);
		}
		channel.completeSubscribed();
		emit(session, channel, SUCCEEDED, payload);
		this.callbacks.emitConnection("subscription_succeeded", payload);
		if (presence) {
			emit(session, channel, "presence:subscription_succeeded", RealtimeXPresence.membersNode(channel));
		}
	}

	/**
	 * Report a refused, failed or unanswered subscribe (its future is failed already): a rate-limited
	 * WARN line, the channel's {@code realtimex_internal:subscription_error}, the connection's
	 * {@code subscription_error} and an {@code ERROR} connection event. The registry retries it.
	 * @param session the session it happened on
	 * @param channel the channel
	 * @param error why
	 * @param payload the server's payload, or {@code null} to build one from the error
	 */
	void failed(EngineIoSession session, DefaultRealtimeXChannel channel, RealtimeXSubscriptionException error,
			@Nullable JsonNode payload) {
		String message = LogSanitizer.sanitize(error.getMessage());
		this.warnings.warn(() -> "Client '" + this.client.name() + "': " + message + "; retrying with backoff");
		JsonNode data = payload;
		if (data == null) {
			ObjectNode built = JsonNodeFactory.instance.objectNode();
			built.put("channel", channel.name());
			built.put("error", error.getMessage());
			data = built;
		}
		emit(session, channel, ERROR, data);
		this.callbacks.emitConnection("subscription_error", data);
		this.errorEvents.accept(error, Map.of("refusedChannel", channel.name(), "reason", message));
	}

	/**
	 * Record a refusal in the registry, so it stays known (health) until a connection holds the
	 * channel.
	 * @param subscriber the subscriber of the session it happened on
	 * @param channelName the channel
	 * @param reason why (sanitized)
	 */
	void refused(RealtimeXChannelSubscriber subscriber, String channelName, String reason) {
		this.remote.refused(subscriber, channelName, reason);
	}

	/**
	 * The server confirmed a subscription.
	 * @param session the session it arrived on
	 * @param channelName the channel
	 * @param payload the payload
	 */
	void onSucceeded(EngineIoSession session, @Nullable String channelName, JsonNode payload) {
		RealtimeXChannelSubscriber subscriber = this.remote.subscriberOf(session);
		if (subscriber != null && channelName != null) {
			subscriber.onSucceeded(channelName, payload);
		}
	}

	/**
	 * The server refused a subscription.
	 * @param session the session it arrived on
	 * @param channelName the channel
	 * @param payload the payload
	 */
	void onSubscriptionError(EngineIoSession session, @Nullable String channelName, JsonNode payload) {
		if (channelName == null || this.channels.get(channelName) == null) {
			this.callbacks.emitConnection("subscription_error", payload);
			return;
		}
		RealtimeXChannelSubscriber subscriber = this.remote.subscriberOf(session);
		if (subscriber != null) {
			subscriber.onSubscriptionError(channelName, payload);
		}
	}

	/**
	 * Run a channel's bindings of an event, unless the session or the channel is replaced before
	 * the callback runs.
	 * @param session the session the event arrived on
	 * @param channel the channel
	 * @param event the event name
	 * @param data the data
	 */
	void emit(@Nullable EngineIoSession session, DefaultRealtimeXChannel channel, String event, JsonNode data) {
		this.callbacks.emitChannel(channel, event, data,
				() -> this.currentSession.get() == session && this.channels.get(channel.name()) == channel);
	}

	/**
	 * Return the channel a pattern names: everything before its last {@code .}, when that part
	 * has no wildcard segment and is a valid channel name.
	 * @param pattern the pattern
	 * @return the channel or {@code null}
	 */
	static @Nullable String channelOf(String pattern) {
		int dot = pattern.lastIndexOf('.');
		if (dot <= 0) {
			return null;
		}
		String channel = pattern.substring(0, dot);
		if (!TopicPattern.compile(channel, '.').isLiteral() || !ChannelNames.isValid(channel)) {
			return null;
		}
		return channel;
	}


}
