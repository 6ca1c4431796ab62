package dev.pubsub.realtimex;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.WebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import dev.pubsub.auth.ChannelNames;
import dev.pubsub.core.PubSubAuthenticationException;
import dev.pubsub.core.PubSubConnectionLostException;
import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.PubSubNotConnectedException;
import dev.pubsub.core.PubSubProtocolException;
import dev.pubsub.core.PubSubTimeoutException;
import dev.pubsub.core.PublishOptions;
import dev.pubsub.core.PublishReceipt;
import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.core.SubscribeOptions;
import dev.pubsub.core.TopicPattern;
import dev.pubsub.core.support.AbstractPubSubClient;
import dev.pubsub.core.support.LogSanitizer;
import dev.pubsub.core.support.RateLimitedLog;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link RealtimeXClient} on a websocket-only Socket.IO v5 / Engine.IO v4 codec over Spring
 * WebSocket.
 * <p>
 * Network threads only decode frames, answer Engine.IO pings and update subscription state;
 * bindings run on one callback thread per client (in arrival order) and {@code @PubSubListener}
 * handlers on the dispatchers of {@link AbstractPubSubClient}. Subscriptions are kept as the
 * desired channel set: on every (re)connect each private or presence channel is authorised again
 * for the new socket id and re-subscribed; nothing is sent while disconnected.
 */
public class DefaultRealtimeXClient extends AbstractPubSubClient implements RealtimeXClient {

	private static final String SUBSCRIBE = "realtimex:subscribe";

	private static final String UNSUBSCRIBE = "realtimex:unsubscribe";

	private static final String SUCCEEDED = "realtimex_internal:subscription_succeeded";

	private static final String ERROR = "realtimex_internal:subscription_error";

	private static final String MEMBER_ADDED = "realtimex_internal:member_added";

	private static final String MEMBER_REMOVED = "realtimex_internal:member_removed";

	private final URI uri;

	private final WebSocketClient webSocketClient;

	private final @Nullable RealtimeXAuthorizer authorizer;

	private final Duration connectTimeout;

	private final Map<String, DefaultRealtimeXChannel> channels = new ConcurrentHashMap<>();

	private final Map<String, List<RealtimeXEventHandler>> connectionBindings = new ConcurrentHashMap<>();

	private final Queue<CompletableFuture<JsonNode>> pendingPings = new ConcurrentLinkedQueue<>();

	private final ExecutorService callbacks;

	private final ExecutorService authExecutor;

	private final RateLimitedLog frameWarnings = new RateLimitedLog(this.logger);

	private volatile @Nullable Link link;

	/**
	 * Create a client.
	 * @param name the client name
	 * @param jsonMapper the shared mapper
	 * @param reconnectPolicy the reconnect policy
	 * @param requestTimeout timeout of auth requests, subscription confirmations and pings
	 * @param connectTimeout timeout of one connection attempt, handshake included
	 * @param uri the websocket URI, for example from {@link #uri(String, int, boolean, String, String)}
	 * @param authorizer the authorizer for private and presence channels, or {@code null}
	 * @param webSocketClient the websocket client
	 */
	public DefaultRealtimeXClient(String name, JsonMapper jsonMapper, ReconnectPolicy reconnectPolicy,
			Duration requestTimeout, Duration connectTimeout, URI uri, @Nullable RealtimeXAuthorizer authorizer,
			WebSocketClient webSocketClient) {
		super(name, jsonMapper, reconnectPolicy, requestTimeout);
		this.uri = uri;
		this.authorizer = authorizer;
		this.connectTimeout = connectTimeout;
		this.webSocketClient = webSocketClient;
		this.callbacks = serialExecutor("callbacks");
		this.authExecutor = pooledExecutor("auth");
		addConnectionListener((event) -> emitConnection(event.type().name().toLowerCase(Locale.ROOT),
				jsonMapper().valueToTree(connectionEventData(event.details(), event.cause()))));
	}

