package dev.pubsub.core.support;

import org.springframework.web.socket.CloseStatus;

/**
 * The provider's side of a {@link WebSocketSessionHolder}: its protocol (framing, handshake, protocol
 * heartbeats), on whole messages. Called on the container's read thread (messages, pong, close) or the
 * scheduler (silence, send limits).
 */
public interface WebSocketProtocol {

	/**
	 * The upgrade completed; sends are possible.
	 * @throws Exception to fail the session (the container closes it)
	 */
	default void opened() throws Exception {
	}

	/**
	 * A whole text message arrived.
	 * @param text the message
	 */
	default void onText(String text) {
	}

	/**
	 * A whole binary message arrived.
	 * @param bytes the message
	 */
	default void onBinary(byte[] bytes) {
	}

	/**
	 * A WebSocket pong arrived.
	 */
	default void onPong() {
	}

	/**
	 * A message over the max message size was skipped, part by part.
	 * @param size its whole size in bytes
	 * @param limit the max message size
	 */
	void onOversized(long size, long limit);

	/**
	 * Nothing arrived within the watchdog's limit; the holder closes the session next.
	 * @param limitMillis the limit
	 */
	default void onSilence(long limitMillis) {
	}

	/**
	 * A send exceeded the send time limit or the send buffer limit; the holder closes the session next.
	 * @param reason why (sanitized)
	 */
	default void onSendLimitExceeded(String reason) {
	}

	/**
	 * The transport failed (logged at DEBUG by the holder; the close usually follows).
	 * @param ex the failure
	 */
	default void onTransportError(Throwable ex) {
	}

	/**
	 * The session closed (by either side); called once.
	 * @param status the close status
	 */
	void onClosed(CloseStatus status);

}
