package dev.pubsub.realtime;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.WebSocketClient;

import dev.pubsub.core.OverflowPolicy;
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
import dev.pubsub.core.RemoteSubscriptionStatus;
import dev.pubsub.core.SubscribeOptions;
import dev.pubsub.core.Subscription;
import dev.pubsub.core.TopicPattern;
import dev.pubsub.core.ConnectionEventType;
import dev.pubsub.core.support.AbstractPubSubClient;
import dev.pubsub.core.support.LogSanitizer;
import dev.pubsub.core.support.PendingRequests;
import dev.pubsub.core.support.RateLimitedLog;

/**
 * {@link RealtimeClient} on Spring WebSocket's client API.
 * <p>
 * Per connection attempt it asks the {@link RealtimeUrlProvider} for a fresh URL (and so a fresh
 * token), waits for the welcome frame, subscribes again to every remote topic it holds, and only
 * then reports the session as started. Inbound frames are decoded on the read thread and handed
 * to the subscriptions' dispatchers; acks and replies complete waiters registered before the frame
 * was written. Text and binary frames decode the same way; a binary frame marks the message
 * {@link PubSubHeaders#COMPRESSED compressed}.
 * <p>
 * A gateway that closes the connection because a subscription is forbidden does not make the
 * client forget the topic: it is reported (an {@code ERROR} event with the details
 * {@code forbiddenTopic}, {@code closeCode} and {@code closeReason}, and in
 * {@link #unheldSubscriptions()}, which the health indicator lists) and subscribed again after the
 * reconnect, whose backoff keeps growing while connections do not last. The topic counts as held
 * again once the gateway answered a ping sent right after the repeated subscribe.
 * <p>
 * Malformed and oversized frames are counted exactly and logged at most once per interval.
 */
public class DefaultRealtimeClient extends AbstractPubSubClient implements RealtimeClient, RemoteSubscriptionStatus {

	private static final String TYPE = "realtime";

	private static final int READ_BUFFER_SIZE = 64 * 1024;

	private static final String SECURE_PREFIX = "secure/";

	private static final CompletableFuture<Boolean> UNTRACKED_ACK = CompletableFuture
		.failedFuture(new IllegalStateException("This publish was not tracked; publish with awaitAck to wait"));

	private static final CompletableFuture<RealtimeReply> UNTRACKED_REPLY = CompletableFuture
		.failedFuture(new IllegalStateException("This publish was not tracked; use publish(topic, payload, "
				+ "messageType, compress, messageId) to wait for a reply"));

	private final WebSocketClient webSocketClient;

	private final RealtimeUrlProvider urlProvider;

	private final RealtimeFrames frames;

	private final long maxFrameSize;

	private final Duration connectTimeout;

	private final PendingRequests<String, Boolean> acks;

	private final PendingRequests<String, RealtimeReply> replies;

	private final Map<String, Integer> remoteTopics = new LinkedHashMap<>();

	private final Map<String, String> forbiddenTopics = new ConcurrentHashMap<>();

	private final RateLimitedLog frameWarnings = new RateLimitedLog(this.logger);

	private volatile @Nullable Connection latest;

	private volatile @Nullable Connection current;

	private volatile Duration pingInterval = Duration.ofSeconds(15);

	/**
	 * Create a client.
	 * @param name the client name
	 * @param webSocketClient the WebSocket client
	 * @param urlProvider supplies the URL of each attempt
	 * @param jsonMapper the shared JSON mapper
	 * @param reconnectPolicy the reconnect policy
	 * @param requestTimeout the default ack and reply timeout
	 * @param connectTimeout the timeout of one attempt, welcome included
	 * @param maxFrameSize the largest inbound message accepted, in bytes
	 */
	public DefaultRealtimeClient(String name, WebSocketClient webSocketClient, RealtimeUrlProvider urlProvider,
			JsonMapper jsonMapper, ReconnectPolicy reconnectPolicy, Duration requestTimeout, Duration connectTimeout,
			long maxFrameSize) {
		super(name, jsonMapper, reconnectPolicy, requestTimeout);
		this.webSocketClient = webSocketClient;
		this.urlProvider = urlProvider;
		this.frames = new RealtimeFrames(jsonMapper);
		this.maxFrameSize = maxFrameSize;
		this.connectTimeout = connectTimeout;
		this.acks = new PendingRequests<>(scheduler(), "ack");
		this.replies = new PendingRequests<>(scheduler(), "reply");
	}

