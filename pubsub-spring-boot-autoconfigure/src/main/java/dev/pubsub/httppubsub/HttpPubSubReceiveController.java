package dev.pubsub.httppubsub;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
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
	 * {@link DefaultHttpPubSubClient#receiveUrl(String)}).
	 * @param client the client name
	 * @param glob the {@code glob} query parameter, if any
	 * @param request the request
	 * @return the protocol answer
	 * @throws IOException if the body cannot be read
	 */
	@PostMapping("${pubsub.httppubsub.base-path:/pubsub/httppubsub}/{client}/receive")
	public ResponseEntity<byte[]> receive(@PathVariable("client") String client,
			@RequestParam(name = HttpPubSubReceiveRoutes.GLOB_PARAMETER, required = false) @Nullable String glob,
			HttpServletRequest request) throws IOException {
		DefaultHttpPubSubClient target = this.clients.apply(client);
		if (target == null) {
			return ResponseEntity.notFound().build();
		}
		return toEntity(target.handleReceive(glob, request.getHeader("Authorization"), request.getHeader("Repr-Digest"),
				request.getContentType(), new DeadlineInputStream(request.getInputStream(), this.receiveTimeout)));
	}

	/**
	 * Receive a missed notice.
	 * @param client the client name
	 * @param request the request
	 * @return the protocol answer
	 * @throws IOException if the body cannot be read
	 */
	@PostMapping("${pubsub.httppubsub.base-path:/pubsub/httppubsub}/{client}/recover")
	public ResponseEntity<byte[]> recover(@PathVariable("client") String client, HttpServletRequest request)
			throws IOException {
		DefaultHttpPubSubClient target = this.clients.apply(client);
		if (target == null) {
			return ResponseEntity.notFound().build();
		}
		return toEntity(target.handleMissed(request.getHeader("Authorization"), request.getContentType(),
				new DeadlineInputStream(request.getInputStream(), this.receiveTimeout)));
	}

	private static ResponseEntity<byte[]> toEntity(InboundResponse response) {
		if (response.status() == 408) {
			// the rest of the body is not worth waiting for: the container closes the connection
			return ResponseEntity.status(408).header(HttpHeaders.CONNECTION, "close").build();
		}
		return ResponseEntity.status(response.status())
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.body(response.body());
	}

}
