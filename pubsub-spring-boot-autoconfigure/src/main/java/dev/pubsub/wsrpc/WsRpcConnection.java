package dev.pubsub.wsrpc;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import dev.pubsub.core.PubSubConnectionLostException;
import dev.pubsub.core.PubSubProtocolException;
import dev.pubsub.core.PubSubTimeoutException;
import dev.pubsub.core.support.Failures;
import dev.pubsub.core.support.LogSanitizer;
import dev.pubsub.core.support.PartialTextAggregator;

/**
 * One WebSocket connection of {@link DefaultWsRpcPubSubClient} and its RPC channel: joins message
 * parts up to the max text message size (a larger message is skipped part by part and reported as
 * malformed), sends through a {@link ConcurrentWebSocketSessionDecorator}, runs the keep-alive
 * {@code _ping_}, and reports its loss once.
 */
final class WsRpcConnection extends TextWebSocketHandler {

	private static final Log logger = LogFactory.getLog(WsRpcConnection.class);

	private static final int SEND_BUFFER_LIMIT = 64 * 1024 * 1024;

	private final WsRpcChannel channel;

	private final WsRpcChannel.ErrorListener errors;

	private final Events events;

	private final ScheduledExecutorService scheduler;

	private final long maxTextMessageSize;

	private final PartialTextAggregator aggregator;

	private volatile @Nullable WebSocketSession session;

	private volatile boolean ready;

	private volatile boolean closedByUs;

	private volatile @Nullable ScheduledFuture<?> keepAlive;

	private boolean skippingOversized;

	/**
	 * Create a connection (not yet open).
	 * @param codec the frame codec
	 * @param notify answers the server's {@code notify} calls
	 * @param scheduler runs call timeouts and the keep-alive
	 * @param callbackExecutor runs the dependent stages of call results
	 * @param maxTextMessageSize the largest inbound text message in UTF-8 bytes
	 * @param errors told about bad frames and failed requests
	 * @param events told about the loss of the connection
	 */
	WsRpcConnection(WsRpcCodec codec, WsRpcMethod notify, ScheduledExecutorService scheduler, Executor callbackExecutor,
			long maxTextMessageSize, WsRpcChannel.ErrorListener errors, Events events) {
		this.errors = errors;
		this.events = events;
		this.scheduler = scheduler;
		this.maxTextMessageSize = maxTextMessageSize;
		this.aggregator = new PartialTextAggregator(maxTextMessageSize);
		this.channel = new WsRpcChannel(codec, this::send, (method) -> "notify".equals(method) ? notify : null,
				scheduler, callbackExecutor, errors);
	}

	WsRpcChannel channel() {
		return this.channel;
	}

	boolean isReady() {
		return this.ready;
	}

	void markReady() {
		this.ready = true;
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
			this.errors.malformedFrame(new PubSubProtocolException("Text message of at least " + ex.size()
					+ " bytes exceeds max-text-message-size of " + this.maxTextMessageSize + " bytes and was discarded"));
			return;
		}
		if (whole != null) {
			this.channel.handleText(whole);
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		lost(new PubSubConnectionLostException("Connection of client '" + this.events.clientName() + "' closed (code "
				+ status.getCode() + ((status.getReason() != null && !status.getReason().isEmpty())
						? ", " + LogSanitizer.sanitize(status.getReason()) : "")
				+ ")"));
	}

	/**
	 * Start the keep-alive: a {@code _ping_} every interval; one not answered within the timeout
	 * drops the connection, unless back-pressure left its answer unread.
	 * @param interval the interval, zero for none
	 * @param timeout the answer timeout
	 */
	void startKeepAlive(Duration interval, Duration timeout) {
		if (interval.isZero()) {
			return;
		}
		this.keepAlive = this.scheduler.scheduleWithFixedDelay(() -> {
			this.channel.call("_ping_", Map.of(), timeout).whenComplete((pong, ex) -> {
				// an answer that waits behind the frames back-pressure left unread is not a hung server
				if (ex != null && Failures.unwrap(ex) instanceof PubSubTimeoutException && !this.events.isInboundPaused()) {
					lost(new PubSubConnectionLostException(
							"Keep-alive _ping_ not answered within " + timeout.toMillis() + " ms"));
				}
			});
		}, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	void lost(PubSubConnectionLostException cause) {
		stopKeepAlive();
		this.channel.close(cause);
		if (this.closedByUs) {
			return;
		}
		this.closedByUs = true;
		this.events.lost(this, cause);
		closeQuietly(CloseStatus.SESSION_NOT_RELIABLE);
	}

	void close(CloseStatus status) {
		this.closedByUs = true;
		stopKeepAlive();
		this.channel.close(new PubSubConnectionLostException(
				"Client '" + this.events.clientName() + "' closed the connection"));
		closeQuietly(status);
	}

	private void closeQuietly(CloseStatus status) {
		WebSocketSession target = this.session;
		if (target != null && target.isOpen()) {
			try {
				target.close(status);
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("Error closing WebSocket: " + ex);
			}
		}
	}

	private void stopKeepAlive() {
		ScheduledFuture<?> task = this.keepAlive;
		if (task != null) {
			task.cancel(false);
		}
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
		 * Whether back-pressure paused reading, so a late keep-alive answer is not a hung server.
		 * @return {@code true} while paused
		 */
		boolean isInboundPaused();

		/**
		 * The connection was lost (not closed by the client); called once.
		 * @param connection the connection
		 * @param cause why
		 */
		void lost(WsRpcConnection connection, PubSubConnectionLostException cause);

	}

}
