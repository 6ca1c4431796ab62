package dev.pubsub.wsrpc.server;

import java.time.Duration;
import java.util.Map;

import org.springframework.util.ClassUtils;

/**
 * Access to the JSR-356 session under a Spring session, without a hard dependency on the API.
 */
final class JakartaSessions {

	private static final boolean PRESENT = ClassUtils.isPresent("jakarta.websocket.Session",
			JakartaSessions.class.getClassLoader());

	private JakartaSessions() {
	}

	static boolean isJakartaSession(Object nativeSession) {
		return PRESENT && nativeSession instanceof jakarta.websocket.Session;
	}

	static Map<String, Object> userProperties(Object nativeSession) {
		return ((jakarta.websocket.Session) nativeSession).getUserProperties();
	}

	/**
	 * A transport writing through the session's asynchronous remote endpoint: the caller never
	 * waits for the socket, and the container fails a write that takes longer than the timeout.
	 * @param nativeSession the JSR-356 session
	 * @param sendTimeout the container's send timeout
	 * @return the transport
	 */
	static SessionOutbound.Transport asyncTransport(Object nativeSession, Duration sendTimeout) {
		jakarta.websocket.RemoteEndpoint.Async remote = ((jakarta.websocket.Session) nativeSession).getAsyncRemote();
		remote.setSendTimeout(sendTimeout.toMillis());
		return (text, done) -> remote.sendText(text, (result) -> done.accept(result.isOK() ? null : result.getException()));
	}

}
