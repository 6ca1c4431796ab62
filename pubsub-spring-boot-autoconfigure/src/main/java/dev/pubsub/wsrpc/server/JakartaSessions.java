package dev.pubsub.wsrpc.server;

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

}
