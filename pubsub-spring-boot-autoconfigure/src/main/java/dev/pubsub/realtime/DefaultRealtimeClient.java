package dev.pubsub.realtime;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.scheduling.concurrent.ConcurrentTaskScheduler;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.client.WebSocketClient;

import dev.pubsub.core.PubSubAuthenticationException;
import dev.pubsub.core.PubSubConnectionLostException;
import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.PubSubProtocolException;
import dev.pubsub.core.PublishOptions;
import dev.pubsub.core.PublishReceipt;
import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.core.RemoteSubscriptionStatus;
import dev.pubsub.core.SubscribeOptions;
import dev.pubsub.core.TopicPattern;
import dev.pubsub.core.ConnectionEventType;
import dev.pubsub.core.support.AbstractWebSocketPubSubClient;
import dev.pubsub.core.support.LogSanitizer;
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
public class DefaultRealtimeClient extends AbstractWebSocketPubSubClient implements RealtimeClient, RemoteSubscriptionStatus {

	private static final String TYPE = "realtime";

	private final WebSocketClient webSocketClient;

	private final RealtimeUrlProvider urlProvider;

	private final RealtimeFrames frames;

	private final long maxFrameSize;

	private final Duration connectTimeout;

	private final RealtimeRequests requests;

	private final RealtimeRemoteTopics remoteTopics;

	private final RateLimitedLog frameWarnings = new RateLimitedLog(this.logger);

	private volatile @Nullable RealtimeConnection latest;