	private static Map<String, Object> connectionEventData(Map<String, Object> details, @Nullable Throwable cause) {
		Map<String, Object> data = new LinkedHashMap<>(details);
		if (cause != null) {
			data.put("error", String.valueOf(cause.getMessage()));
		}
		return data;
	}

	/**
	 * Build the websocket URI of a RealtimeX server:
	 * {@code ws[s]://host:port<path>?api_key=<key>&EIO=4&transport=websocket}.
	 * @param host the host
	 * @param port the port
	 * @param encrypted whether to use TLS
	 * @param path the Socket.IO path, usually {@code /socket.io/}
	 * @param apiKey the api key, or {@code null}
	 * @return the URI
	 */
	public static URI uri(String host, int port, boolean encrypted, String path, @Nullable String apiKey) {
		StringBuilder query = new StringBuilder();
		if (apiKey != null && !apiKey.isEmpty()) {
			query.append("api_key=").append(java.net.URLEncoder.encode(apiKey, StandardCharsets.UTF_8)).append('&');
		}
		query.append("EIO=4&transport=websocket");
		String normalized = path.startsWith("/") ? path : "/" + path;
		normalized = normalized.endsWith("/") ? normalized : normalized + "/";
		return URI.create((encrypted ? "wss" : "ws") + "://" + host + ":" + port + normalized + "?" + query);
	}


	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public boolean supportsReplies() {
		return false;
	}

	@Override
	public @Nullable String socketId() {
		Link current = this.link;
		return (current != null && isConnected()) ? current.socketId : null;
	}

	// Channels

	@Override
	public RealtimeXChannel subscribe(String channelName) {
		return obtain(channelName, true);
	}

	private DefaultRealtimeXChannel obtain(String channelName, boolean explicit) {
		Assert.isTrue(ChannelNames.isValid(channelName), () -> "Invalid channel name '" + channelName
				+ "': use 1 to " + ChannelNames.MAX_LENGTH + " characters of [-a-zA-Z0-9_=@,.;]");
		if (ChannelNames.requiresAuth(channelName) && this.authorizer == null) {
			throw new IllegalStateException("Channel '" + channelName
					+ "' needs a signature: configure an auth-endpoint, local signing or a RealtimeXAuthorizer bean");
		}
		boolean[] created = new boolean[1];
		DefaultRealtimeXChannel channel = this.channels.computeIfAbsent(channelName, (key) -> {
			created[0] = true;
			return new DefaultRealtimeXChannel(key, this);
		});
		channel.hold(explicit);
		Link current = this.link;
		if (created[0] && current != null && current.socketId != null && !current.closed) {
			startSubscribe(current, channel);
		}
		return channel;
	}

	@Override
	public void unsubscribe(String channelName) {
		DefaultRealtimeXChannel channel = this.channels.remove(channelName);
		if (channel == null) {
			return;
		}
		channel.closed(new RealtimeXSubscriptionException(channelName, "Unsubscribed from '" + channelName + "'"));
		Link current = this.link;
		if (current != null && current.socketId != null && !current.closed) {
			Map<String, Object> payload = new LinkedHashMap<>();
			payload.put("channel", channelName);
			sendQuietly(current, UNSUBSCRIBE, payload);
		}
	}

	@Override
	public @Nullable RealtimeXChannel channel(String channelName) {
		return this.channels.get(channelName);
	}

	@Override
	public Map<String, RealtimeXChannel> channels() {
		return Map.copyOf(this.channels);
	}

