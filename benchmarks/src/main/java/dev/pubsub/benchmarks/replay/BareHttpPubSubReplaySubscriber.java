package dev.pubsub.benchmarks.replay;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.pubsub.httppubsub.AuthMessageType;
import dev.pubsub.httppubsub.AuthResult;
import dev.pubsub.httppubsub.HttpPubSubAuth;
import dev.pubsub.httppubsub.HttpPubSubProtocol;
import dev.pubsub.httppubsub.WireReader;

/**
 * The floor for httppubsub: a bare Spring MVC {@code @PostMapping} on the same Tomcat that does what
 * any receiver must (SHA-512 and HMAC check, Jackson parse of the message, a signed
 * CONFIRM_RECEIVE), without our client, dispatcher or listener machinery. It registers its URL
 * with {@code subscribe/exact}.
 */
final class BareHttpPubSubReplaySubscriber implements AutoCloseable {

	static final String PATH = "/bare/receive";

	private final ConfigurableApplicationContext context;

	private BareHttpPubSubReplaySubscriber(ConfigurableApplicationContext context) {
		this.context = context;
	}

	static BareHttpPubSubReplaySubscriber start(int loadPort, int port) throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ReplayApplication.class, Endpoint.class)
			.web(WebApplicationType.SERVLET)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run("--logging.level.root=WARN", "--server.address=127.0.0.1", "--server.tomcat.max-keep-alive-requests=-1", "--server.port=" + port);
		String url = "http://127.0.0.1:" + port + PATH;
		context.getBean(Endpoint.class).url = url;
		HttpPubSubAuth auth = HttpPubSubAuth.hmac(ReplayTopics.HTTPPUBSUB_SECRET);
		byte[] topic = ReplayTopics.TOPIC.getBytes(StandardCharsets.UTF_8);
		byte[] tracing = new byte[0];
		byte[] body = HttpPubSubProtocol.subscribe(url, topic, null, tracing);
		HttpResponse<byte[]> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + loadPort + HttpPubSubProtocol.SUBSCRIBE_EXACT))
				.header("Content-Type", "application/octet-stream")
				.header("Authorization", auth.authorize(AuthMessageType.SUBSCRIBE_EXACT, tracing,
						HttpPubSubProtocol.signSubscribe(url, null, topic)))
				.POST(HttpRequest.BodyPublishers.ofByteArray(body))
				.build(), HttpResponse.BodyHandlers.ofByteArray());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("subscribe/exact answered " + response.statusCode());
		}
		return new BareHttpPubSubReplaySubscriber(context);
	}

	@Override
	public void close() {
		this.context.close();
	}

	/** The bare receive endpoint. */
	@RestController
	static class Endpoint {

		private final HttpPubSubAuth auth = HttpPubSubAuth.hmac(ReplayTopics.HTTPPUBSUB_SECRET);

		private final JsonMapper jsonMapper = JsonMapper.builder().build();

		volatile String url = "";

		@PostMapping(PATH)
		ResponseEntity<byte[]> receive(HttpServletRequest request, @RequestBody byte[] body) {
			WireReader reader = new WireReader(body);
			HttpPubSubProtocol.ReceiveHeader header = HttpPubSubProtocol.parseReceiveHeader(reader);
			byte[] message = reader.bytes((int) header.length(), "message");
			byte[] sha512 = HttpPubSubProtocol.sha512(message);
			byte[] declared = HttpPubSubProtocol.parseReprDigest(request.getHeader("Repr-Digest"));
			AuthResult result = this.auth.verify(request.getHeader("Authorization"), AuthMessageType.RECEIVE,
					header.tracing(), HttpPubSubProtocol.signReceive(this.url, header.topic(), header.identifier(), sha512));
			if (declared == null || !MessageDigest.isEqual(declared, sha512) || result != AuthResult.OK) {
				return ResponseEntity.status(403).body(HttpPubSubProtocol.unsubscribeImmediate());
			}
			JsonNode payload = this.jsonMapper.readTree(message);
			payload.get("seq").asLong();
			ReplayMeter.current().hit(payload.get("sentNanos").asLong());
			String authorization = this.auth.authorize(AuthMessageType.CONFIRM_RECEIVE, header.tracing(),
					HttpPubSubProtocol.signConfirmReceive(header.identifier(), 1, this.url));
			return ResponseEntity.ok(HttpPubSubProtocol.confirmReceive(authorization, header.tracing(),
					header.identifier(), 1));
		}

	}

}
