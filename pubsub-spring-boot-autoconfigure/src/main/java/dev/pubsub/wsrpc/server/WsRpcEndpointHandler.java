package dev.pubsub.wsrpc.server;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

import dev.pubsub.core.PubSubConnectionLostException;
import dev.pubsub.core.PubSubProtocolException;
import dev.pubsub.core.support.LogSanitizer;
import dev.pubsub.core.support.PartialTextAggregator;
import dev.pubsub.core.support.PubSubThreads;
import dev.pubsub.wsrpc.WsRpcChannel;
import dev.pubsub.wsrpc.WsRpcCodec;

/**
 * A fastapi_websocket_pubsub endpoint as a Spring {@code WebSocketHandler}: each session gets a
 * {@link WsRpcChannel} exposing {@code subscribe}, {@code unsubscribe}, {@code publish} and
 * {@code ping} (plus {@code _ping_} and {@code _get_channel_id_}), and is a subscriber of the
 * shared {@link WsRpcEventNotifier} under its channel id.
 * <p>
 * Requests are handled in order without blocking the session's reader: a {@code sync} publish
 * answers once every subscriber acknowledged its {@code notify} (or the notify timeout passed),
 * so a client may sync-publish to a topic it is subscribed to without deadlock.
 * <p>
 * Bounded per session: the container reads into a small per-session buffer
 * ({@link WsRpcEndpointSettings#textBufferSize()} characters) and the handler joins partial text
 * messages as they arrive, up to
 * {@link WsRpcEndpointSettings#maxTextMessageSize()}; a larger message closes the session with 1009.
 * Outbound frames go through a per-session queue bounded in bytes and written without blocking
 * (the JSR-356 asynchronous remote endpoint), so publishing enqueues and returns and one slow
 * subscriber never delays the others: a session over its budget, or whose write takes longer than
 * the send time limit, is closed with 1013 (Try Again Later) and counted as a slow consumer. A
 * session that sends nothing within the first-message timeout is closed with 1008; one silent for
 * the idle timeout (it is sent a {@code _ping_} request after half of it) is closed with 1001.
 * Binary frames close the session with 1003 as the Python endpoint does. Every value from the
 * network is sanitized before it is logged, and per-frame warnings are rate-limited.
 */
public class WsRpcEndpointHandler extends AbstractWebSocketHandler implements WsRpcPublisher, DisposableBean {

	private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	/** How long closing a session may wait to write the close frame (it is not worth more). */
	private static final long CLOSE_FRAME_TIMEOUT_MILLIS = 1000;

	private final String endpointId = WsRpcChannel.newId();

	private final WsRpcCodec codec;

	private final WsRpcEventNotifier notifier;

	private final WsRpcEndpointSettings settings;

	private final WsRpcAuthorizer authorizer;

	private final List<WsRpcSessionListener> sessionListeners;

	private final WsRpcServerMetrics metrics = new WsRpcServerMetrics();

	private final WsRpcEndpointLogs logs = new WsRpcEndpointLogs();

	private final Map<String, WsRpcServerSession> sessions = new ConcurrentHashMap<>();

	private final ScheduledThreadPoolExecutor scheduler;

	private final ExecutorService closer;

	/**
	 * Create a handler.
	 * @param jsonMapper the shared mapper
	 * @param notifier the topic registry
	 * @param settings the limits
	 * @param authorizer the authorizer
	 * @param sessionListeners told about connects and disconnects
	 */
	public WsRpcEndpointHandler(JsonMapper jsonMapper, WsRpcEventNotifier notifier, WsRpcEndpointSettings settings,
			WsRpcAuthorizer authorizer, List<WsRpcSessionListener> sessionListeners) {
		this.codec = new WsRpcCodec(jsonMapper);
		this.notifier = notifier;
		this.settings = settings;
		this.authorizer = authorizer;
		this.sessionListeners = List.copyOf(sessionListeners);
		this.scheduler = PubSubThreads.timer(PubSubThreads.daemonThreads("wsrpc-endpoint-timer-"));
		this.closer = PubSubThreads.pool(2, PubSubThreads.daemonThreads("wsrpc-endpoint-io-"));
		WsRpcSessionTimeouts timeouts = new WsRpcSessionTimeouts(this);
		this.scheduler.scheduleWithFixedDelay(timeouts, timeouts.periodMillis(), timeouts.periodMillis(),
				TimeUnit.MILLISECONDS);
	}

	/**
	 * Return the endpoint's counters.
	 * @return the metrics
	 */
	public WsRpcServerMetrics metrics() {
		return this.metrics;
	}

	/**
	 * Return the topic registry.
	 * @return the notifier
	 */
	public WsRpcEventNotifier notifier() {
		return this.notifier;
	}

	/**
	 * Return the id this endpoint uses as notifier id for {@link #publish(List, Object)}.
	 * @return the id
	 */
	public String endpointId() {
		return this.endpointId;
	}

	WsRpcCodec codec() {
		return this.codec;
	}

	WsRpcEndpointSettings settings() {
		return this.settings;
	}

	WsRpcAuthorizer authorizer() {
		return this.authorizer;
	}

	WsRpcEndpointLogs logs() {
		return this.logs;
	}

	ScheduledExecutorService scheduler() {
		return this.scheduler;
	}

	Collection<WsRpcServerSession> sessions() {
		return this.sessions.values();
	}

