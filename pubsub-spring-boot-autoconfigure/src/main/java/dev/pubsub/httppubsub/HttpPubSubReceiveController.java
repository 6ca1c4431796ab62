package dev.pubsub.httppubsub;

import java.io.IOException;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The endpoints the broadcaster POSTs to: {@code <base-path>/<client>/receive} and
 * {@code <base-path>/<client>/recover} ({@code pubsub.httppubsub.base-path}, default
 * {@code /pubsub/httppubsub}). The body is streamed to the client's checks; the answer is sent once
 * the verified message is queued for the client's listeners, not after they ran, so a slow listener
 * never holds up the broadcaster's fan-out to other subscribers.
 */
@RestController
public class HttpPubSubReceiveController {

	private final Function<String, @Nullable DefaultHttpPubSubClient> clients;

	/**
	 * Create the controller.
	 * @param clients looks a client up by name
	 */
	public HttpPubSubReceiveController(Function<String, @Nullable DefaultHttpPubSubClient> clients) {
		this.clients = clients;
	}

	/**
	 * Receive a notification.
	 * @param client the client name
	 * @param request the request
	 * @return the protocol answer
	 * @throws IOException if the body cannot be read
	 */
	@PostMapping("${pubsub.httppubsub.base-path:/pubsub/httppubsub}/{client}/receive")
	public ResponseEntity<byte[]> receive(@PathVariable("client") String client, HttpServletRequest request)
			throws IOException {
		DefaultHttpPubSubClient target = this.clients.apply(client);
		if (target == null) {
			return ResponseEntity.notFound().build();
		}
		return toEntity(target.handleReceive(request.getHeader("Authorization"), request.getHeader("Repr-Digest"),
				request.getContentType(), request.getInputStream()));
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
				request.getInputStream()));
	}

	private static ResponseEntity<byte[]> toEntity(InboundResponse response) {
		return ResponseEntity.status(response.status())
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.body(response.body());
	}

}
