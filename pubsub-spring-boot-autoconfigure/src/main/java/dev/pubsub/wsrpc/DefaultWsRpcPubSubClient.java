package dev.pubsub.wsrpc;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.scheduling.concurrent.ConcurrentTaskScheduler;
import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.WebSocketClient;

import dev.pubsub.core.ConnectionEventType;
import dev.pubsub.core.PubSubConnectionLostException;
import dev.pubsub.core.PubSubException;
import dev.pubsub.core.PubSubNotConnectedException;
import dev.pubsub.core.PubSubProtocolException;
import dev.pubsub.core.PubSubTimeoutException;
import dev.pubsub.core.PublishOptions;
import dev.pubsub.core.PublishReceipt;
import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.core.RemoteSubscriptionStatus;
import dev.pubsub.core.SubscribeOptions;
import dev.pubsub.core.TopicPattern;
import dev.pubsub.core.support.AbstractWebSocketPubSubClient;
import dev.pubsub.core.support.Failures;
import dev.pubsub.core.support.LogSanitizer;
import dev.pubsub.core.support.RateLimitedLog;
import dev.pubsub.core.support.RemoteSubscriptionRegistry;

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
 * Remote subscriptions are kept by a {@link RemoteSubscriptionRegistry} (through
 * {@link WsRpcRemoteSubscriptions}): one per concrete topic, or only {@link WsRpcTopics#ALL_TOPICS}
 * while any wildcard pattern exists, held only once the server confirmed it, refused ones retried
 * with backoff and reported in
 * {@link #unheldSubscriptions()} (the health indicator is {@code OUT_OF_SERVICE} meanwhile). A
 * keep-alive {@code _ping_} (on by default) that is not answered in time drops the connection, so a
 * server that hangs without closing is detected. Malformed frames and failed requests are counted
 * exactly and logged at most once per interval.
 */
public class DefaultWsRpcPubSubClient extends AbstractWebSocketPubSubClient
		implements WsRpcPubSubClient, RemoteSubscriptionStatus {

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

	private final WsRpcFrameErrors frameErrors;

	private final RateLimitedLog subscribeWarnings = new RateLimitedLog(this.logger);

	private final WsRpcConnectCallbacks connectCallbacks = new WsRpcConnectCallbacks(this, this.logger);

	private volatile @Nullable WsRpcConnection current;

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
		this.frameErrors = new WsRpcFrameErrors(name, metrics(), this.logger);
		this.remoteSubscriptions = new WsRpcRemoteSubscriptions(new ConcurrentTaskScheduler(scheduler()),
				reconnectPolicy, options.topicSeparator(), new SubscribeReporter());
		addConnectionListener(this.connectCallbacks::onEvent);
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

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public void validatePattern(String pattern) {
		WsRpcPubSubClient.super.validatePattern(pattern);
		if (!this.remoteSubscriptions.isWildcard(pattern)) {
			return;
		}
		TopicPattern.compile(pattern, this.options.topicSeparator());
	}

	@Override
	public void onConnect(Consumer<WsRpcPubSubClient> callback) {
		this.connectCallbacks.onConnect(callback);
	}

	@Override
	public void onDisconnect(Consumer<WsRpcPubSubClient> callback) {
		this.connectCallbacks.onDisconnect(callback);
	}

	@Override
	public @Nullable String channelId() {
		WsRpcConnection connection = this.current;
		return (connection != null) ? connection.channel().id() : null;
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
			.thenApply((accepted) -> WsRpcPublishResults.receipt(accepted, name(), topic));
	}

	@Override
	public CompletableFuture<Boolean> publish(List<String> topics, @Nullable Object data, boolean sync,
			@Nullable String notifierId) {
		// one pubsub.publish observation for the call, its destination the topics joined with ','
		String destination = String.join(",", topics);
		return observePublish(destination,
				() -> publish(topics, data, sync, notifierId, defaultTimeout())
					.thenApply((accepted) -> WsRpcPublishResults.receipt(accepted, name(), destination)))
			.handle(WsRpcPublishResults::accepted);
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
		WsRpcConnection connection = this.current;
		if (connection == null || !connection.isReady() || !isConnected()) {
			return CompletableFuture
				.failedFuture(new PubSubNotConnectedException("Client '" + name() + "' is not connected"));
		}
		return connection.channel().call(method, arguments, timeout);
	}

	// --- subscriptions

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
		this.remoteSubscriptions.add(pattern);
	}

	@Override
	protected void onUnsubscribe(String pattern, SubscribeOptions options) {
		this.remoteSubscriptions.remove(pattern);
	}

	// --- connection

	@Override
	protected CompletableFuture<Void> doConnect() {
		WsRpcConnection connection = new WsRpcConnection(this.codec, this::onNotify, scheduler(), this.callbackExecutor,
				this.maxTextMessageSize, webSocketSendLimits(), this.frameErrors, new ConnectionEvents());
		WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
		this.options.headers().forEach(headers::add);
		return connection.open(this.webSocketClient, headers, this.options.url(), this.options.connectTimeout())
			.thenCompose((upgraded) -> {
				this.current = connection;
				return connection.channel()
					.call("_ping_", Map.of(), this.options.handshakePingTimeout())
					.handle((pong, ex) -> {
						if (ex != null && !(Failures.unwrap(ex) instanceof PubSubTimeoutException)) {
							throw new CompletionException(Failures.unwrap(ex));
						}
						if (ex != null) {
							this.logger.warn("Server of client '" + name() + "' did not answer _ping_ within "
									+ this.options.handshakePingTimeout() + "; carrying on");
						}
						return connection;
					});
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
					connection.startKeepAlive(this.options.keepAlive(), this.options.keepAliveTimeout());
				}
			});
	}

	/**
	 * Subscribe to every wanted topic on the new connection and wait for the answer: the session is
	 * ready once the server answered, whatever it answered; refused topics are retried.
	 */
	private CompletableFuture<Void> restoreSubscriptions(WsRpcConnection connection) {
		return this.remoteSubscriptions.attach(connection.channel(), defaultTimeout()).thenRun(connection::markReady);
	}

	@Override
	protected void doDisconnect() {
		WsRpcConnection connection = this.current;
		this.current = null;
		this.remoteSubscriptions.detach();
		if (connection != null) {
			connection.close(CloseStatus.NORMAL);
		}
	}

	@Override
	protected boolean isPermanentFailure(Throwable cause) {
		return Failures.isAuthenticationFailure(cause);
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

	private CompletableFuture<WsRpcResult> onNotify(WsRpcChannel channel, JsonNode arguments) {
		dispatch(WsRpcNotifications.toMessage(name(), jsonMapper(), arguments));
		return CompletableFuture.completedFuture(WsRpcResult.NONE);
	}

	/**
	 * What a connection reports: its loss (when it is the current one: forget it, stop tracking its
	 * remote subscriptions, reconnect).
	 */
	private final class ConnectionEvents implements WsRpcConnection.Events {

		@Override
		public String clientName() {
			return name();
		}

		@Override
		public boolean isInboundPaused() {
			return DefaultWsRpcPubSubClient.this.isInboundPaused();
		}

		@Override
		public void lost(WsRpcConnection connection, PubSubConnectionLostException cause) {
			if (DefaultWsRpcPubSubClient.this.current == connection) {
				DefaultWsRpcPubSubClient.this.current = null;
				DefaultWsRpcPubSubClient.this.remoteSubscriptions.detach();
				connectionLost(cause);
			}
		}

	}

	/**
	 * Reports refused subscribes (a rate-limited WARN line and an {@code ERROR} event with the topics)
	 * and their recovery.
	 */
	private final class SubscribeReporter implements RemoteSubscriptionRegistry.Listener {

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