	private void startSubscribe(Link link, DefaultRealtimeXChannel channel) {
		int attempt = channel.beginAttempt();
		String socketId = link.socketId;
		Assert.state(socketId != null, "not connected");
		if (!ChannelNames.requiresAuth(channel.name())) {
			sendSubscribe(link, channel, attempt, null);
			return;
		}
		RealtimeXAuthorizer auth = this.authorizer;
		Assert.state(auth != null, "no authorizer");
		CompletableFuture.supplyAsync(() -> auth.authorize(channel.name(), socketId), this.authExecutor)
			.thenCompose((future) -> future)
			.orTimeout(defaultTimeout().toMillis(), TimeUnit.MILLISECONDS)
			.whenComplete((result, ex) -> {
				if (this.link != link || link.closed || this.channels.get(channel.name()) != channel
						|| !channel.isAttempt(attempt)) {
					return;
				}
				if (ex != null) {
					Throwable cause = unwrap(ex);
					String reason = (cause instanceof TimeoutException) ? "timed out" : String.valueOf(cause.getMessage());
					subscriptionFailed(channel, new RealtimeXSubscriptionException(channel.name(),
							"Authorisation of channel '" + channel.name() + "' failed: " + reason, cause));
				}
				else {
					sendSubscribe(link, channel, attempt, result);
				}
			});
	}

