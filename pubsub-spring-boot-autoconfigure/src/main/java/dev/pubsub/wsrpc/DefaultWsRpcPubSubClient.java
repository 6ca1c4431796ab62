package dev.pubsub.wsrpc;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.WebSocketClient;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import dev.pubsub.core.ConnectionEventType;
import dev.pubsub.core.PubSubAuthenticationException;
import dev.pubsub.core.PubSubConnectionLostException;
import dev.pubsub.core.PubSubException;
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
import dev.pubsub.core.TopicPattern;
import dev.pubsub.core.support.AbstractPubSubClient;
import dev.pubsub.core.support.LogSanitizer;
import dev.pubsub.core.support.PartialTextAggregator;
import dev.pubsub.core.support.RateLimitedLog;

/**
 * {@link WsRpcPubSubClient} over Spring's {@link WebSocketClient} (a JSR-356 container such as
 * Tomcat's).
 * <p>
 * Session: WebSocket upgrade with the configured headers, {@code _ping_} (carrying on after the
 * handshake ping timeout, as the Python client does), one {@code subscribe} with every topic the
 * local subscriptions need, then ready. The server's {@code notify} calls are answered at once on
 * the I/O thread; the message is handed to the subscription's ordered dispatcher, so listener code
 * never runs on the I/O thread and never delays the answer. After a drop the client reconnects
 * with its {@link ReconnectPolicy} and repeats the handshake with a new channel id.
 * <p>
 * Remote subscriptions are kept by {@link WsRpcRemoteSubscriptions}: one per topic, held only once
 * the server confirmed it, refused ones retried with backoff and reported in
 * {@link #unheldSubscriptions()} (the health indicator is {@code OUT_OF_SERVICE} meanwhile). A
 * keep-alive {@code _ping_} (on by default) that is not answered in time drops the connection, so a
 * server that hangs without closing is detected. Malformed frames and failed requests are counted
 * exactly and logged at most once per interval.
 */
