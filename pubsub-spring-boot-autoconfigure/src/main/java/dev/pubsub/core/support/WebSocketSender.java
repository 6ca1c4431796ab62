package dev.pubsub.core.support;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.SessionLimitExceededException;

/**
 * The send path of a {@link WebSocketSessionHolder}: one {@link ConcurrentWebSocketSessionDecorator}
 * serializes concurrent sends (one thread writes, the others' messages wait in its buffer, bounded in
 * bytes, and go out in order) and bounds them in time; a Jakarta container's own blocking write is
 * bounded by twice the send time limit (Tomcat's client waits 20 s by default), so the holder's
 * supervision, which checks the send in progress every half limit, fires first. The first exceeded
 * limit is reported once, with a short reason naming the property ({@code send-time-limit} or
 * {@code send-buffer-limit}) that also serves as the close reason; every later send fails (the decorator
 * itself would drop it silently).
 */
final class WebSocketSender {

	private static final boolean JAKARTA_WEBSOCKET_PRESENT = ClassUtils.isPresent("jakarta.websocket.Session",
			WebSocketSender.class.getClassLoader());

	private final String description;

	private final WebSocketSendLimits limits;

	private final Consumer<String> limitExceeded;

	private volatile @Nullable ConcurrentWebSocketSessionDecorator session;

	private volatile boolean exceeded;

	/**
	 * Create the send path (no session yet).
	 * @param description who owns the session, for messages
	 * @param limits the limits
	 * @param limitExceeded told once, with the reason, when a limit was exceeded
	 */
	WebSocketSender(String description, WebSocketSendLimits limits, Consumer<String> limitExceeded) {
		this.description = description;
		this.limits = limits;
		this.limitExceeded = limitExceeded;
	}

	/**
	 * Take the session the upgrade produced.
	 * @param raw the container's session
	 * @return the decorated session
	 */
	WebSocketSession attach(WebSocketSession raw) {
		if (JAKARTA_WEBSOCKET_PRESENT && raw instanceof NativeWebSocketSession nativeSession) {
			JakartaSendTimeout.apply(nativeSession, this.limits.timeLimit().multipliedBy(2));
		}
		ConcurrentWebSocketSessionDecorator decorated = new ConcurrentWebSocketSessionDecorator(raw,
				(int) Math.min(Integer.MAX_VALUE, this.limits.timeLimit().toMillis()),
				this.limits.bufferLimit());
		this.session = decorated;
		return decorated;
	}

	void send(WebSocketMessage<?> message) throws IOException {
		ConcurrentWebSocketSessionDecorator current = this.session;
		if (current == null || !current.isOpen() || this.exceeded) {
			throw new IOException("WebSocket of " + this.description + " is not open");
		}
		try {
			current.sendMessage(message);
		}
		catch (SessionLimitExceededException ex) {
			String detail = String.valueOf(ex.getMessage());
			exceeded(detail.startsWith("Buffer size") ? "send-buffer-limit of " + this.limits.bufferLimit()
					+ " bytes exceeded" : tooLong());
			throw new IOException("WebSocket of " + this.description + " closed: " + ex.getMessage(), ex);
		}
		catch (IOException ex) {
			if (isTimeout(ex)) {
				exceeded(tooLong());
			}
			throw ex;
		}
	}

	boolean isOpen() {
		ConcurrentWebSocketSessionDecorator current = this.session;
		return current != null && current.isOpen() && !this.exceeded;
	}

	/**
	 * Check the send in progress, if any (called every half send time limit).
	 */
	void supervise() {
		ConcurrentWebSocketSessionDecorator current = this.session;
		if (current != null && current.getTimeSinceSendStarted() > this.limits.timeLimit().toMillis()) {
			exceeded(tooLong());
		}
	}

	private String tooLong() {
		return "send-time-limit of " + this.limits.timeLimit().toMillis() + " ms exceeded";
	}

	private void exceeded(String reason) {
		synchronized (this) {
			if (this.exceeded) {
				return;
			}
			this.exceeded = true;
		}
		this.limitExceeded.accept(LogSanitizer.sanitize(reason));
	}

	private static boolean isTimeout(Throwable ex) {
		for (Throwable cause = ex; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
			if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Bounds a blocking write of a Jakarta WebSocket container; loaded only when the API is present.
	 */
	private static final class JakartaSendTimeout {

		private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

		static void apply(NativeWebSocketSession session, Duration timeout) {
			jakarta.websocket.Session container = session.getNativeSession(jakarta.websocket.Session.class);
			if (container != null) {
				container.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, timeout.toMillis());
			}
		}

	}

}