	/**
	 * Set how often to ping the gateway; a connection that answers no ping for two intervals is
	 * treated as lost and reconnected. {@link Duration#ZERO} disables pings.
	 * @param pingInterval the interval
	 */
	public void setPingInterval(Duration pingInterval) {
		this.pingInterval = pingInterval;
	}

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public boolean supportsReplies() {
		return true;
	}

	@Override
	public @Nullable RealtimeConnectionInfo connectionInfo() {
		Connection connection = this.current;
		return (connection != null) ? connection.info : null;
	}

	@Override
	public void validatePattern(String pattern) {
		RealtimeClient.super.validatePattern(pattern);
		for (String segment : TopicPattern.compile(pattern, RealtimeTopics.SEPARATOR).segments()) {
			if (segment.isEmpty()) {
				throw new IllegalArgumentException("pattern '" + pattern + "' has an empty segment; Realtime "
						+ "routing keys are <topic>.<messageType> and patterns use '*' and '**' as whole segments");
			}
		}
	}

	@Override
	protected Predicate<String> compilePattern(String pattern) {
		return TopicPattern.compile(pattern, RealtimeTopics.SEPARATOR)::matches;
	}

	// ---- remote topics

	@Override
	public RealtimeClient subscribeRemoteTopic(String topic) {
		addRemoteTopic(topic);
		return this;
	}

	@Override
	public RealtimeClient unsubscribeRemoteTopic(String topic) {
		removeRemoteTopic(topic);
		return this;
	}

	@Override
	public Set<String> remoteTopics() {
		synchronized (this.remoteTopics) {
			return new LinkedHashSet<>(this.remoteTopics.keySet());
		}
	}

	@Override
	protected void onSubscribe(String pattern, SubscribeOptions options) {
		if (options.remoteSubscribe()) {
			RealtimeTopics.remoteTopicOf(pattern).ifPresent(this::addRemoteTopic);
		}
	}

	@Override
	protected void onUnsubscribe(String pattern, SubscribeOptions options) {
		if (options.remoteSubscribe()) {
			RealtimeTopics.remoteTopicOf(pattern).ifPresent(this::removeRemoteTopic);
		}
	}

	private void addRemoteTopic(String topic) {
		if (topic.isBlank()) {
			throw new IllegalArgumentException("topic must not be blank");
		}
		synchronized (this.remoteTopics) {
			int count = this.remoteTopics.merge(topic, 1, Integer::sum);
			Connection connection = this.current;
			if (count == 1 && connection != null) {
				connection.trySend(this.frames.subscribe(topic), topic);
			}
		}
	}

	private void removeRemoteTopic(String topic) {
		synchronized (this.remoteTopics) {
			Integer count = this.remoteTopics.get(topic);
			if (count == null) {
				return;
			}
			if (count > 1) {
				this.remoteTopics.put(topic, count - 1);
				return;
			}
			this.remoteTopics.remove(topic);
			this.forbiddenTopics.remove(topic);
			Connection connection = this.current;
			if (connection != null) {
				connection.trySend(this.frames.unsubscribe(topic), null);
			}
		}
	}

	// ---- publishing

	@Override
	public RealtimePublication publish(String topic, Object payload, @Nullable String messageType, boolean compress,
			@Nullable String messageId) {
		if (topic.isBlank()) {
			throw new IllegalArgumentException("topic must not be blank");
		}
		String id = (messageId != null) ? messageId : newId();
		String type = (messageType != null && !messageType.isEmpty()) ? messageType : DEFAULT_MESSAGE_TYPE;
		JsonNode json = this.frames.toJson(payload);
		return write(id, () -> this.frames.publish(topic, type, compress, json, id), true);
	}

