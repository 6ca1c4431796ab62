package dev.pubsub.realtimex;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
import dev.pubsub.core.PubSubTimeoutException;
import dev.pubsub.core.TopicPattern;
import dev.pubsub.core.support.Failures;

/**
 * The channel registry of a {@link DefaultRealtimeXClient}: the desired channel set, and the
 * subscribe-with-auth flow per session: each private or presence channel is authorised for the
 * session's socket id (on the auth executor, with the request timeout), then
 * {@code realtimex:subscribe} is sent and the confirmation awaited; answers to superseded
 * attempts or sessions are ignored. Refuses {@code private-encrypted-*} channels: their
 * end-to-end encryption is not implemented, and subscribing as a plain private channel would hand
 * ciphertext to handlers.
 */
final class RealtimeXSubscriptions {

	static final String ENCRYPTED_PREFIX = "private-encrypted-";

	static final String SUCCEEDED = "realtimex_internal:subscription_succeeded";

	static final String ERROR = "realtimex_internal:subscription_error";

	private static final String SUBSCRIBE = "realtimex:subscribe";

	private static final String UNSUBSCRIBE = "realtimex:unsubscribe";

	private final Map<String, DefaultRealtimeXChannel> channels = new ConcurrentHashMap<>();

	private final DefaultRealtimeXClient client;

	private final JsonMapper jsonMapper;

	private final @Nullable RealtimeXAuthorizer authorizer;

	private final ExecutorService authExecutor;

	private final ScheduledExecutorService scheduler;

	private final Duration timeout;

	private final RealtimeXCallbacks callbacks;

	private final Supplier<@Nullable EngineIoSession> currentSession;

	private final Log logger;

	RealtimeXSubscriptions(DefaultRealtimeXClient client, @Nullable RealtimeXAuthorizer authorizer,
			ExecutorService authExecutor, ScheduledExecutorService scheduler, RealtimeXCallbacks callbacks,
			Supplier<@Nullable EngineIoSession> currentSession, Log logger) {
		this.client = client;
		this.jsonMapper = client.jsonMapper();
		this.authorizer = authorizer;
		this.authExecutor = authExecutor;
		this.scheduler = scheduler;
		this.timeout = client.defaultTimeout();
		this.callbacks = callbacks;
		this.currentSession = currentSession;
		this.logger = logger;
	}

