package dev.pubsub.core.support;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
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
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * One client WebSocket session of a provider client, and the jobs every WebSocket provider shares,
 * done once: the upgrade with a connect timeout, sends serialized through one Spring
 * {@link ConcurrentWebSocketSessionDecorator} (bounded in bytes and in time: a session whose send
 * takes longer than the send time limit, or whose waiting sends exceed the send buffer limit, is
 * closed with {@link CloseStatus#SESSION_NOT_RELIABLE} and a reason naming the limit, counted and told to
 * {@link WebSocketSendLimits#closed()} (the client counts and logs it); a Jakarta container's
 * blocking write is bounded by twice that limit), small container read
 * buffers with partial messages ({@link #supportsPartialMessages()}) joined up to the max message size
 * (a larger one is skipped part by part and reported), a {@link SilenceWatchdog} for which any frame
 * counts as life, a periodic protocol heartbeat, and a close reported once.
 * <p>
 * The provider's {@link WebSocketProtocol} adapter sees whole messages and does only its protocol:
 * framing, handshake, protocol heartbeats. Inbound back-pressure needs nothing here: the client's dispatch
 * blocks the thread that delivered the message, so the container stops reading the socket; the
 * {@code readingPaused} supplier tells the watchdog that silence then is not a dead peer.
 */
public final class WebSocketSessionHolder implements WebSocketHandler {

	private static final Log logger = LogFactory.getLog(WebSocketSessionHolder.class);

	private final Settings settings;

	private final ScheduledExecutorService scheduler;

	private final WebSocketProtocol protocol;

	private final WebSocketMessageJoiner joiner;

	private final WebSocketMessageJoiner.Oversized oversized;

	private final SilenceWatchdog watchdog;

	private final AtomicBoolean closeReported = new AtomicBoolean();

	private final AtomicLong sendLimitCloses = new AtomicLong();

	private final WebSocketSender sender;

	private volatile @Nullable WebSocketSession session;

	private volatile @Nullable CloseStatus closeRequested;

	private volatile @Nullable String sendLimitReason;

	private volatile @Nullable ScheduledFuture<?> heartbeat;

	private volatile @Nullable ScheduledFuture<?> sendSupervisor;

	/**
	 * Create a holder (not yet connected).
	 * @param settings the limits
	 * @param scheduler runs the connect timeout, the heartbeat, the watchdog and the send supervision
	 * @param readingPaused whether back-pressure paused reading now
	 * @param protocol the provider's adapter
	 */
	public WebSocketSessionHolder(Settings settings, ScheduledExecutorService scheduler, BooleanSupplier readingPaused,
			WebSocketProtocol protocol) {
		this.settings = settings;
		this.scheduler = scheduler;
		this.protocol = protocol;
		this.joiner = new WebSocketMessageJoiner(settings.maxMessageBytes());
		this.oversized = protocol::onOversized;
		this.watchdog = new SilenceWatchdog(scheduler, readingPaused, this::silent);
		this.sender = new WebSocketSender(settings.description(), settings.sendLimits(), this::sendLimitExceeded);
	}

	/**
	 * Start the upgrade. The protocol's {@code ready} future (upgrade plus whatever handshake the
	 * protocol needs) fails with the translated upgrade failure, or with {@code timedOut} when it is not
	 * done within the timeout; the session is then closed ({@link CloseStatus#GOING_AWAY}).
	 * @param <T> the ready value
	 * @param client the WebSocket client (with the client's own SSL context, if any)
	 * @param headers the upgrade request headers
	 * @param uri the URL
	 * @param ready completed by the protocol once the session is usable
	 * @param timeout the connect timeout
	 * @param timedOut the failure when the timeout passes
	 * @param upgradeFailed translates a failed upgrade (already unwrapped)
	 * @return {@code ready}
	 */
	public <T> CompletableFuture<T> open(WebSocketClient client, WebSocketHttpHeaders headers, URI uri,
			CompletableFuture<T> ready, Duration timeout, Supplier<? extends Throwable> timedOut,
			Function<Throwable, ? extends Throwable> upgradeFailed) {
		try {
			client.execute(this, headers, uri).whenComplete((session, ex) -> {
				if (ex != null) {
					ready.completeExceptionally(upgradeFailed.apply(Failures.unwrap(ex)));
				}
			});
		}
		catch (RuntimeException ex) {
			ready.completeExceptionally(upgradeFailed.apply(ex));
		}
		ScheduledFuture<?> timer = this.scheduler.schedule(() -> {
			if (!ready.isDone() && ready.completeExceptionally(timedOut.get())) {
				close(CloseStatus.GOING_AWAY);
			}
		}, timeout.toMillis(), TimeUnit.MILLISECONDS);
		ready.whenComplete((ok, ex) -> timer.cancel(false));
		return ready;
	}

	// ---- WebSocketHandler

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws Exception {
		session.setTextMessageSizeLimit(this.settings.readBufferSize());
		session.setBinaryMessageSizeLimit(this.settings.readBufferSize());
		WebSocketSession decorated = this.sender.attach(session);
		this.session = decorated;
		CloseStatus requested = this.closeRequested;
		if (requested != null) {
			closeQuietly(decorated, requested);
			return;
		}
		long period = Math.max(50, this.settings.sendLimits().timeLimit().toMillis() / 2);
		this.sendSupervisor = this.scheduler.scheduleWithFixedDelay(this.sender::supervise, period, period,
				TimeUnit.MILLISECONDS);
		this.protocol.opened();
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
		// any frame (or part) is a sign of life: a ping or pong may sit behind messages still being read
		this.watchdog.frameReceived();
		try {
			dispatch(message);
		}
		finally {
			// back-pressure blocks this thread inside the dispatch: the silence starts when it returns,
			// not at the watchdog's last look at the paused reader
			this.watchdog.frameReceived();
		}
	}

	private void dispatch(WebSocketMessage<?> message) {
		if (message instanceof TextMessage text) {
			String whole = this.joiner.text(text.getPayload(), text.isLast(), this.oversized);
			if (whole != null) {
				this.protocol.onText(whole);
			}
		}
		else if (message instanceof BinaryMessage binary) {
			byte[] whole = this.joiner.binary(binary.getPayload(), binary.isLast(), this.oversized);
			if (whole != null) {
				this.protocol.onBinary(whole);
			}
		}
		else if (message instanceof PongMessage) {
			this.protocol.onPong();
		}
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) {
		logger.debug("Transport error on the WebSocket of " + this.settings.description(), exception);
		this.protocol.onTransportError(exception);
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		stopTimers();
		if (this.closeReported.compareAndSet(false, true)) {
			String limit = this.sendLimitReason;
			this.protocol.onClosed((limit != null) ? CloseStatus.SESSION_NOT_RELIABLE.withReason(limit) : status);
		}
	}

	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

	// ---- sending

	/**
	 * Send a message; concurrent callers are serialized by the decorator (one writes, the others'
	 * messages wait in its bounded buffer and are written in order).
	 * @param message the message
	 * @throws IOException if the session is not open, the write failed, or a send limit was exceeded
	 * (the session is then closed)
	 */
	public void send(WebSocketMessage<?> message) throws IOException {
		this.sender.send(message);
	}

	/**
	 * Send a text message.
	 * @param text the text
	 * @throws IOException see {@link #send(WebSocketMessage)}
	 */
	public void sendText(String text) throws IOException {
		send(new TextMessage(text));
	}

	/**
	 * Send a binary message.
	 * @param bytes the bytes
	 * @throws IOException see {@link #send(WebSocketMessage)}
	 */
	public void sendBinary(byte[] bytes) throws IOException {
		send(new BinaryMessage(bytes));
	}

	/**
	 * Send a WebSocket ping; a failure is logged at DEBUG only (the close that follows reports it).
	 */
	public void ping() {
		try {
			send(new PingMessage());
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Ping failed on the WebSocket of " + this.settings.description() + ": " + ex);
		}
	}

	/**
	 * Whether the session is open and may send.
	 * @return {@code true} when open
	 */
	public boolean isOpen() {
		return this.sender.isOpen() && this.closeRequested == null;
	}

	private void sendLimitExceeded(String reason) {
		this.sendLimitReason = reason;
		this.sendLimitCloses.incrementAndGet();
		logger.debug("Closing the WebSocket of " + this.settings.description() + ": " + reason);
		this.settings.sendLimits().closed().accept(reason);
		this.protocol.onSendLimitExceeded(reason);
		close(CloseStatus.SESSION_NOT_RELIABLE.withReason(reason));
	}

	/**
	 * Return how many times this holder closed its session because a send limit was exceeded (0 or 1).
	 * @return the count
	 */
	public long sendLimitCloses() {
		return this.sendLimitCloses.get();
	}

	/**
	 * Return how many inbound messages were joined from more than one part.
	 * @return the count
	 */
	public long messagesJoinedFromParts() {
		return this.joiner.joinedFromParts();
	}

	// ---- heartbeat and watchdog

	/**
	 * Run a protocol heartbeat (a ping the protocol sends) at a fixed rate until the session closes.
	 * @param interval the interval; zero or negative for none
	 * @param beat sends the protocol's ping
	 */
	public void startHeartbeat(Duration interval, Runnable beat) {
		if (interval.isZero() || interval.isNegative() || this.closeRequested != null) {
			return;
		}
		this.heartbeat = this.scheduler.scheduleAtFixedRate(beat, interval.toMillis(), interval.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	/**
	 * Start the watchdog: when nothing arrives for the limit (time paused by back-pressure not counted),
	 * the protocol is told ({@link WebSocketProtocol#onSilence(long)}) and the session is closed
	 * ({@link CloseStatus#GOING_AWAY}).
	 * @param limitMillis the longest silence
	 */
	public void startWatchdog(long limitMillis) {
		if (limitMillis > 0 && this.closeRequested == null) {
			this.watchdog.start(limitMillis);
		}
	}

	private void silent() {
		stopTimers();
		this.protocol.onSilence(this.watchdog.limitMillis());
		close(CloseStatus.GOING_AWAY);
	}

	private void stopTimers() {
		this.watchdog.stop();
		cancel(this.heartbeat);
		cancel(this.sendSupervisor);
	}

	private static void cancel(@Nullable ScheduledFuture<?> task) {
		if (task != null) {
			task.cancel(false);
		}
	}

	// ---- closing

	/**
	 * Close the session (now, or as soon as a pending upgrade completes) and stop the timers. The
	 * protocol still hears {@link WebSocketProtocol#onClosed(CloseStatus)} when the close completes.
	 * @param status the close status
	 */
	public void close(CloseStatus status) {
		if (this.closeRequested == null) {
			this.closeRequested = status;
		}
		stopTimers();
		WebSocketSession current = this.session;
		if (current != null) {
			closeQuietly(current, status);
		}
	}

	private void closeQuietly(WebSocketSession current, CloseStatus status) {
		if (!current.isOpen()) {
			return;
		}
		try {
			current.close(status);
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Error closing the WebSocket of " + this.settings.description() + ": " + ex);
		}
	}

	/**
	 * The limits of one session.
	 *
	 * @param description who owns the session, for log lines (e.g. {@code "Realtime client 'x'"})
	 * @param maxMessageBytes the largest inbound message (UTF-8 bytes for text); larger ones are skipped
	 * @param readBufferSize the container's read buffer: messages arrive in parts of at most this size
	 * @param sendLimits the send bounds, and who is told of a close they cause
	 */
	public record Settings(String description, long maxMessageBytes, int readBufferSize,
			WebSocketSendLimits sendLimits) {

		/**
		 * Check the limits.
		 */
		public Settings {
			Assert.isTrue(maxMessageBytes > 0, "maxMessageBytes must be positive");
			Assert.isTrue(readBufferSize > 0, "readBufferSize must be positive");
			Assert.notNull(sendLimits, "sendLimits must not be null");
		}

		/**
		 * Create settings with the default send limits.
		 * @param description who owns the session, for log lines
		 * @param maxMessageBytes the largest inbound message
		 * @param readBufferSize the container's read buffer
		 * @return the settings
		 */
		public static Settings of(String description, long maxMessageBytes, int readBufferSize) {
			return new Settings(description, maxMessageBytes, readBufferSize, WebSocketSendLimits.DEFAULTS);
		}

	}

}
