package dev.pubsub.httppubsub;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.RestController;

/**
 * The endpoints the broadcaster POSTs to: {@code <base-path>/<client>/receive} and
 * {@code <base-path>/<client>/recover} ({@code pubsub.httppubsub.base-path}, default
 * {@code /pubsub/httppubsub}). The body is streamed to the client's checks; the answer is sent once
 * the verified message is queued for the client's listeners, not after they ran, so a slow listener
 * never holds up the broadcaster's fan-out to other subscribers.
 * <p>
 * A body must arrive within the receive timeout ({@code pubsub.httppubsub.receive-timeout}); a
 * slower one is answered with 408 and counted in the client's
 * {@link HttpPubSubInboundMetrics#timedOut()}.
 */
@RestController
public class HttpPubSubReceiveController {

	/** The default receive timeout: 30 seconds. */
	public static final Duration DEFAULT_RECEIVE_TIMEOUT = Duration.ofSeconds(30);

	private final Function<String, @Nullable DefaultHttpPubSubClient> clients;

	private final Duration receiveTimeout;

	/**
	 * Create the controller with the {@linkplain #DEFAULT_RECEIVE_TIMEOUT default receive timeout}.
	 * @param clients looks a client up by name
	 */
	public HttpPubSubReceiveController(Function<String, @Nullable DefaultHttpPubSubClient> clients) {
		this(clients, DEFAULT_RECEIVE_TIMEOUT);
	}

	/**
	 * Create the controller.
	 * @param clients looks a client up by name
	 * @param receiveTimeout how long a request body may take to arrive; a slower one is answered
	 * with 408 and counted
	 */
	public HttpPubSubReceiveController(Function<String, @Nullable DefaultHttpPubSubClient> clients,
			Duration receiveTimeout) {
		Assert.isTrue(receiveTimeout.toMillis() > 0, "receiveTimeout must be positive");
		this.clients = clients;
		this.receiveTimeout = receiveTimeout;
	}

	/**
	 * Receive a notification: at the receive URL for exact topics, with a {@code glob} query
	 * parameter for a glob (each glob is registered under a URL of its own, see
	 * {@link DefaultHttpPubSubClient#receiveUrl(String)}). The parameter is read from the query string
	 * ({@link HttpPubSubReceiveRoutes#globParameter(String)}), not through {@code @RequestParam}, and the answer
	 * is written to the response directly: both are on every message's path, and Spring MVC's argument
	 * resolution and return-value handling cost measurably more there than the few bytes involved.
	 * @param client the client name
	 * @param request the request
	 * @param response the response
	 * @throws IOException if the body cannot be read or the answer not written
	 */
	@PostMapping("${pubsub.httppubsub.base-path:/pubsub/httppubsub}/{client}/receive")
	public void receive(@PathVariable("client") String client, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		DefaultHttpPubSubClient target = this.clients.apply(client);
		if (target == null) {
			response.setStatus(404);
			return;
		}
		write(target.handleReceive(HttpPubSubReceiveRoutes.globParameter(request.getQueryString()),
				request.getHeader("Authorization"), request.getHeader("Repr-Digest"), request.getContentType(),
				new DeadlineInputStream(request.getInputStream(), this.receiveTimeout)), response);
	}

	/**
	 * Receive a missed notice.
	 * @param client the client name
	 * @param request the request
	 * @param response the response
	 * @throws IOException if the body cannot be read or the answer not written
	 */
	@PostMapping("${pubsub.httppubsub.base-path:/pubsub/httppubsub}/{client}/recover")
	public void recover(@PathVariable("client") String client, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		DefaultHttpPubSubClient target = this.clients.apply(client);
		if (target == null) {
			response.setStatus(404);
			return;
		}
		write(target.handleMissed(request.getHeader("Authorization"), request.getContentType(),
				new DeadlineInputStream(request.getInputStream(), this.receiveTimeout)), response);
	}

	private static void write(InboundResponse answer, HttpServletResponse response) throws IOException {
		response.setStatus(answer.status());
		if (answer.status() == 408) {
			// the rest of the body is not worth waiting for: the container closes the connection
			response.setHeader(HttpHeaders.CONNECTION, "close");
			return;
		}
		byte[] body = answer.body();
		response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
		response.setContentLength(body.length);
		if (body.length > 0) {
			response.getOutputStream().write(body);
		}
	}

}