	/**
	 * Return the channel, creating (and, when connected, subscribing) it first.
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
		boolean[] created = new boolean[1];
		DefaultRealtimeXChannel channel = this.channels.computeIfAbsent(channelName, (key) -> {
			created[0] = true;
			return new DefaultRealtimeXChannel(key, this.client);
		});
		channel.hold(explicit);
		EngineIoSession session = this.currentSession.get();
		if (created[0] && session != null && session.isUp()) {
			subscribe(session, channel);
		}
		return channel;
	}

	/**
	 * Forget a channel, fail its pending future and send {@code realtimex:unsubscribe} when connected.
	 * @param channelName the channel name
	 */
	void unsubscribe(String channelName) {
		DefaultRealtimeXChannel channel = this.channels.remove(channelName);
		if (channel == null) {
			return;
		}
		channel.closed(new RealtimeXSubscriptionException(channelName, "Unsubscribed from '" + channelName + "'"));
		EngineIoSession session = this.currentSession.get();
		if (session != null && session.isUp()) {
			Map<String, Object> payload = new LinkedHashMap<>();
			payload.put("channel", channelName);
			try {
				session.send(UNSUBSCRIBE, payload);
			}
			catch (RuntimeException ex) {
				this.logger.debug("Client '" + this.client.name() + "' could not send " + UNSUBSCRIBE + ": "
						+ ex.getMessage());
			}
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

	/**
	 * Subscribe every desired channel on a new session.
	 * @param session the session
	 */
	void subscribeAll(EngineIoSession session) {
		for (DefaultRealtimeXChannel channel : this.channels.values()) {
			subscribe(session, channel);
		}
	}

	void connectionLost() {
		this.channels.values().forEach(DefaultRealtimeXChannel::connectionLost);
	}

	void closeAll(Throwable cause) {
		this.channels.values().forEach((channel) -> channel.closed(cause));
	}

	private void subscribe(EngineIoSession session, DefaultRealtimeXChannel channel) {
		int attempt = channel.beginAttempt();
		String socketId = session.socketId();
		Assert.state(socketId != null, "not connected");
		if (!ChannelNames.requiresAuth(channel.name())) {
			sendSubscribe(session, channel, attempt, null);
			return;
		}
		RealtimeXAuthorizer auth = this.authorizer;
		Assert.state(auth != null, "no authorizer");
		CompletableFuture.supplyAsync(() -> auth.authorize(channel.name(), socketId), this.authExecutor)
			.thenCompose((future) -> future)
			.orTimeout(this.timeout.toMillis(), TimeUnit.MILLISECONDS)
			.whenComplete((result, ex) -> {
				if (this.currentSession.get() != session || session.isClosed()
						|| this.channels.get(channel.name()) != channel || !channel.isAttempt(attempt)) {
					return;
				}
				if (ex != null) {
					Throwable cause = Failures.unwrap(ex);
					String reason = (cause instanceof TimeoutException) ? "timed out" : String.valueOf(cause.getMessage());
					failed(session, channel, new RealtimeXSubscriptionException(channel.name(),
							"Authorisation of channel '" + channel.name() + "' failed: " + reason, cause));
				}
				else {
					sendSubscribe(session, channel, attempt, result);
				}
			});
	}

	private void sendSubscribe(EngineIoSession session, DefaultRealtimeXChannel channel, int attempt,
			@Nullable RealtimeXChannelAuth auth) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("channel", channel.name());
		if (auth != null) {
			payload.put("auth", auth.auth());
			if (auth.channelData() != null) {
				payload.put("channel_data", auth.channelData());
			}
		}
		channel.me((auth != null) ? RealtimeXPresence.userId(this.jsonMapper, auth.channelData()) : null);
		try {
			session.send(SUBSCRIBE, payload);
		}
		catch (RuntimeException ex) {
			return;
		}
		this.scheduler.schedule(() -> {
			if (channel.isAttempt(attempt) && this.currentSession.get() == session) {
				failed(session, channel, new RealtimeXSubscriptionException(channel.name(),
						"No subscription confirmation for '" + channel.name() + "' within " + this.timeout,
						new PubSubTimeoutException("subscription timed out", this.timeout)));
			}
		}, this.timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void failed(EngineIoSession session, DefaultRealtimeXChannel channel, RealtimeXSubscriptionException error) {
		if (channel.failed(error)) {
			this.logger.warn("Client '" + this.client.name() + "': " + error.getMessage());
			ObjectNode data = JsonNodeFactory.instance.objectNode();
			data.put("channel", channel.name());
			data.put("error", error.getMessage());
			emit(session, channel, ERROR, data);
			this.callbacks.emitConnection("subscription_error", data);
		}
	}

	/**
	 * The server confirmed a subscription.
	 * @param session the session it arrived on
	 * @param channelName the channel
	 * @param payload the payload
	 */
	void onSucceeded(EngineIoSession session, @Nullable String channelName, JsonNode payload) {
		DefaultRealtimeXChannel channel = (channelName != null) ? this.channels.get(channelName) : null;
		if (channel == null || !channel.succeeded()) {
			return;
		}
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
	 * The server refused a subscription.
	 * @param session the session it arrived on
	 * @param channelName the channel
	 * @param payload the payload
	 */
	void onSubscriptionError(EngineIoSession session, @Nullable String channelName, JsonNode payload) {
		DefaultRealtimeXChannel channel = (channelName != null) ? this.channels.get(channelName) : null;
		if (channel == null) {
			this.callbacks.emitConnection("subscription_error", payload);
			return;
		}
		String message = payload.path("error").isString() ? payload.path("error").asString()
				: payload.path("message").asString(payload.toString());
		RealtimeXSubscriptionException error = new RealtimeXSubscriptionException(channel.name(),
				"Server refused subscription to '" + channel.name() + "': " + message);
		if (channel.failed(error)) {
			this.logger.warn("Client '" + this.client.name() + "': " + error.getMessage());
			emit(session, channel, ERROR, payload);
			this.callbacks.emitConnection("subscription_error", payload);
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