	private volatile @Nullable RealtimeConnection current;

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
		this.requests = new RealtimeRequests(name, jsonMapper, this.frames, metrics(), requestTimeout, scheduler());
		this.remoteTopics = new RealtimeRemoteTopics(name, this.frames, new ConcurrentTaskScheduler(scheduler()),
				reconnectPolicy, this.logger);
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
		RealtimeConnection connection = this.current;
		return (connection != null) ? connection.info() : null;
	}

	@Override
	public void validatePattern(String pattern) {
		RealtimeClient.super.validatePattern(pattern);
		RealtimeTopics.checkSegments(pattern);
	}

	@Override
	protected Predicate<String> compilePattern(String pattern) {
		return TopicPattern.compile(pattern, RealtimeTopics.SEPARATOR)::matches;
	}

	// ---- remote topics

	@Override
	public RealtimeClient subscribeRemoteTopic(String topic) {
		this.remoteTopics.add(topic);
		return this;
	}

	@Override
	public RealtimeClient unsubscribeRemoteTopic(String topic) {
		this.remoteTopics.remove(topic);
		return this;
	}

	@Override
	public Set<String> remoteTopics() {
		return this.remoteTopics.wanted();
	}

	@Override
	protected void onSubscribe(String pattern, SubscribeOptions options) {
		if (options.remoteSubscribe()) {
			RealtimeTopics.remoteTopicOf(pattern).ifPresent(this.remoteTopics::add);
		}
	}

	@Override
	protected void onUnsubscribe(String pattern, SubscribeOptions options) {
		if (options.remoteSubscribe()) {
			RealtimeTopics.remoteTopicOf(pattern).ifPresent(this.remoteTopics::remove);
		}
	}

	// ---- publishing

	@Override
	public RealtimePublication publish(String topic, Object payload, @Nullable String messageType, boolean compress,
			@Nullable String messageId) {
		// observed up to the write: the caller decides later whether to wait for the ack or a reply
		RealtimePublication[] written = new RealtimePublication[1];
		observePublish(topic, () -> {
			written[0] = this.requests.publish(this.current, topic, payload, messageType, compress, messageId, true,
					callbackExecutor());
			return CompletableFuture.completedFuture(PublishReceipt.written(name(), topic, written[0].id()));
		});
		return written[0];
	}

	@Override
	public RealtimePublication send(Object payload, @Nullable String messageType, boolean compress,
			@Nullable String messageId) {
		return this.requests.send(this.current, payload, messageType, compress, messageId, callbackExecutor());
	}

	@Override
	public CompletableFuture<PublishReceipt> publish(String topic, Object payload, PublishOptions options) {
		return observePublish(topic,
				() -> this.requests.publish(this.current, topic, payload, options, defaultTimeout(), callbackExecutor()));
	}

	@Override
	public CompletableFuture<PubSubMessage> waitFor(String pattern, Duration timeout) {
		return RealtimeMessages.first(this, scheduler(), pattern, timeout);
	}

	// ---- connection

	@Override
	protected CompletableFuture<Void> doConnect() {
		URI uri = this.urlProvider.url();
		RealtimeConnection connection = new RealtimeConnection(uri, name(), this.maxFrameSize, scheduler(),
				webSocketSendLimits(), this::isInboundPaused, this.logger, new ConnectionEvents());
		this.latest = connection;
		return connection.open(this.webSocketClient, uri, this.connectTimeout);
	}

	@Override
	protected void doDisconnect() {
		RealtimeConnection connection = this.latest;
		this.current = null;
		this.latest = null;
		this.remoteTopics.detach();
		if (connection != null) {
			connection.close(CloseStatus.NORMAL);
		}
	}

	@Override
	protected void onConnectionLost(Throwable cause) {
		this.requests.connectionLost(cause);
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
		return this.requests.pending();
	}

	// ---- inbound frames

	private void onFrame(RealtimeConnection connection, byte[] frame, boolean binary) {
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
			this.requests.ack(delivery);
		}
		else if (topic.startsWith("priv/") && "response".equals(messageType)) {
			this.requests.response(delivery);
		}
		if (messageType == null || messageType.isEmpty()) {
			this.logger.debug("Ignoring a delivery on '" + topic + "' without a message type");
			return;
		}
		dispatch(RealtimeMessages.toMessage(this, delivery, binary));
	}

	private void malformed(PubSubProtocolException ex) {
		metrics().malformedFrame();
		this.frameWarnings.warn(() -> "Realtime client '" + name() + "' skipped a frame: "
				+ LogSanitizer.sanitize(ex.getMessage()));
		reportError(ex);
	}

	private boolean onWelcome(RealtimeConnection connection, RealtimeFrames.Delivery delivery) {
		try {
			if (connection.welcome(delivery) == null) {
				this.frameWarnings.warn(() -> "Realtime client '" + name() + "' ignored a second welcome on the same connection");
				return false;
			}
		}
		catch (PubSubProtocolException ex) {
			malformed(ex);
			return false;
		}
		this.current = connection;
		this.remoteTopics.attach(connection);
		connection.startPings(this.pingInterval);
		connection.ready().complete(null);
		return true;
	}

	private void onPongTimeout(RealtimeConnection connection, Duration interval) {
		if (this.current != connection) {
			return;
		}
		this.current = null;
		this.remoteTopics.detach();
		connection.close(CloseStatus.GOING_AWAY);
		connectionLost(new PubSubConnectionLostException("Gateway answered no ping of Realtime client '" + name()
				+ "' for " + interval.multipliedBy(2).toMillis() + " ms; the connection is treated as lost"));
	}

	private void onClosed(RealtimeConnection connection, CloseStatus status) {
		String reason = LogSanitizer.sanitize((status.getReason() != null) ? status.getReason() : "");
		if (!connection.ready().isDone()) {
			connection.ready().completeExceptionally(new PubSubConnectionLostException("Gateway " + connection.address()
					+ " closed the connection before the welcome (code " + status.getCode() + ")"));
			return;
		}
		String closed = "The connection of Realtime client '" + name() + "' was closed (code " + status.getCode()
				+ (reason.isEmpty() ? "" : ", " + reason) + ")";
		Throwable cause = new PubSubConnectionLostException(closed);
		String forbidden = reason.toLowerCase(Locale.ROOT).contains("forbidden")
				? this.remoteTopics.forbidden(connection, status.getCode(), reason) : null;
		if (forbidden != null) {
			// the topic stays wanted and is subscribed again after the reconnect
			cause = new PubSubAuthenticationException(closed + ": subscription to '" + LogSanitizer.sanitize(forbidden)
					+ "' refused; it is subscribed again after the reconnect");
			fire(ConnectionEventType.ERROR, 0, cause,
					Map.of("forbiddenTopic", forbidden, "closeCode", status.getCode(), "closeReason", reason));
		}
		if (this.current == connection) {
			this.current = null;
			this.remoteTopics.detach();
			connectionLost(cause);
		}
	}

	@Override
	public Map<String, String> unheldSubscriptions() {
		return this.remoteTopics.unheld();
	}

	/**
	 * What a connection reports to the client.
	 */
	private final class ConnectionEvents implements RealtimeConnection.Events {

		@Override
		public void frame(RealtimeConnection connection, byte[] frame, boolean binary) {
			onFrame(connection, frame, binary);
		}

		@Override
		public void malformed(PubSubProtocolException error) {
			DefaultRealtimeClient.this.malformed(error);
		}

		@Override
		public void pongTimeout(RealtimeConnection connection, Duration interval) {
			onPongTimeout(connection, interval);
		}

		@Override
		public void closed(RealtimeConnection connection, CloseStatus status) {
			onClosed(connection, status);
		}

	}

}