	@Override
	public RealtimePublication send(Object payload, @Nullable String messageType, boolean compress,
			@Nullable String messageId) {
		String id = (messageId != null) ? messageId : newId();
		String type = (messageType != null && !messageType.isEmpty()) ? messageType : DEFAULT_MESSAGE_TYPE;
		JsonNode json = this.frames.toJson(payload);
		return write(id, () -> this.frames.message(type, compress, json, id), true);
	}

	@Override
	public CompletableFuture<PublishReceipt> publish(String topic, Object payload, PublishOptions options) {
		return observePublish(topic, () -> doPublish(topic, payload, options));
	}

	private CompletableFuture<PublishReceipt> doPublish(String topic, Object payload, PublishOptions options) {
		RealtimePublication publication;
		try {
			if (topic.isBlank()) {
				throw new IllegalArgumentException("topic must not be blank");
			}
			String id = (options.messageId() != null) ? options.messageId() : newId();
			String type = (options.messageType() != null && !options.messageType().isEmpty()) ? options.messageType()
					: DEFAULT_MESSAGE_TYPE;
			JsonNode json = this.frames.toJson(payload);
			publication = write(id, () -> this.frames.publish(topic, type, options.compress(), json, id),
					options.awaitAck());
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		if (!options.awaitAck()) {
			return CompletableFuture.completedFuture(PublishReceipt.written(name(), topic, publication.id()));
		}
		Duration timeout = (options.timeout() != null) ? options.timeout() : defaultTimeout();
		return publication.waitForAck(timeout)
			.thenApply((ignored) -> PublishReceipt.acknowledged(name(), topic, publication.id()));
	}

	/**
	 * Write a command carrying a message id. With {@code track}, the ack and reply waiters are
	 * registered before the frame is written, so early responses are never lost; without it (a
	 * fire-and-forget publish nobody can wait on) nothing is registered.
	 */
	private RealtimePublication write(String id, Supplier<String> frame, boolean track) {
		Connection connection = this.current;
		if (connection == null) {
			throw new PubSubNotConnectedException("Realtime client '" + name() + "' is not connected");
		}
		CompletableFuture<Boolean> ack = track ? this.acks.register(id, defaultTimeout()) : UNTRACKED_ACK;
		CompletableFuture<RealtimeReply> reply;
		try {
			reply = track ? this.replies.register(id, defaultTimeout()) : UNTRACKED_REPLY;
		}
		catch (IllegalStateException ex) {
			this.acks.fail(id, ex);
			throw ex;
		}
		try {
			connection.send(frame.get());
		}
		catch (IOException | RuntimeException ex) {
			PubSubNotConnectedException failure = new PubSubNotConnectedException(
					"Realtime client '" + name() + "' could not write message " + id + ": " + ex.getMessage());
			if (track) {
				this.acks.fail(id, failure);
				this.replies.fail(id, failure);
			}
			throw failure;
		}
		metrics().messagePublished();
		return new DefaultRealtimePublication(id, ack, reply, this.acks, this.replies, defaultTimeout(),
				callbackExecutor());
	}

	private static String newId() {
		return UUID.randomUUID().toString().replace("-", "");
	}

	@Override
	public CompletableFuture<PubSubMessage> waitFor(String pattern, Duration timeout) {
		CompletableFuture<PubSubMessage> result = new CompletableFuture<>();
		Subscription subscription = subscribe(pattern, result::complete,
				new SubscribeOptions(1, 16, OverflowPolicy.DROP_NEWEST, false, Map.of()));
		ScheduledFuture<?> timer = scheduler().schedule(
				() -> result.completeExceptionally(new PubSubTimeoutException("wait for '" + pattern + "'", timeout)),
				timeout.toNanos(), TimeUnit.NANOSECONDS);
		result.whenComplete((message, ex) -> {
			timer.cancel(false);
			subscription.cancel();
		});
		return result;
	}

	// ---- connection

	@Override
	protected CompletableFuture<Void> doConnect() {
		URI uri = this.urlProvider.url();
		Connection connection = new Connection(safe(uri));
		this.latest = connection;
		this.webSocketClient.execute(connection, new WebSocketHttpHeaders(), uri).whenComplete((session, ex) -> {
			if (ex != null) {
				connection.ready.completeExceptionally(translateHandshakeFailure(ex, connection.address));
			}
		});
		ScheduledFuture<?> timeout = scheduler().schedule(() -> {
			if (connection.ready.completeExceptionally(
					new PubSubTimeoutException("Connecting to " + connection.address + " (welcome included)",
							this.connectTimeout))) {
				connection.close(CloseStatus.GOING_AWAY);
			}
		}, this.connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
		connection.ready.whenComplete((ok, ex) -> timeout.cancel(false));
		return connection.ready;
	}

	@Override
	protected void doDisconnect() {
		Connection connection = this.latest;
		this.current = null;
		this.latest = null;
		if (connection != null) {
			connection.stopPings();
			connection.close(CloseStatus.NORMAL);
		}
	}

	@Override
	protected void onConnectionLost(Throwable cause) {
		this.acks.failAll(() -> new PubSubConnectionLostException(
				"Connection of Realtime client '" + name() + "' was lost before the ack arrived", cause));
		this.replies.failAll(() -> new PubSubConnectionLostException(
				"Connection of Realtime client '" + name() + "' was lost before the reply arrived", cause));
	}

	@Override
	protected Map<String, Object> connectionDetails() {
		RealtimeConnectionInfo info = connectionInfo();
		return (info != null) ? info.toDetails() : Map.of();
	}

	/**
	 * Return the number of ack and reply waiters still pending.
	 * @return the count
	 */
	public int pendingWaiters() {
		return this.acks.size() + this.replies.size();
	}

	private static String safe(URI uri) {
		return uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
	}

	private static Throwable translateHandshakeFailure(Throwable ex, String address) {
		Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
		String text = String.valueOf(cause.getMessage());
		for (Throwable t = cause; t != null; t = t.getCause()) {
			String message = String.valueOf(t.getMessage());
			if (message.contains("[401]") || message.contains("[403]")) {
				return new PubSubAuthenticationException("Gateway " + address + " refused the upgrade with HTTP "
						+ (message.contains("[401]") ? "401" : "403") + ": check the app id and the access token");
			}
			text = message;
		}
		return new PubSubConnectionLostException("Cannot connect to " + address + ": "
				+ cause.getClass().getSimpleName() + (text.contains("access_token") ? "" : " (" + text + ")"));
	}

	// ---- inbound frames

	private void onFrame(Connection connection, byte[] frame, boolean binary) {
		RealtimeFrames.Delivery delivery;
		try {
			delivery = this.frames.decode(frame);
		}
		catch (PubSubProtocolException ex) {
			malformed(ex);
			return;
		}
		String topic = delivery.topic();
		String messageType = delivery.messageType();
		if ("main".equals(topic) && "welcome".equals(messageType)) {
			if (!onWelcome(connection, delivery)) {
				return;
			}
		}
		else if ("priv/acks".equals(topic) && "ack".equals(messageType)) {
			onAck(delivery);
		}
		else if (topic.startsWith("priv/") && "response".equals(messageType)) {
			onResponse(delivery);
		}
		if (messageType == null || messageType.isEmpty()) {
			this.logger.debug("Ignoring a delivery on '" + topic + "' without a message type");
			return;
		}
		dispatch(toMessage(delivery, binary));
	}

	private void malformed(PubSubProtocolException ex) {
		metrics().malformedFrame();
		this.frameWarnings.warn(() -> "Realtime client '" + name() + "' skipped a frame: "
				+ LogSanitizer.sanitize(ex.getMessage()));
		reportError(ex);
	}

	private boolean onWelcome(Connection connection, RealtimeFrames.Delivery delivery) {
		JsonNode info = delivery.data().get("connection");
		JsonNode id = (info != null) ? info.get("id") : null;
		if (id == null || !id.isValueNode() || id.asString().isEmpty()) {
			malformed(new PubSubProtocolException("Welcome frame without data.connection.id"));
			return false;
		}
		if (connection.ready.isDone()) {
			this.frameWarnings.warn(() -> "Realtime client '" + name() + "' ignored a second welcome on the same connection");
			return false;
		}
		connection.info = new RealtimeConnectionInfo(id.asString(), textOf(info, "appId"), textOf(info, "remoteAddress"));
		synchronized (this.remoteTopics) {
			this.current = connection;
			for (String topic : this.remoteTopics.keySet()) {
				connection.trySend(this.frames.subscribe(topic), topic);
				if (this.forbiddenTopics.containsKey(topic)) {
					connection.probedTopics.add(topic);
				}
			}
		}
		if (!connection.probedTopics.isEmpty()) {
			connection.sendPing();
		}
		connection.startPings(this.pingInterval);
		connection.ready.complete(null);
		return true;
	}

	private static @Nullable String textOf(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isValueNode() && !value.isNull()) ? value.asString() : null;
	}

	private void onAck(RealtimeFrames.Delivery delivery) {
		String id = delivery.text("data");
		if (id == null || !this.acks.complete(id, Boolean.TRUE)) {
			metrics().unmatchedResponse();
		}
	}

	private void onResponse(RealtimeFrames.Delivery delivery) {
		JsonNode payload = delivery.data().get("payload");
		JsonNode id = (payload != null && payload.isObject()) ? payload.get("id") : null;
		if (id == null || !id.isValueNode()) {
			metrics().unmatchedResponse();
			return;
		}
		JsonNode data = payload.get("data");
		JsonNode status = payload.get("status");
		RealtimeReply reply = new RealtimeReply((data != null) ? data : jsonMapper().nullNode(),
				(status != null && status.isValueNode()) ? status.asString() : "ok", id.asString(), jsonMapper());
		if (!this.replies.complete(id.asString(), reply)) {
			metrics().unmatchedResponse();
		}
	}

	private PubSubMessage toMessage(RealtimeFrames.Delivery delivery, boolean binary) {
		JsonNode data = delivery.data();
		JsonNode payload = data.has("payload") ? data.get("payload") : data;
		JsonNode client = delivery.client();
		String messageId = delivery.text("id");
		String connectionId = (client != null) ? textOf(client, "connectionId") : null;
		Map<String, Object> headers = new LinkedHashMap<>();
		headers.put(PubSubHeaders.MESSAGE_ID, messageId);
		headers.put(PubSubHeaders.COMPRESSED, binary);
		headers.put(PubSubHeaders.RECEIVED_AT, Instant.now());
		if (client != null) {
			headers.put(PubSubHeaders.SENDER, textOf(client, "subject"));
			headers.put(RealtimeHeaders.CONNECTION_ID, connectionId);
			JsonNode permissions = client.get("permissions");
			if (permissions != null && permissions.isArray()) {
				List<String> list = new ArrayList<>();
				permissions.forEach((permission) -> list.add(permission.asString()));
				headers.put(RealtimeHeaders.PERMISSIONS, List.copyOf(list));
			}
		}
		String messageType = delivery.messageType();
		return PubSubMessage.builder(name(), delivery.topic(), jsonMapper())
			.messageType(messageType)
			.routingKey(delivery.topic() + RealtimeTopics.SEPARATOR + messageType)
			.payloadTree(payload)
			.contentType(MimeTypeUtils.APPLICATION_JSON)
			.headers(PubSubHeaders.of(headers))
			.replyHandle((connectionId != null && messageId != null)
					? new RealtimeReplyHandle(this, connectionId, messageId) : null)
			.build();
	}

	private void onPongTimeout(Connection connection, Duration interval) {
		if (this.current != connection) {
			return;
		}
		this.current = null;
		connection.close(CloseStatus.GOING_AWAY);
		connectionLost(new PubSubConnectionLostException("Gateway answered no ping of Realtime client '" + name()
				+ "' for " + interval.multipliedBy(2).toMillis() + " ms; the connection is treated as lost"));
	}

	private void onClosed(Connection connection, CloseStatus status) {
		connection.stopPings();
		String reason = LogSanitizer.sanitize((status.getReason() != null) ? status.getReason() : "");
		if (!connection.ready.isDone()) {
			connection.ready.completeExceptionally(new PubSubConnectionLostException("Gateway " + connection.address
					+ " closed the connection before the welcome (code " + status.getCode() + ")"));
			return;
		}
		String closed = "Gateway closed the connection of Realtime client '" + name() + "' (code " + status.getCode()
				+ (reason.isEmpty() ? "" : ", " + reason) + ")";
		Throwable cause = new PubSubConnectionLostException(closed);
		if (reason.toLowerCase(Locale.ROOT).contains("forbidden")) {
			cause = reportForbiddenTopic(connection, status.getCode(), reason, closed, cause);
		}
		if (this.current == connection) {
			this.current = null;
			connectionLost(cause);
		}
	}

	/**
	 * Record the topic the gateway refused and report it with an event; the topic stays wanted and
	 * is subscribed again after the reconnect.
	 * @return the cause of the drop, naming the topic
	 */
	private Throwable reportForbiddenTopic(Connection connection, int code, String reason, String closed,
			Throwable cause) {
		String topic = connection.lastSubscribedTopic;
		if (topic == null) {
			return cause;
		}
		synchronized (this.remoteTopics) {
			if (!this.remoteTopics.containsKey(topic)) {
				return cause;
			}
			this.forbiddenTopics.put(topic, "code " + code + ", " + reason);
		}
		PubSubAuthenticationException error = new PubSubAuthenticationException(closed + ": subscription to '"
				+ LogSanitizer.sanitize(topic) + "' refused; it is subscribed again after the reconnect");
		fire(ConnectionEventType.ERROR, 0, error,
				Map.of("forbiddenTopic", topic, "closeCode", code, "closeReason", reason));
		return error;
	}

	private void onPong(Connection connection) {
		if (connection.probedTopics.isEmpty() || this.current != connection) {
			return;
		}
		for (String topic : connection.probedTopics) {
			if (this.forbiddenTopics.remove(topic) != null) {
				this.logger.info("Realtime client '" + name() + "': the gateway now accepts the subscription to '"
						+ LogSanitizer.sanitize(topic) + "'");
			}
		}
		connection.probedTopics.clear();
	}

	@Override
	public Map<String, String> unheldSubscriptions() {
		return Map.copyOf(this.forbiddenTopics);
	}

	/**
	 * One WebSocket connection attempt and, once welcomed, the session.
	 */
	private final class Connection implements WebSocketHandler {

		private final String address;

		private final CompletableFuture<Void> ready = new CompletableFuture<>();

		private final FrameAssembler assembler = new FrameAssembler(DefaultRealtimeClient.this.maxFrameSize);

		private volatile @Nullable WebSocketSession session;

		private volatile @Nullable RealtimeConnectionInfo info;

		private volatile @Nullable String lastSubscribedTopic;

		private final Set<String> probedTopics = ConcurrentHashMap.newKeySet();

		private volatile boolean closeRequested;

		private volatile long lastPongNanos = System.nanoTime();

		private volatile @Nullable ScheduledFuture<?> pings;

		Connection(String address) {
			this.address = address;
		}

		@Override
		public void afterConnectionEstablished(WebSocketSession session) {
			this.session = session;
			session.setTextMessageSizeLimit(READ_BUFFER_SIZE);
			session.setBinaryMessageSizeLimit(READ_BUFFER_SIZE);
			if (this.closeRequested) {
				close(CloseStatus.NORMAL);
			}
		}

		@Override
		public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) {
			// any frame read is a sign of life: a pong may sit behind deliveries the client is still reading
			this.lastPongNanos = System.nanoTime();
			byte[] frame;
			boolean binary = false;
			if (message instanceof TextMessage text) {
				frame = this.assembler.text(text.getPayload(), text.isLast());
			}
			else if (message instanceof BinaryMessage bytes) {
				binary = true;
				frame = this.assembler.binary(bytes.getPayload(), bytes.isLast());
			}
			else {
				if (message instanceof PongMessage) {
					this.lastPongNanos = System.nanoTime();
					onPong(this);
				}
				return;
			}
			if (frame != null) {
				onFrame(this, frame, binary);
			}
			else if (message.isLast() && this.assembler.lastOversizedSize() >= 0) {
				malformed(new PubSubProtocolException("Frame of " + this.assembler.lastOversizedSize()
						+ " bytes exceeds max-frame-size of " + DefaultRealtimeClient.this.maxFrameSize
						+ " bytes and was discarded"));
			}
		}

		@Override
		public void handleTransportError(WebSocketSession session, Throwable exception) {
			DefaultRealtimeClient.this.logger.debug("Transport error on Realtime client '" + name() + "'", exception);
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) {
			onClosed(this, closeStatus);
		}

		@Override
		public boolean supportsPartialMessages() {
			return true;
		}

		void send(String frame) throws IOException {
			WebSocketSession session = this.session;
			if (session == null || !session.isOpen()) {
				throw new IOException("connection is closed");
			}
			synchronized (this) {
				session.sendMessage(new TextMessage(frame));
			}
		}

		void trySend(String frame, @Nullable String subscribedTopic) {
			if (subscribedTopic != null && (this.lastSubscribedTopic == null
					|| subscribedTopic.startsWith(SECURE_PREFIX) || !this.lastSubscribedTopic.startsWith(SECURE_PREFIX))) {
				this.lastSubscribedTopic = subscribedTopic;
			}
			try {
				send(frame);
			}
			catch (IOException | RuntimeException ex) {
				DefaultRealtimeClient.this.logger.debug("Could not write a command; it is repeated after the reconnect",
						ex);
			}
		}

		void startPings(Duration interval) {
			if (interval.isZero() || interval.isNegative()) {
				return;
			}
			this.lastPongNanos = System.nanoTime();
			this.pings = scheduler().scheduleAtFixedRate(() -> ping(interval), interval.toMillis(), interval.toMillis(),
					TimeUnit.MILLISECONDS);
		}

		void sendPing() {
			WebSocketSession session = this.session;
			if (session == null || !session.isOpen()) {
				return;
			}
			try {
				synchronized (this) {
					session.sendMessage(new PingMessage());
				}
			}
			catch (IOException | RuntimeException ex) {
				DefaultRealtimeClient.this.logger.debug("Ping failed on Realtime client '" + name() + "'", ex);
			}
		}

		void stopPings() {
			ScheduledFuture<?> scheduled = this.pings;
			if (scheduled != null) {
				scheduled.cancel(false);
			}
		}

		private void ping(Duration interval) {
			if (isInboundPaused()) {
				// back-pressure paused reading: an unread pong is not a dead gateway
				this.lastPongNanos = System.nanoTime();
			}
			if (System.nanoTime() - this.lastPongNanos > interval.multipliedBy(2).toNanos()) {
				stopPings();
				onPongTimeout(this, interval);
				return;
			}
			sendPing();
		}

		void close(CloseStatus status) {
			this.closeRequested = true;
			WebSocketSession session = this.session;
			if (session != null && session.isOpen()) {
				try {
					session.close(status);
				}
				catch (IOException ex) {
					DefaultRealtimeClient.this.logger.debug("Error closing a Realtime connection", ex);
				}
			}
		}

	}

}
