package dev.pubsub.test.httppubsub;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.pubsub.core.PubSubProtocolException;
import dev.pubsub.httppubsub.HttpPubSubProtocol;

/**
 * The embedded broadcaster's stateless endpoints ({@code POST /v1/...}) on its Tomcat, mapped to each
 * endpoint's exact path: 405 for another method, 413 for a body over 64 MiB, 400 for a body that does
 * not parse, otherwise the answer of {@link BroadcasterRequests}.
 */
final class BroadcasterHttpServlet extends HttpServlet {

	/** The paths this servlet is mapped to. */
	static final List<String> PATHS = List.of(HttpPubSubProtocol.SUBSCRIBE_EXACT, HttpPubSubProtocol.SUBSCRIBE_GLOB,
			HttpPubSubProtocol.UNSUBSCRIBE_EXACT, HttpPubSubProtocol.UNSUBSCRIBE_GLOB,
			HttpPubSubProtocol.CHECK_SUBSCRIPTIONS, HttpPubSubProtocol.SET_SUBSCRIPTIONS, HttpPubSubProtocol.NOTIFY);

	private static final long serialVersionUID = 1L;

	private static final int MAX_BODY = 64 * 1024 * 1024;

	private final transient BroadcasterRequests requests;

	BroadcasterHttpServlet(BroadcasterRequests requests) {
		this.requests = requests;
	}

	@Override
	protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (!"POST".equals(request.getMethod())) {
			respond(response, 405, new byte[0]);
			return;
		}
		byte[] body;
		try (InputStream in = request.getInputStream()) {
			body = in.readNBytes(MAX_BODY + 1);
		}
		if (body.length > MAX_BODY) {
			respond(response, 413, new byte[0]);
			return;
		}
		String authorization = request.getHeader("Authorization");
		BroadcasterRequests.Answer answer;
		try {
			answer = switch (request.getRequestURI()) {
				case HttpPubSubProtocol.SUBSCRIBE_EXACT -> this.requests.subscribe(body, authorization, false);
				case HttpPubSubProtocol.SUBSCRIBE_GLOB -> this.requests.subscribe(body, authorization, true);
				case HttpPubSubProtocol.UNSUBSCRIBE_EXACT -> this.requests.unsubscribe(body, authorization, false);
				case HttpPubSubProtocol.UNSUBSCRIBE_GLOB -> this.requests.unsubscribe(body, authorization, true);
				case HttpPubSubProtocol.CHECK_SUBSCRIPTIONS -> this.requests.check(body, authorization);
				case HttpPubSubProtocol.SET_SUBSCRIPTIONS -> this.requests.set(body, authorization);
				case HttpPubSubProtocol.NOTIFY -> this.requests.notify(body, authorization);
				default -> new BroadcasterRequests.Answer(404, new byte[0]);
			};
		}
		catch (PubSubProtocolException | IllegalArgumentException ex) {
			answer = new BroadcasterRequests.Answer(400, new byte[0]);
		}
		respond(response, answer.status(), answer.body());
	}

	private static void respond(HttpServletResponse response, int status, byte[] body) throws IOException {
		response.setStatus(status);
		response.setContentType(HttpPubSubProtocol.CONTENT_TYPE);
		response.setContentLength(body.length);
		if (body.length > 0) {
			response.getOutputStream().write(body);
		}
	}

}
