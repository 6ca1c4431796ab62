package dev.pubsub.wsrpc.server;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * What an endpoint knows about one connected session, for authorisation and session listeners.
 *
 * @param channelId the server's channel id of the session (its subscriber id)
 * @param handshakeHeaders the HTTP headers of the WebSocket handshake
 * @param principal the authenticated user, if any
 * @param remoteAddress the peer address, if known
 * @param attributes the handshake attributes (writable by a {@code HandshakeInterceptor})
 */
public record WsRpcSessionInfo(String channelId, HttpHeaders handshakeHeaders, @Nullable Principal principal,
		@Nullable InetSocketAddress remoteAddress, Map<String, Object> attributes) {
}
