package dev.pubsub.realtime;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.WebSocketClient;

import dev.pubsub.core.PubSubAuthenticationException;
import dev.pubsub.core.PubSubConnectionLostException;
import dev.pubsub.core.PubSubProtocolException;
import dev.pubsub.core.PubSubTimeoutException;
import dev.pubsub.core.support.Failures;
import dev.pubsub.core.support.SubscribeOutcome;
import dev.pubsub.core.support.WebSocketProtocol;
import dev.pubsub.core.support.WebSocketSendLimits;
import dev.pubsub.core.support.WebSocketSessionHolder;

/**
 * The Realtime protocol on one {@link WebSocketSessionHolder} (which joins frame parts up to the max
 * frame size, serializes sends, runs the pings and the watchdog): one connection attempt of
 * {@link DefaultRealtimeClient} and, once welcomed, the session. A connection that shows no sign of
 * life for two ping intervals is lost; it remembers the last subscribed topic (the one a "forbidden"
 * close refers to) and answers subscribe probes with the next pong.
 */
final class RealtimeConnection implements WebSocketProtocol {

	private static final int READ_BUFFER_SIZE = 64 * 1024;

	private static final String SECURE_PREFIX = "secure/";

	private final String address;

	private final CompletableFuture<Void> ready = new CompletableFuture<>();

	private final WebSocketSessionHolder holder;

	private final Log logger;

	private final Events events;

	private final List<CompletableFuture<SubscribeOutcome>> probes = new ArrayList<>();

	private volatile @Nullable RealtimeConnectionInfo info;

	private volatile @Nullable String lastSubscribedTopic;

	/**
	 * Create a connection attempt.
	 * @param uri the gateway URL (the address in messages leaves out its query, which holds the token)
	 * @param clientName the client name, for messages
	 * @param maxFrameSize the largest inbound frame in bytes
	 * @param scheduler runs the pings
	 * @param sendLimits the send bounds
	 * @param readingPaused whether back-pressure paused reading, so a missing pong is not a dead gateway
	 * @param logger the client's logger
	 * @param events told about frames, pongs and the close
	 */
	RealtimeConnection(URI uri, String clientName, long maxFrameSize, ScheduledExecutorService scheduler,
			WebSocketSendLimits sendLimits, BooleanSupplier readingPaused, Log logger, Events events) {
		this.address = uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
		this.holder = new WebSocketSessionHolder(
				new WebSocketSessionHolder.Settings("Realtime client '" + clientName + "'", maxFrameSize,
						READ_BUFFER_SIZE, sendLimits), scheduler,
				readingPaused, this);
		this.logger = logger;
		this.events = events;
	}

	String address() {
		return this.address;
	}

	/**
	 * Return the future completed once the gateway welcomed the connection (exceptionally when it
	 * failed or closed before).
	 * @return the future
	 */
	CompletableFuture<Void> ready() {
		return this.ready;
	}

	@Nullable RealtimeConnectionInfo info() {
		return this.info;
	}

	/**
	 * Take the gateway's welcome.
	 * @param delivery the welcome delivery
	 * @return the connection info, or {@code null} if this connection was welcomed before (the second
	 * welcome is ignored)
	 * @throws PubSubProtocolException if the welcome has no connection id
	 */
	@Nullable RealtimeConnectionInfo welcome(RealtimeFrames.Delivery delivery) {
		JsonNode data = delivery.data().get("connection");
		JsonNode id = (data != null) ? data.get("id") : null;
		if (id == null || !id.isValueNode() || id.asString().isEmpty()) {
			throw new PubSubProtocolException("Welcome frame without data.connection.id");
		}
		if (this.ready.isDone()) {
			return null;
		}
		RealtimeConnectionInfo welcomed = new RealtimeConnectionInfo(id.asString(),
				RealtimeMessages.textOf(data, "appId"), RealtimeMessages.textOf(data, "remoteAddress"));
		this.info = welcomed;
		return welcomed;
	}

	@Nullable String lastSubscribedTopic() {
		return this.lastSubscribedTopic;
	}

	// ---- the holder's protocol callbacks

	@Override
	public void onText(String text) {
		this.events.frame(this, text.getBytes(StandardCharsets.UTF_8), false);
	}

	@Override
	public void onBinary(byte[] bytes) {
		this.events.frame(this, bytes, true);
	}

	@Override
	public void onPong() {
		completeProbes();
	}

	@Override
	public void onOversized(long size, long limit) {
		this.events.malformed(new PubSubProtocolException(
				"Frame of " + size + " bytes exceeds max-frame-size of " + limit + " bytes and was discarded"));
	}

	@Override
	public void onSilence(long limitMillis) {
		this.events.pongTimeout(this, Duration.ofMillis(limitMillis / 2));
	}