	private void sendSubscribe(Link link, DefaultRealtimeXChannel channel, int attempt,
			@Nullable RealtimeXChannelAuth auth) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("channel", channel.name());
		if (auth != null) {
			payload.put("auth", auth.auth());
			if (auth.channelData() != null) {
				payload.put("channel_data", auth.channelData());
			}
		}
		channel.me((auth != null) ? presenceUserId(auth.channelData()) : null);
		try {
			send(link, SUBSCRIBE, payload);
		}
		catch (RuntimeException ex) {
			return;
		}
		scheduler().schedule(() -> {
			if (channel.isAttempt(attempt) && this.link == link) {
				subscriptionFailed(channel, new RealtimeXSubscriptionException(channel.name(),
						"No subscription confirmation for '" + channel.name() + "' within " + defaultTimeout(),
						new PubSubTimeoutException("subscription timed out", defaultTimeout())));
			}
		}, defaultTimeout().toMillis(), TimeUnit.MILLISECONDS);
	}

	private @Nullable String presenceUserId(@Nullable String channelData) {
		if (channelData == null) {
			return null;
		}
		try {
			JsonNode userId = jsonMapper().readTree(channelData).get("user_id");
			return (userId != null && !userId.isNull()) ? userId.asString() : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private void subscriptionFailed(DefaultRealtimeXChannel channel, RealtimeXSubscriptionException error) {
		if (channel.failed(error)) {
			this.logger.warn("Client '" + name() + "': " + error.getMessage());
			ObjectNode data = JsonNodeFactory.instance.objectNode();
			data.put("channel", channel.name());
			data.put("error", error.getMessage());
			emitChannel(this.link, channel, ERROR, data);
			emitConnection("subscription_error", data);
		}
	}

	void sendClientEvent(String channelName, String event, @Nullable Object data) {
		Link current = this.link;
		if (current == null || current.closed || current.socketId == null) {
			throw new PubSubNotConnectedException("Client '" + name() + "' is not connected");
		}
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("channel", channelName);
		payload.put("event", event);
		payload.put("data", toJson(data));
		send(current, "client-event", payload);
		metrics().messagePublished();
	}

	private JsonNode toJson(@Nullable Object data) {
		if (data == null) {
			return JsonNodeFactory.instance.nullNode();
		}
		if (data instanceof byte[] bytes) {
			return jsonMapper().readTree(bytes);
		}
		return jsonMapper().valueToTree(data);
	}

	// PubSubClient

	@Override
	public CompletableFuture<PublishReceipt> publish(String topic, Object payload, PublishOptions options) {
		return observePublish(topic, () -> doPublish(topic, payload, options));
	}

	private CompletableFuture<PublishReceipt> doPublish(String topic, Object payload, PublishOptions options) {
		try {
			String event = options.messageType();
			Assert.isTrue(event != null, "RealtimeX publish needs PublishOptions.messageType, the client-* event name");
			DefaultRealtimeXChannel channel = this.channels.get(topic);
			if (channel == null) {
				throw new IllegalStateException("Channel '" + topic + "' is not subscribed");
			}
			channel.trigger(event, payload);
			return CompletableFuture.completedFuture(PublishReceipt.written(name(), topic, null));
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	@Override
	public CompletableFuture<JsonNode> ping() {
		Link current = this.link;
		if (current == null || current.closed || current.socketId == null) {
			return CompletableFuture.failedFuture(new PubSubNotConnectedException("Client '" + name() + "' is not connected"));
		}
		CompletableFuture<JsonNode> pong = new CompletableFuture<>();
		this.pendingPings.add(pong);
		try {
			send(current, "realtimex:ping", Map.of());
		}
		catch (RuntimeException ex) {
			this.pendingPings.remove(pong);
			return CompletableFuture.failedFuture(ex);
		}
		return pong.orTimeout(defaultTimeout().toMillis(), TimeUnit.MILLISECONDS).whenComplete((ok, ex) -> {
			if (ex != null) {
				this.pendingPings.remove(pong);
			}
		});
	}

	@Override
	public void bind(String event, RealtimeXEventHandler handler) {
		this.connectionBindings.computeIfAbsent(event, (key) -> new CopyOnWriteArrayList<>()).add(handler);
	}

	@Override
	public void unbind(String event, @Nullable RealtimeXEventHandler handler) {
		if (handler == null) {
			this.connectionBindings.remove(event);
		}
		else {
			List<RealtimeXEventHandler> handlers = this.connectionBindings.get(event);
			if (handlers != null) {
				handlers.remove(handler);
			}
		}
	}

	@Override
	public void validatePattern(String pattern) {
		super.validatePattern(pattern);
		if (!"**".equals(pattern) && pattern.indexOf('.') < 0) {
			throw new IllegalArgumentException("RealtimeX routing keys are 'channel.event'; pattern '" + pattern
					+ "' has no '.' (use '" + pattern + ".*' for every event of a channel)");
		}
	}

	@Override
	protected Predicate<String> compilePattern(String pattern) {
		return TopicPattern.compile(pattern, '.')::matches;
	}

	@Override
	protected void onSubscribe(String pattern, SubscribeOptions options) {
		String channel = channelOf(pattern);
		if (options.remoteSubscribe() && channel != null) {
			obtain(channel, false);
		}
	}

	@Override
	protected void onUnsubscribe(String pattern, SubscribeOptions options) {
		String channelName = channelOf(pattern);
		DefaultRealtimeXChannel channel = (channelName != null) ? this.channels.get(channelName) : null;
		if (options.remoteSubscribe() && channel != null && channel.releaseListener()) {
			unsubscribe(channelName);
		}
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

	// Connection

	@Override
	protected CompletableFuture<Void> doConnect() {
		Link newLink = new Link();
		this.link = newLink;
		try {
			this.webSocketClient.execute(newLink, new WebSocketHttpHeaders(), this.uri).whenComplete((session, ex) -> {
				if (ex != null) {
					newLink.ready.completeExceptionally(unwrap(ex));
				}
			});
		}
		catch (RuntimeException ex) {
			newLink.ready.completeExceptionally(ex);
		}
		return newLink.ready.orTimeout(this.connectTimeout.toMillis(), TimeUnit.MILLISECONDS).handle((socketId, ex) -> {
			if (ex != null) {
				newLink.close(false);
				Throwable cause = unwrap(ex);
				if (cause instanceof TimeoutException) {
					throw new PubSubTimeoutException("No Socket.IO handshake from " + safeUri(), this.connectTimeout);
				}
				throw (cause instanceof RuntimeException runtime) ? runtime : new CompletionException(cause);
			}
			for (DefaultRealtimeXChannel channel : this.channels.values()) {
				startSubscribe(newLink, channel);
			}
			return null;
		});
	}

	@Override
	protected void doDisconnect() {
		Link current = this.link;
		this.link = null;
		if (current != null) {
			current.close(true);
		}
	}

	@Override
	public void disconnect() {
		super.disconnect();
		PubSubNotConnectedException cause = new PubSubNotConnectedException("Client '" + name() + "' was disconnected");
		this.channels.values().forEach((channel) -> channel.closed(cause));
	}

	@Override
	protected void onConnectionLost(Throwable cause) {
		this.channels.values().forEach(DefaultRealtimeXChannel::connectionLost);
		CompletableFuture<JsonNode> ping;
		while ((ping = this.pendingPings.poll()) != null) {
			ping.completeExceptionally(cause);
		}
	}

	@Override
	protected boolean isPermanentFailure(Throwable cause) {
		return cause instanceof PubSubAuthenticationException;
	}

	@Override
	protected Map<String, Object> connectionDetails() {
		Link current = this.link;
		return (current != null && current.socketId != null) ? Map.of("socketId", current.socketId) : Map.of();
	}

	@Override
	public void destroy() {
		super.destroy();
		this.callbacks.shutdown();
		this.authExecutor.shutdownNow();
	}

	private String safeUri() {
		return this.uri.getScheme() + "://" + this.uri.getHost() + ":" + this.uri.getPort() + this.uri.getPath();
	}

	private static Throwable unwrap(Throwable ex) {
		Throwable cause = ex;
		while (cause instanceof CompletionException && cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	// Inbound

	private void onFrame(Link link, String text) {
		SocketIoFrame frame;
		try {
			frame = SocketIoCodec.decode(text);
		}
		catch (PubSubProtocolException ex) {
			malformed(ex.getMessage(), text);
			return;
		}
		switch (frame.engineType()) {
			case SocketIoFrame.ENGINE_OPEN -> onOpen(link, frame);
			case SocketIoFrame.ENGINE_PING -> {
				link.sendRaw(SocketIoCodec.pong());
				link.armWatchdog();
			}
			case SocketIoFrame.ENGINE_CLOSE -> link.lost(new PubSubConnectionLostException(
					"Server closed the Engine.IO session of client '" + name() + "'"));
			case SocketIoFrame.ENGINE_MESSAGE -> onPacket(link, frame, text);
			default -> {
			}
		}
	}

	private void onOpen(Link link, SocketIoFrame frame) {
		try {
			JsonNode open = jsonMapper().readTree((frame.json() != null) ? frame.json() : "{}");
			link.pingInterval = open.path("pingInterval").asLong(25_000);
			link.pingTimeout = open.path("pingTimeout").asLong(20_000);
		}
		catch (JacksonException ex) {
			malformed("Engine.IO open packet is not JSON", "");
		}
		link.armWatchdog();
		link.sendRaw(SocketIoCodec.connect());
	}

	private void onPacket(Link link, SocketIoFrame frame, String text) {
		if (!"/".equals(frame.namespace())) {
			return;
		}
		switch (frame.socketType()) {
			case SocketIoFrame.CONNECT -> {
				JsonNode sid = parse(frame.json(), text).path("sid");
				if (!sid.isString() || sid.asString().isEmpty()) {
					link.ready.completeExceptionally(new PubSubProtocolException("Socket.IO CONNECT without sid"));
					return;
				}
				link.socketId = sid.asString();
				link.ready.complete(link.socketId);
			}
			case SocketIoFrame.CONNECT_ERROR -> {
				JsonNode error = parse(frame.json(), text);
				String message = error.path("message").asString(error.toString());
				PubSubAuthenticationException refused = new PubSubAuthenticationException(
						"RealtimeX server refused the connection of client '" + name() + "': " + message);
				link.ready.completeExceptionally(refused);
				link.close(false);
				if (link.socketId != null) {
					reportError(refused);
				}
			}
			case SocketIoFrame.DISCONNECT -> link.lost(new PubSubConnectionLostException(
					"RealtimeX server disconnected client '" + name() + "' (io server disconnect)"));
			case SocketIoFrame.EVENT -> {
				JsonNode array = parse(frame.json(), text);
				if (!array.isArray() || array.isEmpty() || !array.get(0).isString()) {
					malformed("Socket.IO event is not [name, ...]", text);
					return;
				}
				onEvent(link, array.get(0).asString(), (array.size() > 1) ? array.get(1)
						: JsonNodeFactory.instance.nullNode());
			}
			case SocketIoFrame.BINARY_EVENT, SocketIoFrame.BINARY_ACK -> malformed(
					"Binary Socket.IO packets are not supported", text);
			default -> {
			}
		}
	}

	private JsonNode parse(@Nullable String json, String frame) {
		if (json == null) {
			return JsonNodeFactory.instance.missingNode();
		}
		try {
			return jsonMapper().readTree(json);
		}
		catch (JacksonException ex) {
			malformed("Socket.IO packet JSON is malformed", frame);
			return JsonNodeFactory.instance.missingNode();
		}
	}

	private void malformed(@Nullable String reason, String frame) {
		metrics().malformedFrame();
		this.frameWarnings.warn(() -> "Client '" + name() + "' skipped a malformed frame (" + frame.length() + " chars): "
				+ LogSanitizer.sanitize(reason));
	}

	private void onEvent(Link link, String name, JsonNode payload) {
		String channelName = payload.path("channel").isString() ? payload.path("channel").asString() : null;
		switch (name) {
			case "server-event" -> {
				String event = payload.path("event").asString("");
				if (channelName == null || event.isEmpty()) {
					malformed("server-event without channel or event", "");
					return;
				}
				JsonNode data = payload.has("data") ? payload.get("data") : JsonNodeFactory.instance.nullNode();
				if (MEMBER_ADDED.equals(event) || MEMBER_REMOVED.equals(event)) {
					onMember(link, channelName, event, data);
				}
				else {
					onChannelEvent(link, channelName, event, data);
				}
			}
			case SUCCEEDED -> onSucceeded(link, channelName, payload);
			case ERROR -> onSubscriptionError(link, channelName, payload);
			case MEMBER_ADDED, MEMBER_REMOVED -> {
				if (channelName != null) {
					onMember(link, channelName, name, payload);
				}
			}
			case "realtimex:pong" -> {
				CompletableFuture<JsonNode> ping = this.pendingPings.poll();
				if (ping != null) {
					ping.complete(payload);
				}
				emitConnection("pong", payload);
			}
			default -> emitConnection(name, payload);
		}
	}

	private void onChannelEvent(Link link, String channelName, String event, JsonNode data) {
		DefaultRealtimeXChannel channel = this.channels.get(channelName);
		if (channel == null || channel.state() == DefaultRealtimeXChannel.State.UNSUBSCRIBED) {
			this.metrics().messageUnrouted();
			return;
		}
		emitChannel(link, channel, event, data);
		PubSubMessage message = PubSubMessage.builder(name(), channelName, jsonMapper())
			.messageType(event)
			.routingKey(channelName + "." + event)
			.payload(jsonMapper().writeValueAsBytes(data))
			.headers(PubSubHeaders.of(Map.of(PubSubHeaders.RECEIVED_AT, System.currentTimeMillis())))
			.build();
		dispatch(message);
	}

	private void onSucceeded(Link link, @Nullable String channelName, JsonNode payload) {
		DefaultRealtimeXChannel channel = (channelName != null) ? this.channels.get(channelName) : null;
		if (channel == null || !channel.succeeded()) {
			return;
		}
		boolean presence = ChannelNames.isPresence(channel.name());
		if (presence) {
			JsonNode hash = payload.path("presence").path("hash");
			if (hash.isObject()) {
				for (Map.Entry<String, JsonNode> member : hash.properties()) {
					channel.memberAdded(member.getKey(), member.getValue());
				}
			}
			String me = channel.me();
			if (me != null && !channel.members().containsKey(me)) {
				channel.memberAdded(me, JsonNodeFactory.instance.objectNode());
			}
		}
		channel.completeSubscribed();
		emitChannel(link, channel, SUCCEEDED, payload);
		emitConnection("subscription_succeeded", payload);
		if (presence) {
			emitChannel(link, channel, "presence:subscription_succeeded", membersNode(channel));
		}
	}

	private JsonNode membersNode(DefaultRealtimeXChannel channel) {
		ObjectNode node = JsonNodeFactory.instance.objectNode();
		Map<String, JsonNode> members = channel.members();
		node.put("me", channel.me());
		node.put("count", members.size());
		ObjectNode hash = node.putObject("members");
		members.forEach(hash::set);
		return node;
	}

	private void onSubscriptionError(Link link, @Nullable String channelName, JsonNode payload) {
		DefaultRealtimeXChannel channel = (channelName != null) ? this.channels.get(channelName) : null;
		if (channel == null) {
			emitConnection("subscription_error", payload);
			return;
		}
		String message = payload.path("error").isString() ? payload.path("error").asString()
				: payload.path("message").asString(payload.toString());
		RealtimeXSubscriptionException error = new RealtimeXSubscriptionException(channel.name(),
				"Server refused subscription to '" + channel.name() + "': " + message);
		if (channel.failed(error)) {
			this.logger.warn("Client '" + name() + "': " + error.getMessage());
			emitChannel(link, channel, ERROR, payload);
			emitConnection("subscription_error", payload);
		}
	}

	private void onMember(Link link, String channelName, String event, JsonNode data) {
		DefaultRealtimeXChannel channel = this.channels.get(channelName);
		if (channel == null || !channel.isSubscribed() || !ChannelNames.isPresence(channelName)) {
			return;
		}
		JsonNode userIdNode = data.path("user_id");
		if (userIdNode.isMissingNode() || userIdNode.isNull()) {
			malformed("presence member event without user_id", "");
			return;
		}
		String userId = userIdNode.asString();
		emitChannel(link, channel, event, data);
		if (MEMBER_ADDED.equals(event)) {
			channel.memberAdded(userId, data.path("user_info").isMissingNode() ? JsonNodeFactory.instance.objectNode()
					: data.get("user_info"));
			emitChannel(link, channel, "presence:member_added", data);
		}
		else if (channel.memberRemoved(userId) != null) {
			emitChannel(link, channel, "presence:member_removed", data);
		}
	}

	// Outbound

	private void send(Link link, String event, Object payload) {
		List<Object> array = new ArrayList<>(2);
		array.add(event);
		array.add(payload);
		link.sendRaw(SocketIoCodec.event(jsonMapper().writeValueAsString(array)));
	}

	private void sendQuietly(Link link, String event, Object payload) {
		try {
			send(link, event, payload);
		}
		catch (RuntimeException ex) {
			this.logger.debug("Client '" + name() + "' could not send " + event + ": " + ex.getMessage());
		}
	}

	// Callbacks

	private void emitChannel(@Nullable Link link, DefaultRealtimeXChannel channel, String event, JsonNode data) {
		RealtimeXEvent payload = new RealtimeXEvent(channel.name(), event, data);
		runCallback(() -> {
			if (this.link != link || this.channels.get(channel.name()) != channel) {
				return;
			}
			for (RealtimeXEventHandler handler : channel.handlersFor(event)) {
				invoke(handler, payload);
			}
		});
	}

	private void emitConnection(String event, JsonNode data) {
		List<RealtimeXEventHandler> handlers = this.connectionBindings.get(event);
		if (handlers == null || handlers.isEmpty()) {
			return;
		}
		RealtimeXEvent payload = new RealtimeXEvent(null, event, data);
		runCallback(() -> {
			for (RealtimeXEventHandler handler : handlers) {
				invoke(handler, payload);
			}
		});
	}

	private void runCallback(Runnable callback) {
		try {
			this.callbacks.execute(callback);
		}
		catch (RejectedExecutionException ex) {
			this.logger.debug("Client '" + name() + "' is shut down; callback dropped");
		}
	}

	private void invoke(RealtimeXEventHandler handler, RealtimeXEvent event) {
		try {
			handler.onEvent(event);
		}
		catch (RuntimeException ex) {
			metrics().listenerError();
			this.logger.error("Binding for '" + event.event() + "' on client '" + name() + "' failed", ex);
		}
	}

	/**
	 * One websocket connection and its Socket.IO session.
	 */
	private final class Link extends TextWebSocketHandler {

		final CompletableFuture<String> ready = new CompletableFuture<>();

		volatile @Nullable WebSocketSession session;

		volatile @Nullable String socketId;

		volatile boolean closed;

		volatile long pingInterval = 25_000;

		volatile long pingTimeout = 20_000;

		private @Nullable ScheduledFuture<?> watchdog;

		@Override
		public void afterConnectionEstablished(WebSocketSession session) {
			this.session = session;
			session.setTextMessageSizeLimit(Math.max(session.getTextMessageSizeLimit(), 1_000_000));
			if (this.closed) {
				closeSession(session);
			}
		}

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) {
			if (!this.closed) {
				onFrame(this, message.getPayload());
			}
		}

		@Override
		public void handleTransportError(WebSocketSession session, Throwable exception) {
			lost(new PubSubConnectionLostException("Transport error on client '" + name() + "': " + exception, exception));
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
			lost(new PubSubConnectionLostException("WebSocket of client '" + name() + "' closed: " + status));
		}

		synchronized void armWatchdog() {
			if (this.watchdog != null) {
				this.watchdog.cancel(false);
			}
			if (this.closed) {
				return;
			}
			long limit = this.pingInterval + this.pingTimeout;
			this.watchdog = scheduler().schedule(() -> lost(new PubSubConnectionLostException(
					"No Engine.IO ping within " + limit + " ms on client '" + name() + "'")), limit,
					TimeUnit.MILLISECONDS);
		}

		void sendRaw(String text) {
			WebSocketSession current = this.session;
			if (this.closed || current == null || !current.isOpen()) {
				throw new PubSubNotConnectedException("Client '" + name() + "' is not connected");
			}
			try {
				synchronized (this) {
					current.sendMessage(new TextMessage(text));
				}
			}
			catch (IOException | IllegalStateException ex) {
				lost(new PubSubConnectionLostException("Send failed on client '" + name() + "'", ex));
				throw new PubSubNotConnectedException("Client '" + name() + "' lost its connection while sending");
			}
		}

		void lost(Throwable cause) {
			if (this.closed) {
				return;
			}
			close(false);
			this.ready.completeExceptionally(cause);
			if (DefaultRealtimeXClient.this.link == this) {
				connectionLost(cause);
			}
		}

		void close(boolean graceful) {
			WebSocketSession current;
			synchronized (this) {
				if (this.closed && !graceful) {
					return;
				}
				this.closed = true;
				if (this.watchdog != null) {
					this.watchdog.cancel(false);
				}
				current = this.session;
			}
			if (current != null && current.isOpen()) {
				if (graceful) {
					try {
						synchronized (this) {
							current.sendMessage(new TextMessage(SocketIoCodec.disconnect()));
						}
					}
					catch (IOException | IllegalStateException ex) {
						// closing anyway
					}
				}
				closeSession(current);
			}
		}

		private void closeSession(WebSocketSession session) {
			try {
				session.close(CloseStatus.NORMAL);
			}
			catch (IOException | IllegalStateException ex) {
				// already closed
			}
		}

	}

}
