package dev.pubsub.test.realtime;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Checks every upgrade of {@code /apps/{appId}?access_token=<JWT>}: refuses it with {@code 503} while tests
 * asked for refusals, with {@code 401} for a wrong app id or a token that fails verification; otherwise
 * hands the verified claims to the handler as session attributes.
 */
final class GatewayHandshakeInterceptor implements HandshakeInterceptor {

	static final String PATH_PREFIX = "/apps/";

	private static final Log logger = LogFactory.getLog(GatewayHandshakeInterceptor.class);

	private final String appId;

	private final RealtimeTokenVerifier verifier;

	private final AtomicInteger refusals = new AtomicInteger();

	private volatile HttpStatus refusalStatus = HttpStatus.SERVICE_UNAVAILABLE;

	private final AtomicLong attempts = new AtomicLong();

	private final AtomicLong rejected = new AtomicLong();

	GatewayHandshakeInterceptor(String appId, RealtimeTokenVerifier verifier) {
		this.appId = appId;
		this.verifier = verifier;
	}

	void refuseNext(int count, HttpStatus status) {
		this.refusalStatus = status;
		this.refusals.set(Math.max(0, count));
	}

	long attempts() {
		return this.attempts.get();
	}

	long rejected() {
		return this.rejected.get();
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response,
			WebSocketHandler wsHandler, Map<String, Object> attributes) {
		this.attempts.incrementAndGet();
		if (this.refusals.getAndUpdate((n) -> (n > 0) ? n - 1 : 0) > 0) {
			return refuse(response, this.refusalStatus, "refusal requested by the test");
		}
		String path = request.getURI().getRawPath();
		String requestedAppId = (path != null && path.startsWith(PATH_PREFIX)) ? path.substring(PATH_PREFIX.length())
				: null;
		if (!this.appId.equals(requestedAppId)) {
			return refuse(response, HttpStatus.UNAUTHORIZED, "unknown app id");
		}
		String token = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams().getFirst("access_token");
		try {
			attributes.put(RealtimeGatewayHandler.TOKEN_ATTRIBUTE, this.verifier.verify(token));
		}
		catch (RealtimeTokenVerifier.InvalidTokenException ex) {
			return refuse(response, HttpStatus.UNAUTHORIZED, ex.getMessage());
		}
		attributes.put(RealtimeGatewayHandler.APP_ID_ATTRIBUTE, this.appId);
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
	}

	private boolean refuse(ServerHttpResponse response, HttpStatus status, String reason) {
		this.rejected.incrementAndGet();
		logger.debug("Gateway refused an upgrade with " + status.value() + ": " + reason);
		response.setStatusCode(status);
		return false;
	}

}