	@Override
	public void onClosed(CloseStatus status) {
		this.events.closed(this, status);
	}

	// ---- sending

	void send(String frame) throws IOException {
		this.holder.sendText(frame);
	}

	/**
	 * Write a command whose failure only means the connection is going: it is repeated after the
	 * reconnect.
	 * @param frame the command
	 * @param subscribedTopic the topic it subscribes to, if it is a subscribe
	 */
	void trySend(String frame, @Nullable String subscribedTopic) {
		if (subscribedTopic != null && (this.lastSubscribedTopic == null || subscribedTopic.startsWith(SECURE_PREFIX)
				|| !this.lastSubscribedTopic.startsWith(SECURE_PREFIX))) {
			this.lastSubscribedTopic = subscribedTopic;
		}
		try {
			send(frame);
		}
		catch (IOException | RuntimeException ex) {
			this.logger.debug("Could not write a command; it is repeated after the reconnect", ex);
		}
	}

	/**
	 * Ping the gateway now and return a future completed when it answers: the gateway handles frames
	 * in order and closes the connection when it refuses a subscribe, so a pong means the subscribes
	 * written before were accepted.
	 * @return completed with {@link SubscribeOutcome#held()} on the next pong
	 */
	CompletableFuture<SubscribeOutcome> probe() {
		CompletableFuture<SubscribeOutcome> probe = new CompletableFuture<>();
		synchronized (this.probes) {
			this.probes.add(probe);
		}
		this.holder.ping();
		return probe;
	}

	private void completeProbes() {
		List<CompletableFuture<SubscribeOutcome>> answered;
		synchronized (this.probes) {
			answered = List.copyOf(this.probes);
			this.probes.clear();
		}
		answered.forEach((probe) -> probe.complete(SubscribeOutcome.held()));
	}

	/**
	 * Ping every interval; two intervals without any frame (time paused by back-pressure not counted)
	 * are a lost connection.
	 * @param interval the interval, zero for none
	 */
	void startPings(Duration interval) {
		if (interval.isZero() || interval.isNegative()) {
			return;
		}
		this.holder.startHeartbeat(interval, this.holder::ping);
		this.holder.startWatchdog(interval.multipliedBy(2).toMillis());
	}

	void close(CloseStatus status) {
		this.holder.close(status);
	}

	/**
	 * Start the upgrade; the attempt fails when the upgrade fails or no welcome arrived within the
	 * connect timeout.
	 * @param client the WebSocket client
	 * @param uri the gateway URL
	 * @param connectTimeout the timeout of the attempt, welcome included
	 * @return {@link #ready()}
	 */
	CompletableFuture<Void> open(WebSocketClient client, URI uri, Duration connectTimeout) {
		return this.holder.open(client, new WebSocketHttpHeaders(), uri, this.ready, connectTimeout,
				() -> new PubSubTimeoutException("Connecting to " + this.address + " (welcome included)", connectTimeout),
				this::handshakeFailure);
	}

	/**
	 * Translate a failed upgrade: HTTP 401/403 into an authentication failure, anything else into a
	 * lost connection whose message leaves out the token.
	 * @param ex the failure
	 * @return the translated failure
	 */
	private Throwable handshakeFailure(Throwable ex) {
		Throwable cause = Failures.unwrap(ex);
		String text = String.valueOf(cause.getMessage());
		for (Throwable t = cause; t != null; t = t.getCause()) {
			String message = String.valueOf(t.getMessage());
			if (message.contains("[401]") || message.contains("[403]")) {
				return new PubSubAuthenticationException("Gateway " + this.address + " refused the upgrade with HTTP "
						+ (message.contains("[401]") ? "401" : "403") + ": check the app id and the access token");
			}
			text = message;
		}
		return new PubSubConnectionLostException("Cannot connect to " + this.address + ": "
				+ cause.getClass().getSimpleName() + (text.contains("access_token") ? "" : " (" + text + ")"));
	}

	/**
	 * What a connection tells its client.
	 */
	interface Events {

		/**
		 * A whole frame arrived.
		 * @param connection the connection
		 * @param frame the frame's bytes
		 * @param binary whether it was a binary frame
		 */
		void frame(RealtimeConnection connection, byte[] frame, boolean binary);

		/**
		 * A frame was discarded.
		 * @param error why
		 */
		void malformed(PubSubProtocolException error);

		/**
		 * The gateway answered no ping for two intervals.
		 * @param connection the connection
		 * @param interval the ping interval
		 */
		void pongTimeout(RealtimeConnection connection, Duration interval);

		/**
		 * The connection closed.
		 * @param connection the connection
		 * @param status the close status
		 */
		void closed(RealtimeConnection connection, CloseStatus status);

	}

}
