package dev.pubsub.wsrpc.server;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Asks the {@link WsRpcAuthorizer} at the handshake; a refusal answers HTTP 403.
 */
public final class WsRpcHandshakeInterceptor implements HandshakeInterceptor {

	private final WsRpcAuthorizer authorizer;

	/**
	 * Create an interceptor.
	 * @param authorizer the authorizer
	 */
	public WsRpcHandshakeInterceptor(WsRpcAuthorizer authorizer) {
		this.authorizer = authorizer;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) {
		if (!this.authorizer.authorizeConnection(request.getHeaders(), request.getPrincipal())) {
			response.setStatusCode(HttpStatus.FORBIDDEN);
			return false;
		}
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
	}

}