	@Override
	public CompletableFuture<Void> publish(List<String> topics, @Nullable Object data) {
		JsonNode node;
		try {
			node = this.codec.toNode(data);
		}
		catch (PubSubProtocolException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return this.notifier.notify(List.copyOf(topics), node, this.endpointId);
	}

	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		// the container allocated its default read buffer; it takes this size from the next message
		session.setTextMessageSizeLimit(this.settings.textBufferSize());
		WsRpcServerSession serverSession = new WsRpcServerSession(this, session, transport(session));
		this.sessions.put(session.getId(), serverSession);
		this.metrics.sessionOpened();
		for (WsRpcSessionListener listener : this.sessionListeners) {
			try {
				listener.onConnect(serverSession.info);
			}
			catch (RuntimeException ex) {
				WsRpcEndpointLogs.logger.warn("wsrpc session listener failed on connect", ex);
			}
		}
	}

	private SessionOutbound.Transport transport(WebSocketSession session) {
		Object target = (session instanceof NativeWebSocketSession nativeSession) ? nativeSession.getNativeSession()
				: null;
		if (target != null && JakartaSessions.isJakartaSession(target)) {
			JakartaSessions.userProperties(target).put(TOMCAT_BLOCKING_SEND_TIMEOUT, CLOSE_FRAME_TIMEOUT_MILLIS);
			return JakartaSessions.asyncTransport(target, this.settings.sendTimeLimit());
		}
		// No asynchronous API: write on a pooled thread; the send time limit still closes a stuck session.
		return (text, done) -> this.closer.execute(() -> {
			try {
				session.sendMessage(new TextMessage(text));
				done.accept(null);
			}
			catch (IOException | RuntimeException ex) {
				done.accept(ex);
			}
		});
	}

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) {
		WsRpcServerSession serverSession = this.sessions.get(session.getId());
		if (serverSession == null || serverSession.isClosing()) {
			return;
		}
		serverSession.touched();
		String whole;
		try {
			whole = serverSession.inbound.accept(message.getPayload(), message.isLast());
		}
		catch (PartialTextAggregator.TooLargeException ex) {
			if (serverSession.closeOnce(CloseStatus.TOO_BIG_TO_PROCESS.withReason("message over the size limit"))) {
				this.metrics.oversizedFrameDisconnected();
				this.logs.oversized.warn(() -> "wsrpc session " + session.getId() + " closed with 1009: "
						+ ex.getMessage());
			}
			return;
		}
		if (whole != null) {
			serverSession.channel.handleText(whole);
		}
	}

	@Override
	protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
		CloseStatus status = CloseStatus.NOT_ACCEPTABLE.withReason("binary frames are not supported");
		WsRpcServerSession serverSession = this.sessions.get(session.getId());
		boolean first = (serverSession != null) ? serverSession.closeOnce(status) : true;
		if (first) {
			this.metrics.malformedFrame();
			this.logs.binary.warn(() -> "wsrpc session " + session.getId() + " sent a binary frame; closing it");
			if (serverSession == null) {
				closeAsync(session, status);
			}
		}
	}

	@Override
	protected void handlePongMessage(WebSocketSession session, PongMessage message) {
		WsRpcServerSession serverSession = this.sessions.get(session.getId());
		if (serverSession != null) {
			serverSession.alive();
		}
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) {
		if (WsRpcEndpointLogs.logger.isDebugEnabled()) {
			WsRpcEndpointLogs.logger.debug("wsrpc session " + session.getId() + " transport error: "
					+ LogSanitizer.sanitize(exception));
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		WsRpcServerSession serverSession = this.sessions.remove(session.getId());
		if (serverSession == null) {
			return;
		}
		serverSession.outbound.close();
		serverSession.inbound.reset();
		this.notifier.unsubscribeAll(serverSession.id());
		serverSession.channel.close(new PubSubConnectionLostException(
				"session closed: " + status.getCode() + " " + LogSanitizer.sanitize(status.getReason())));
		this.metrics.sessionClosed();
		for (WsRpcSessionListener listener : this.sessionListeners) {
			try {
				listener.onDisconnect(serverSession.info);
			}
			catch (RuntimeException ex) {
				WsRpcEndpointLogs.logger.warn("wsrpc session listener failed on disconnect", ex);
			}
		}
	}

	/**
	 * Close a session on the endpoint's own thread, so the caller (a publisher, the reader, the
	 * timer) never waits for a socket.
	 * @param session the session
	 * @param status the status
	 */
	void closeAsync(WebSocketSession session, CloseStatus status) {
		try {
			this.closer.execute(() -> close(session, status));
		}
		catch (RuntimeException ex) {
			close(session, status);
		}
	}

	private static void close(WebSocketSession session, CloseStatus status) {
		try {
			session.close(status);
		}
		catch (IOException | RuntimeException ex) {
			WsRpcEndpointLogs.logger.debug("Error closing wsrpc session " + session.getId() + ": " + ex);
		}
	}

	/**
	 * Close a session (the client may reconnect).
	 * @param channelId the session's channel id
	 * @return {@code true} if the session was found
	 */
	public boolean closeSession(String channelId) {
		for (WsRpcServerSession session : this.sessions.values()) {
			if (session.id().equals(channelId)) {
				session.closeOnce(CloseStatus.GOING_AWAY.withReason("closed by the server"));
				return true;
			}
		}
		return false;
	}

	@Override
	public void destroy() {
		for (WsRpcServerSession session : this.sessions.values()) {
			session.outbound.close();
			close(session.session, CloseStatus.GOING_AWAY);
		}
		this.scheduler.shutdownNow();
		this.closer.shutdownNow();
	}

}
