package dev.pubsub.realtime;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

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

import dev.pubsub.core.PubSubAuthenticationException;
import dev.pubsub.core.PubSubConnectionLostException;
import dev.pubsub.core.PubSubProtocolException;
import dev.pubsub.core.PubSubTimeoutException;
import dev.pubsub.core.support.Failures;
import dev.pubsub.core.support.SubscribeOutcome;

/**
 * One WebSocket connection attempt of {@link DefaultRealtimeClient} and, once welcomed, the session:
 * joins frame parts up to the max frame size, serializes sends, pings the gateway and treats two
 * intervals without a sign of life as a lost connection, and remembers the last subscribed topic (the
 * one a "forbidden" close refers to).
 */
final class RealtimeConnection implements WebSocketHandler {

	private static final int READ_BUFFER_SIZE = 64 * 1024;

	private static final String SECURE_PREFIX = "secure/";

	private final String address;

	private final CompletableFuture<Void> ready = new CompletableFuture<>();

	private final FrameAssembler assembler;

	private final long maxFrameSize;

	private final ScheduledExecutorService scheduler;

	private final Log logger;

	private final Events events;

	private final List<CompletableFuture<SubscribeOutcome>> probes = new ArrayList<>();

	private volatile @Nullable WebSocketSession session;

	private volatile @Nullable RealtimeConnectionInfo info;

	private volatile @Nullable String lastSubscribedTopic;

	private volatile boolean closeRequested;

	private volatile long lastPongNanos = System.nanoTime();

	private volatile @Nullable ScheduledFuture<?> pings;

	/**
	 * Create a connection attempt.
	 * @param uri the gateway URL (the address in messages leaves out its query, which holds the token)
	 * @param maxFrameSize the largest inbound frame in bytes
	 * @param scheduler runs the pings
	 * @param logger the client's logger
	 * @param events told about frames, pongs and the close
	 */
	RealtimeConnection(URI uri, long maxFrameSize, ScheduledExecutorService scheduler, Log logger, Events events) {
		this.address = uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
		this.maxFrameSize = maxFrameSize;
		this.assembler = new FrameAssembler(maxFrameSize);
		this.scheduler = scheduler;
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
				completeProbes();
			}
			return;
		}
		if (frame != null) {
			this.events.frame(this, frame, binary);
		}
		else if (message.isLast() && this.assembler.lastOversizedSize() >= 0) {
			this.events.malformed(new PubSubProtocolException("Frame of " + this.assembler.lastOversizedSize()
					+ " bytes exceeds max-frame-size of " + this.maxFrameSize + " bytes and was discarded"));
		}
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) {
		this.logger.debug("Transport error on Realtime client '" + this.events.clientName() + "'", exception);
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) {
		stopPings();
		this.events.closed(this, closeStatus);
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
		sendPing();
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

	void startPings(Duration interval) {
		if (interval.isZero() || interval.isNegative()) {
			return;
		}
		this.lastPongNanos = System.nanoTime();
		this.pings = this.scheduler.scheduleAtFixedRate(() -> ping(interval), interval.toMillis(), interval.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	private void sendPing() {
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
			this.logger.debug("Ping failed on Realtime client '" + this.events.clientName() + "'", ex);
		}
	}

	void stopPings() {
		ScheduledFuture<?> scheduled = this.pings;
		if (scheduled != null) {
			scheduled.cancel(false);
		}
	}

	private void ping(Duration interval) {
		if (this.events.isInboundPaused()) {
			// back-pressure paused reading: an unread pong is not a dead gateway
			this.lastPongNanos = System.nanoTime();
		}
		if (System.nanoTime() - this.lastPongNanos > interval.multipliedBy(2).toNanos()) {
			stopPings();
			this.events.pongTimeout(this, interval);
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
				this.logger.debug("Error closing a Realtime connection", ex);
			}
		}
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
		client.execute(this, new WebSocketHttpHeaders(), uri).whenComplete((session, ex) -> {
			if (ex != null) {
				this.ready.completeExceptionally(handshakeFailure(ex));
			}
		});
		ScheduledFuture<?> timeout = this.scheduler.schedule(() -> {
			if (this.ready.completeExceptionally(
					new PubSubTimeoutException("Connecting to " + this.address + " (welcome included)", connectTimeout))) {
				close(CloseStatus.GOING_AWAY);
			}
		}, connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
		this.ready.whenComplete((ok, ex) -> timeout.cancel(false));
		return this.ready;
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
		 * Return the client name, for messages.
		 * @return the name
		 */
		String clientName();

		/**
		 * Whether back-pressure paused reading, so a missing pong is not a dead gateway.
		 * @return {@code true} while paused
		 */
		boolean isInboundPaused();

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
