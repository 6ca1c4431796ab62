package dev.pubsub.wsrpc.server;

import java.security.Principal;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Per-connection authorisation of a {@link WsRpcEndpointHandler}: who may connect (at the
 * handshake, from headers or the principal), and which topics a session may subscribe to or
 * publish on (the Python endpoint's channel restrictions). Every method allows by default.
 * <p>
 * A refused handshake answers HTTP 403, which the Python client does not retry. A refused
 * {@code subscribe} or {@code publish} answers {@code false}.
 */
public interface WsRpcAuthorizer {

	/** Allows everything. */
	WsRpcAuthorizer ALLOW_ALL = new WsRpcAuthorizer() {
	};

	/**
	 * Decide at the handshake whether a connection is accepted.
	 * @param headers the handshake headers
	 * @param principal the authenticated user, if any
	 * @return {@code true} to accept
	 */
	default boolean authorizeConnection(HttpHeaders headers, @Nullable Principal principal) {
		return true;
	}

	/**
	 * Decide whether a session may subscribe to topics.
	 * @param session the session
	 * @param topics the topics
	 * @return {@code true} to allow
	 */
	default boolean authorizeSubscribe(WsRpcSessionInfo session, List<String> topics) {
		return true;
	}

	/**
	 * Decide whether a session may publish to topics.
	 * @param session the session
	 * @param topics the topics
	 * @return {@code true} to allow
	 */
	default boolean authorizePublish(WsRpcSessionInfo session, List<String> topics) {
		return true;
	}

}