public class DefaultWsRpcPubSubClient extends AbstractPubSubClient
		implements WsRpcPubSubClient, RemoteSubscriptionStatus {

	private static final int SEND_BUFFER_LIMIT = 64 * 1024 * 1024;

	/** The default largest inbound text message: 16 MiB. */
	public static final long DEFAULT_MAX_TEXT_MESSAGE_SIZE = 16L * 1024 * 1024;

	/**
	 * The WebSocket container's read buffer for this client: messages arrive in parts of at most this
	 * many characters and are joined up to the max text message size, so no buffer is allocated at the
	 * limit up front.
	 */
	public static final int READ_BUFFER_SIZE = 32 * 1024;

	private final WebSocketClient webSocketClient;

	private final WsRpcClientOptions options;

	private final WsRpcCodec codec;

	private final ExecutorService callbackExecutor;

	private final WsRpcRemoteSubscriptions remoteSubscriptions;

	private final RateLimitedLog frameWarnings = new RateLimitedLog(this.logger);

	private final RateLimitedLog subscribeWarnings = new RateLimitedLog(this.logger);

	private final List<Consumer<WsRpcPubSubClient>> connectCallbacks = new CopyOnWriteArrayList<>();

	private final List<Consumer<WsRpcPubSubClient>> disconnectCallbacks = new CopyOnWriteArrayList<>();

	private volatile @Nullable Connection current;

	private volatile long maxTextMessageSize = DEFAULT_MAX_TEXT_MESSAGE_SIZE;

	/**
	 * Create a client.
	 * @param name the client and bean name
	 * @param jsonMapper the shared mapper
	 * @param reconnectPolicy the reconnect policy
	 * @param requestTimeout the default timeout of RPC calls
	 * @param webSocketClient the WebSocket client
	 * @param options the connection settings
	 */
	public DefaultWsRpcPubSubClient(String name, JsonMapper jsonMapper, ReconnectPolicy reconnectPolicy,
			Duration requestTimeout, WebSocketClient webSocketClient, WsRpcClientOptions options) {
		super(name, jsonMapper, reconnectPolicy, requestTimeout);
		this.webSocketClient = webSocketClient;
		this.options = options;
		this.codec = new WsRpcCodec(jsonMapper);
		this.callbackExecutor = serialExecutor("rpc");
		this.remoteSubscriptions = new WsRpcRemoteSubscriptions(scheduler(), reconnectPolicy, new SubscribeReporter());
		addConnectionListener((event) -> {
			if (event.type() == ConnectionEventType.CONNECTED) {
				runCallbacks(this.connectCallbacks);
			}
			else if (event.type() == ConnectionEventType.DISCONNECTED) {
				runCallbacks(this.disconnectCallbacks);
			}
		});
	}

	/**
	 * Set the largest inbound text message; its parts are joined as they arrive, up to this size. A
	 * larger message is discarded part by part, counted as malformed and logged (rate-limited); the
	 * connection stays open.
	 * @param maxTextMessageSize the limit in UTF-8 bytes
	 */
	public void setMaxTextMessageSize(long maxTextMessageSize) {
		Assert.isTrue(maxTextMessageSize > 0, "maxTextMessageSize must be positive");
		this.maxTextMessageSize = maxTextMessageSize;
	}

	private void runCallbacks(List<Consumer<WsRpcPubSubClient>> callbacks) {
		for (Consumer<WsRpcPubSubClient> callback : callbacks) {
			try {
				callback.accept(this);
			}
			catch (RuntimeException ex) {
				this.logger.warn("Connection callback of client '" + name() + "' failed", ex);
			}
		}
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
	public void validatePattern(String pattern) {
		WsRpcPubSubClient.super.validatePattern(pattern);
		if (!isWildcard(pattern)) {
			return;
		}
		TopicPattern.compile(pattern, this.options.topicSeparator());
	}

	@Override
	public void onConnect(Consumer<WsRpcPubSubClient> callback) {
		this.connectCallbacks.add(callback);
	}

	@Override
	public void onDisconnect(Consumer<WsRpcPubSubClient> callback) {
		this.disconnectCallbacks.add(callback);
	}

	@Override
	public @Nullable String channelId() {
		Connection connection = this.current;
		return (connection != null) ? connection.channel.id() : null;
	}

	@Override
	public List<String> remoteTopics() {
		return this.remoteSubscriptions.held();
	}

	@Override
	public Map<String, String> unheldSubscriptions() {
		return isConnected() ? this.remoteSubscriptions.unheld() : Map.of();
	}

	// --- publish and calls

	@Override
	public CompletableFuture<PublishReceipt> publish(String topic, Object payload, PublishOptions options) {
		return observePublish(topic, () -> doPublish(topic, payload, options));
	}

	private CompletableFuture<PublishReceipt> doPublish(String topic, Object payload, PublishOptions options) {
		Object sync = options.extras().getOrDefault(SYNC, Boolean.TRUE);
		Object notifierId = options.extras().get(NOTIFIER_ID);
		Duration timeout = (options.timeout() != null) ? options.timeout() : defaultTimeout();
		return publish(List.of(topic), payload, Boolean.parseBoolean(String.valueOf(sync)),
				(notifierId != null) ? notifierId.toString() : null, timeout)
			.thenApply((accepted) -> {
				if (!accepted) {
					throw new PubSubException("Server of client '" + name() + "' refused the publish to '" + topic
							+ "' (result false: a channel restriction or a server error)");
				}
				return PublishReceipt.acknowledged(name(), topic, null);
			});
	}

	@Override
	public CompletableFuture<Boolean> publish(List<String> topics, @Nullable Object data, boolean sync,
			@Nullable String notifierId) {
		return publish(topics, data, sync, notifierId, defaultTimeout());
	}

	private CompletableFuture<Boolean> publish(List<String> topics, @Nullable Object data, boolean sync,
			@Nullable String notifierId, Duration timeout) {
		if (topics.isEmpty()) {
			return CompletableFuture.failedFuture(new IllegalArgumentException("topics must not be empty"));
		}
		Map<String, @Nullable Object> arguments = new LinkedHashMap<>();
		arguments.put("topics", List.copyOf(topics));
		try {
			arguments.put("data", this.codec.toNode(data));
		}
		catch (PubSubProtocolException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		arguments.put("sync", sync);
		arguments.put("notifier_id", notifierId);
		return call("publish", arguments, timeout).thenApply((result) -> {
			metrics().messagePublished();
			return result.asBoolean(false);
		});
	}

	@Override
	public CompletableFuture<JsonNode> call(String method, Map<String, ? extends @Nullable Object> arguments) {
		return call(method, arguments, defaultTimeout());
	}

	@Override
	public CompletableFuture<JsonNode> call(String method, Map<String, ? extends @Nullable Object> arguments,
			Duration timeout) {
		Connection connection = this.current;
		if (connection == null || !connection.ready || !isConnected()) {
			return CompletableFuture
				.failedFuture(new PubSubNotConnectedException("Client '" + name() + "' is not connected"));
		}
		return connection.channel.call(method, arguments, timeout);
	}

	// --- subscriptions

	private boolean isWildcard(String pattern) {
		return WsRpcTopics.ALL_TOPICS.equals(pattern)
				|| !TopicPattern.compile(pattern, this.options.topicSeparator()).isLiteral();
	}

	@Override
	protected Predicate<String> compilePattern(String pattern) {
		if (WsRpcTopics.ALL_TOPICS.equals(pattern)) {
			return (topic) -> true;
		}
		TopicPattern compiled = TopicPattern.compile(pattern, this.options.topicSeparator());
		return compiled.isLiteral() ? pattern::equals : compiled::matches;
	}

	@Override
	protected void onSubscribe(String pattern, SubscribeOptions options) {
		this.remoteSubscriptions.add(pattern, isWildcard(pattern));
	}

	@Override
	protected void onUnsubscribe(String pattern, SubscribeOptions options) {
		this.remoteSubscriptions.remove(pattern, isWildcard(pattern));
	}

	// --- connection

	@Override
	protected CompletableFuture<Void> doConnect() {
		Connection connection = new Connection();
		WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
		this.options.headers().forEach(headers::add);
		CompletableFuture<WebSocketSession> handshake;
		try {
			handshake = this.webSocketClient.execute(connection, headers, this.options.url());
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return handshake.orTimeout(this.options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
			.thenCompose((session) -> {
				this.current = connection;
				return connection.channel.call("_ping_", Map.of(), this.options.handshakePingTimeout());
			})
			.handle((pong, ex) -> {
				if (ex != null && !(rootCause(ex) instanceof PubSubTimeoutException)) {
					throw new CompletionException(rootCause(ex));
				}
				if (ex != null) {
					this.logger.warn("Server of client '" + name() + "' did not answer _ping_ within "
							+ this.options.handshakePingTimeout() + "; carrying on");
				}
				return connection;
			})
			.thenCompose(this::restoreSubscriptions)
			.whenComplete((ok, ex) -> {
				if (ex != null || !connection.isOpen()) {
					connection.close(CloseStatus.NORMAL);
					if (this.current == connection) {
						this.current = null;
						this.remoteSubscriptions.detach();
					}
					if (ex == null) {
						throw new PubSubConnectionLostException("Connection closed during the handshake");
					}
				}
				else {
					startKeepAlive(connection);
				}
			});
	}

	/**
	 * Subscribe to every wanted topic on the new connection and wait for the answer: the session is
	 * ready once the server answered, whatever it answered; refused topics are retried.
	 */
	private CompletableFuture<Void> restoreSubscriptions(Connection connection) {
		return this.remoteSubscriptions
			.attach((method, topics) -> connection.channel.call(method, Map.of("topics", topics), defaultTimeout()))
			.thenRun(() -> connection.ready = true);
	}

	private void startKeepAlive(Connection connection) {
		Duration interval = this.options.keepAlive();
		if (interval.isZero()) {
			return;
		}
		Duration timeout = this.options.keepAliveTimeout();
		connection.keepAlive = scheduler().scheduleWithFixedDelay(() -> {
			connection.channel.call("_ping_", Map.of(), timeout).whenComplete((pong, ex) -> {
				// an answer that waits behind the frames back-pressure left unread is not a hung server
				if (ex != null && rootCause(ex) instanceof PubSubTimeoutException && !isInboundPaused()) {
					connection.lost(new PubSubConnectionLostException(
							"Keep-alive _ping_ not answered within " + timeout.toMillis() + " ms"));
				}
			});
		}, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	protected void doDisconnect() {
		Connection connection = this.current;
		this.current = null;
		this.remoteSubscriptions.detach();
		if (connection != null) {
			connection.close(CloseStatus.NORMAL);
		}
	}

	@Override
	protected boolean isPermanentFailure(Throwable cause) {
		for (Throwable ex = cause; ex != null; ex = ex.getCause()) {
			if (ex instanceof PubSubAuthenticationException) {
				return true;
			}
			String message = ex.getMessage();
			if (message != null && (message.contains("[401]") || message.contains("[403]"))) {
				return true;
			}
		}
		return false;
	}

	@Override
	protected Map<String, Object> connectionDetails() {
		String id = channelId();
		return (id != null) ? Map.of("channelId", id) : Map.of();
	}

	@Override
	public void destroy() {
		super.destroy();
		this.callbackExecutor.shutdown();
	}

	private static Throwable rootCause(Throwable ex) {
		Throwable cause = ex;
		while ((cause instanceof CompletionException || cause instanceof java.util.concurrent.ExecutionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	private CompletableFuture<WsRpcResult> onNotify(WsRpcChannel channel, JsonNode arguments) {
		JsonNode subscription = arguments.get("subscription");
		if (subscription == null || !subscription.isObject()) {
			throw new IllegalArgumentException("notify needs a 'subscription' object");
		}
		JsonNode topic = subscription.get("topic");
		if (topic == null || !topic.isString()) {
			throw new IllegalArgumentException("notify needs a string 'subscription.topic'");
		}
		JsonNode data = arguments.has("data") ? arguments.get("data") : NullNode.getInstance();
		JsonNode subscriptionId = subscription.get("id");
		PubSubMessage message = PubSubMessage.builder(name(), topic.asString(), jsonMapper())
			.payload(jsonMapper().writeValueAsBytes(data))
			.headers(PubSubHeaders.of(Map.of(PubSubHeaders.TOPIC, topic.asString(), SUBSCRIPTION_ID_HEADER,
					(subscriptionId != null && !subscriptionId.isNull()) ? subscriptionId.asString() : "")))
			.build();
		dispatch(message);
		return CompletableFuture.completedFuture(WsRpcResult.NONE);
	}

	/**
	 * One WebSocket connection and its RPC channel.
	 */
	private final class Connection extends TextWebSocketHandler implements WsRpcChannel.ErrorListener {

		private final WsRpcChannel channel;

		private volatile @Nullable WebSocketSession session;

		private volatile boolean ready;

		private volatile boolean closedByUs;

		private volatile @Nullable ScheduledFuture<?> keepAlive;

		private final PartialTextAggregator aggregator = new PartialTextAggregator(
				DefaultWsRpcPubSubClient.this.maxTextMessageSize);

		private boolean skippingOversized;

		Connection() {
			this.channel = new WsRpcChannel(DefaultWsRpcPubSubClient.this.codec, this::send,
					(method) -> "notify".equals(method) ? DefaultWsRpcPubSubClient.this::onNotify : null, scheduler(),
					DefaultWsRpcPubSubClient.this.callbackExecutor, this);
		}

		private void send(String text) throws IOException {
			WebSocketSession target = this.session;
			if (target == null || !target.isOpen()) {
				throw new IOException("WebSocket is not open");
			}
			target.sendMessage(new TextMessage(text));
		}

		boolean isOpen() {
			WebSocketSession target = this.session;
			return target != null && target.isOpen();
		}

		@Override
		public void afterConnectionEstablished(WebSocketSession session) {
			this.session = new ConcurrentWebSocketSessionDecorator(session, 10_000, SEND_BUFFER_LIMIT);
		}

		@Override
		public boolean supportsPartialMessages() {
			return true;
		}

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) {
			if (this.skippingOversized) {
				this.skippingOversized = !message.isLast();
				return;
			}
			String whole;
			try {
				whole = this.aggregator.accept(message.getPayload(), message.isLast());
			}
			catch (PartialTextAggregator.TooLargeException ex) {
				this.skippingOversized = !message.isLast();
				malformedFrame(new PubSubProtocolException("Text message of at least " + ex.size()
						+ " bytes exceeds max-text-message-size of " + DefaultWsRpcPubSubClient.this.maxTextMessageSize
						+ " bytes and was discarded"));
				return;
			}
			if (whole != null) {
				this.channel.handleText(whole);
			}
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
			lost(new PubSubConnectionLostException("Connection of client '" + name() + "' closed (code "
					+ status.getCode() + ((status.getReason() != null && !status.getReason().isEmpty())
							? ", " + LogSanitizer.sanitize(status.getReason()) : "")
					+ ")"));
		}

		void lost(PubSubConnectionLostException cause) {
			stopKeepAlive();
			this.channel.close(cause);
			if (this.closedByUs) {
				return;
			}
			this.closedByUs = true;
			if (DefaultWsRpcPubSubClient.this.current == this) {
				DefaultWsRpcPubSubClient.this.current = null;
				DefaultWsRpcPubSubClient.this.remoteSubscriptions.detach();
				connectionLost(cause);
			}
			closeQuietly(CloseStatus.SESSION_NOT_RELIABLE);
		}

		void close(CloseStatus status) {
			this.closedByUs = true;
			stopKeepAlive();
			this.channel.close(new PubSubConnectionLostException("Client '" + name() + "' closed the connection"));
			closeQuietly(status);
		}

		private void closeQuietly(CloseStatus status) {
			WebSocketSession target = this.session;
			if (target != null && target.isOpen()) {
				try {
					target.close(status);
				}
				catch (IOException | RuntimeException ex) {
					DefaultWsRpcPubSubClient.this.logger.debug("Error closing WebSocket: " + ex);
				}
			}
		}

		private void stopKeepAlive() {
			ScheduledFuture<?> task = this.keepAlive;
			if (task != null) {
				task.cancel(false);
			}
		}

		@Override
		public void malformedFrame(PubSubProtocolException error) {
			metrics().malformedFrame();
			DefaultWsRpcPubSubClient.this.frameWarnings.warn(() -> "Client '" + name() + "' skipped a malformed frame: "
					+ LogSanitizer.sanitize(error.getMessage()));
		}

		@Override
		public void failedRequest(WsRpcFrame.Request request, Throwable error) {
			metrics().malformedFrame();
			DefaultWsRpcPubSubClient.this.frameWarnings.warn(() -> "Client '" + name() + "' could not handle '"
					+ LogSanitizer.sanitize(request.method(), 100) + "' from the server: "
					+ LogSanitizer.sanitize(error.getMessage()));
		}

		@Override
		public void unmatchedResponse(WsRpcFrame.Response response) {
			metrics().unmatchedResponse();
		}

	}

	/**
	 * Reports refused subscribes (a rate-limited WARN line and an {@code ERROR} event with the topics)
	 * and their recovery.
	 */
	private final class SubscribeReporter implements WsRpcRemoteSubscriptions.Listener {

		@Override
		public void refused(List<String> topics, String reason) {
			PubSubException error = new PubSubException("Server of client '" + name() + "' does not hold "
					+ LogSanitizer.sanitize(topics) + ": " + reason + "; retrying with backoff");
			DefaultWsRpcPubSubClient.this.subscribeWarnings.warn(error::getMessage);
			fire(ConnectionEventType.ERROR, 0, error, Map.of("refusedTopics", List.copyOf(topics), "reason", reason));
		}

		@Override
		public void recovered(List<String> topics) {
			DefaultWsRpcPubSubClient.this.logger.info("Server of client '" + name() + "' now holds "
					+ LogSanitizer.sanitize(topics));
		}

	}

}
