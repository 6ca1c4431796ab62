package dev.pubsub.test.support;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.apache.tomcat.websocket.WsSession;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * Wraps an embedded server's WebSocket handler with the fault hooks of the provider contract kit, without
 * touching the handler itself: it records when each connection was accepted, can close new connections
 * right after the handshake (accept-then-close), kill every open connection without a close frame, send
 * raw text frames outside the protocol, and suspend reading (Tomcat's {@code WsSession.suspend()}).
 * <p>
 * Raw frames are written with the session's blocking API. If the wrapped handler is writing on the same
 * session at that moment the container refuses the second write; {@link #sendTextToAll(String)} then
 * retries briefly, so use it while the server is otherwise quiet (as the contract kit does).
 */
public final class FaultInjectingWebSocketHandler extends WebSocketHandlerDecorator {

	private final Map<String, WebSocketSession> open = new ConcurrentHashMap<>();

	private final List<Instant> accepted = new CopyOnWriteArrayList<>();

	private volatile boolean acceptThenClose;

	/**
	 * Wrap a handler.
	 * @param delegate the server's handler
	 */
	public FaultInjectingWebSocketHandler(WebSocketHandler delegate) {
		super(delegate);
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws Exception {
		this.accepted.add(Instant.now());
		this.open.put(session.getId(), session);
		super.afterConnectionEstablished(session);
		if (this.acceptThenClose) {
			session.close(CloseStatus.GOING_AWAY.withReason("accept-then-close"));
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
		this.open.remove(session.getId());
		super.afterConnectionClosed(session, closeStatus);
	}

	/**
	 * Turn accept-then-close on or off: while on, each new connection is handed to the server's handler and
	 * then closed with {@code 1001}.
	 * @param enabled whether to close new connections after the handshake
	 */
	public void acceptThenClose(boolean enabled) {
		this.acceptThenClose = enabled;
	}

	/**
	 * When each connection was accepted, oldest first.
	 * @return the accept times
	 */
	public List<Instant> acceptTimes() {
		return List.copyOf(this.accepted);
	}

	/**
	 * The open connections.
	 * @return the sessions
	 */
	public List<WebSocketSession> sessions() {
		return new ArrayList<>(this.open.values());
	}

	/**
	 * Kill every open connection without a close frame (see {@link AbruptClose}) and tell the server's handler
	 * at once that it closed, so the server forgets its subscriptions before this method returns.
	 * @return how many connections were killed
	 */
	public int dropAll() {
		int count = 0;
		for (WebSocketSession session : sessions()) {
			AbruptClose.close(session);
			try {
				afterConnectionClosed(session, CloseStatus.NO_CLOSE_FRAME);
			}
			catch (Exception ex) {
				throw new IllegalStateException("The server's handler failed on close", ex);
			}
			count++;
		}
		return count;
	}

	/**
	 * Send one raw text frame to every open connection.
	 * @param text the frame
	 * @return how many connections it was written to
	 */
	public int sendTextToAll(String text) {
		int count = 0;
		for (WebSocketSession session : sessions()) {
			if (sendText(session, text)) {
				count++;
			}
		}
		return count;
	}

	/**
	 * Stop reading the frames of every open connection.
	 * @return how many were suspended
	 */
	public int suspendReading() {
		return forEachNative(WsSession::suspend);
	}

	/**
	 * Read the frames of every open connection again.
	 * @return how many were resumed
	 */
	public int resumeReading() {
		return forEachNative(WsSession::resume);
	}

	private static boolean sendText(WebSocketSession session, String text) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (session.isOpen()) {
			try {
				session.sendMessage(new TextMessage(text));
				return true;
			}
			catch (IllegalStateException ex) {
				// the server's own write is in progress on this session
				if (System.nanoTime() - deadline > 0) {
					throw ex;
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
			}
			catch (IOException ex) {
				return false;
			}
		}
		return false;
	}

	private int forEachNative(Consumer<WsSession> action) {
		int count = 0;
		for (WebSocketSession session : sessions()) {
			WsSession wsSession = tomcatSession(session);
			if (wsSession != null) {
				action.accept(wsSession);
				count++;
			}
		}
		return count;
	}

	/**
	 * Tomcat's session under a (possibly decorated) Spring session, to suspend or resume its reading.
	 * @param session the Spring session
	 * @return Tomcat's session, or {@code null} on another container
	 */
	public static @Nullable WsSession tomcatSession(WebSocketSession session) {
		WebSocketSession delegate = WebSocketSessionDecorator.unwrap(session);
		if (delegate instanceof NativeWebSocketSession nativeSession
				&& nativeSession.getNativeSession() instanceof WsSession wsSession) {
			return wsSession;
		}
		return null;
	}

}
