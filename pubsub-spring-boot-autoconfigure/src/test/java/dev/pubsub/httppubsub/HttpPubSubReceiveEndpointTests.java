package dev.pubsub.httppubsub;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.interop.InteropPeers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The receive and recover endpoints attacked directly: each bad request is refused with the
 * protocol's status, counted, and never reaches a listener; a correct one is delivered once.
 */
class HttpPubSubReceiveEndpointTests {

	private static final String SECRET = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]);

	private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private static ConfigurableApplicationContext context;

	private static int port;

	private static DefaultHttpPubSubClient hmac;

	private static DefaultHttpPubSubClient token;

	private static final List<PubSubMessage> received = new CopyOnWriteArrayList<>();

	private final HttpPubSubAuth signer = HttpPubSubAuth.hmac(SECRET);

	@BeforeAll
	static void startApp() {
		port = InteropPeers.freePort();
		context = new SpringApplicationBuilder(App.class).properties("server.port=" + port,
				"server.address=127.0.0.1", "pubsub.clients.secure.type=httppubsub",
				"pubsub.clients.secure.auto-connect=false",
				"pubsub.clients.secure.httppubsub.callback-base-url=http://127.0.0.1:" + port,
				"pubsub.clients.secure.httppubsub.url-fragment=p1",
				"pubsub.clients.secure.httppubsub.max-message-size=1KB",
				"pubsub.clients.secure.httppubsub.to-broadcaster.type=hmac",
				"pubsub.clients.secure.httppubsub.to-broadcaster.secret=" + SECRET,
				"pubsub.clients.secure.httppubsub.to-subscriber.type=hmac",
				"pubsub.clients.secure.httppubsub.to-subscriber.secret=" + SECRET,
				"pubsub.clients.tokened.type=httppubsub", "pubsub.clients.tokened.auto-connect=false",
				"pubsub.clients.tokened.httppubsub.callback-base-url=http://127.0.0.1:" + port,
				"pubsub.clients.tokened.httppubsub.to-subscriber.type=token",
				"pubsub.clients.tokened.httppubsub.to-subscriber.secret=tok")
			.run();
		hmac = context.getBean("secure", DefaultHttpPubSubClient.class);
		token = context.getBean("tokened", DefaultHttpPubSubClient.class);
		hmac.subscribe("orders/*", received::add);
		token.subscribe("orders/*", received::add);
	}

	@AfterAll
	static void stopApp() {
		context.close();
	}

	@BeforeEach
	void clear() {
		received.clear();
	}

	@Test
	void correctRequestIsDeliveredOnceAndConfirmed() throws Exception {
		Request request = receive("orders/1", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
		HttpResponse<byte[]> response = send(request.toHttp(signedReceive(request, System.currentTimeMillis() / 1000)));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(HexFormat.of().formatHex(response.body())).startsWith("0008");
		await().until(() -> received.size() == 1);
		// a quiet period: a second delivery of the same request (retried or dispatched twice) shows up here
		await().during(java.time.Duration.ofSeconds(1)).atMost(java.time.Duration.ofSeconds(5))
			.until(() -> received.size() == 1);
		assertThat(received.get(0).topic()).isEqualTo("orders/1");
		assertThat(received.get(0).asString()).isEqualTo("{\"a\":1}");
		assertThat(received.get(0).headers().get(dev.pubsub.core.PubSubHeaders.MESSAGE_ID))
			.isEqualTo(HexFormat.of().formatHex(request.identifier()));
		assertThat(hmac.receiveUrl()).endsWith("/pubsub/httppubsub/secure/receive#p1");
	}

	@Test
	void refusesMissingWrongStaleAndReplayedHmac() throws Exception {
		long before = hmac.inboundMetrics().refused();
		Request request = receive("orders/2", new byte[] { 1, 2 });
		assertThat(send(request.toHttp(null)).statusCode()).isEqualTo(401);
		String wrong = HttpPubSubAuth.hmac(Base64.getUrlEncoder().encodeToString(new byte[64]).replace('A', 'B'))
			.authorize(AuthMessageType.RECEIVE, new byte[0],
					HttpPubSubProtocol.signReceive(hmac.receiveUrl(), request.topic, request.identifier, request.sha));
		assertThat(send(request.toHttp(wrong)).statusCode()).isEqualTo(403);
		long now = System.currentTimeMillis() / 1000;
		assertThat(send(request.toHttp(signedReceive(request, now - 121))).statusCode()).isEqualTo(403);
		String good = signedReceive(request, now);
		assertThat(send(request.toHttp(good)).statusCode()).isEqualTo(200);
		assertThat(send(request.toHttp(good)).statusCode()).isEqualTo(403);
		await().until(() -> received.size() == 1);
		assertThat(hmac.inboundMetrics().refused() - before).isEqualTo(4);
		assertThat(hmac.inboundMetrics().unauthorized()).isPositive();
	}

	@Test
	void refusesBadDigestOversizedMalformedAndWrongContentType() throws Exception {
		long before = hmac.inboundMetrics().refused();
		long now = System.currentTimeMillis() / 1000;
		Request tampered = receive("orders/3", new byte[] { 1, 2, 3 });
		String auth = signedReceive(tampered, now);
		tampered.message[0] = 9;
		assertThat(send(tampered.toHttp(auth)).statusCode()).isEqualTo(400);

		Request large = receive("orders/4", new byte[2048]);
		assertThat(send(large.toHttp(signedReceive(large, now))).statusCode()).isEqualTo(413);

		HttpRequest malformed = HttpRequest.newBuilder(URI.create(endpoint("secure", "receive")))
			.header("Content-Type", HttpPubSubProtocol.CONTENT_TYPE)
			.POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] { 0, 5, 1 }))
			.build();
		assertThat(send(malformed).statusCode()).isEqualTo(400);

		Request text = receive("orders/5", new byte[] { 1 });
		HttpRequest wrongType = HttpRequest.newBuilder(URI.create(endpoint("secure", "receive")))
			.header("Content-Type", "text/plain")
			.header("Authorization", signedReceive(text, now))
			.header("Repr-Digest", "sha-512=" + Base64.getEncoder().encodeToString(text.sha))
			.POST(HttpRequest.BodyPublishers.ofByteArray(text.body()))
			.build();
		assertThat(send(wrongType).statusCode()).isEqualTo(415);
		assertThat(hmac.inboundMetrics().refused() - before).isEqualTo(4);
		assertThat(received).isEmpty();
	}

	@Test
	void tokenMode() throws Exception {
		Request request = receive("orders/6", new byte[] { 6 });
		String url = endpoint("tokened", "receive");
		assertThat(send(request.toHttp(url, null)).statusCode()).isEqualTo(401);
		assertThat(send(request.toHttp(url, "Bearer nope")).statusCode()).isEqualTo(403);
		assertThat(send(request.toHttp(url, "Bearer tok")).statusCode()).isEqualTo(200);
		await().until(() -> received.size() == 1);
	}

	@Test
	void unwantedTopicAsksTheBroadcasterToUnsubscribe() throws Exception {
		Request request = receive("other/1", new byte[] { 1 });
		HttpResponse<byte[]> response = send(request.toHttp(signedReceive(request, System.currentTimeMillis() / 1000)));
		assertThat(HexFormat.of().formatHex(response.body())).isEqualTo("000a");
		assertThat(received).isEmpty();
	}

	/**
	 * A glob's copies come to the glob's own URL (the receive URL with a {@code glob} query parameter), signed
	 * for that URL; a copy for a glob the client does not hold asks the broadcaster to unsubscribe it.
	 */
	@Test
	void aGlobCopyIsVerifiedAgainstItsOwnUrlAndAnUnknownGlobIsUnsubscribed() throws Exception {
		String globUrl = hmac.receiveUrl("orders/*");
		assertThat(globUrl).endsWith("/pubsub/httppubsub/secure/receive?glob=" + HttpPubSubReceiveRoutes.globId("orders/*")
				+ "#p1");
		String target = globUrl.substring(0, globUrl.indexOf('#'));
		long now = System.currentTimeMillis() / 1000;
		Request signedForReceiveUrl = receive("orders/5", new byte[] { 5 });
		assertThat(send(signedForReceiveUrl.toHttp(target, signedReceive(signedForReceiveUrl, now))).statusCode())
			.isEqualTo(403);
		Request request = receive("orders/5", new byte[] { 6 });
		HttpResponse<byte[]> response = send(request.toHttp(target, signedReceive(globUrl, request, now)));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(HexFormat.of().formatHex(response.body())).startsWith("0008");
		await().until(() -> received.size() == 1);
		assertThat(received.get(0).asBytes()).containsExactly(6);

		String unknownUrl = hmac.receiveUrl("invoices/*");
		Request unknown = receive("invoices/1", new byte[] { 7 });
		HttpResponse<byte[]> unsubscribe = send(
				unknown.toHttp(unknownUrl.substring(0, unknownUrl.indexOf('#')), signedReceive(unknownUrl, unknown, now)));
		assertThat(HexFormat.of().formatHex(unsubscribe.body())).isEqualTo("000a");
		assertThat(send(request.toHttp(endpoint("secure", "receive") + "?glob=not-an-id", null)).statusCode())
			.isEqualTo(404);
		assertThat(received).hasSize(1);
	}

	@Test
	void missedNoticeIsConfirmedAndPublished() throws Exception {
		List<HttpPubSubMissedEvent> missed = new CopyOnWriteArrayList<>();
		hmac.addMissedListener(missed::add);
		byte[] topic = "orders/7".getBytes(StandardCharsets.UTF_8);
		String recovery = hmac.receiveUrl().replace("/receive#", "/recover#");
		byte[] body = new WireWriter().str16(new byte[0]).str16(topic).toByteArray();
		String auth = this.signer.authorize(AuthMessageType.MISSED, new byte[0], HttpPubSubProtocol.signMissed(recovery, topic));
		HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint("secure", "recover")))
			.header("Content-Type", HttpPubSubProtocol.CONTENT_TYPE)
			.header("Authorization", auth)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		HttpResponse<byte[]> response = send(request);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(HexFormat.of().formatHex(response.body())).startsWith("0009");
		await().until(() -> missed.size() == 1);
		assertThat(missed.get(0).topic()).isEqualTo("orders/7");
		assertThat(send(request).statusCode()).isEqualTo(403);
	}

	@Test
	void recoverRefusesMissingAndWrongAuthWrongContentTypeMalformedBodiesAndUnknownClients() throws Exception {
		List<HttpPubSubMissedEvent> missed = new CopyOnWriteArrayList<>();
		hmac.addMissedListener(missed::add);
		long before = hmac.inboundMetrics().refused();
		byte[] topic = "orders/8".getBytes(StandardCharsets.UTF_8);
		String recovery = hmac.receiveUrl().replace("/receive#", "/recover#");
		byte[] body = new WireWriter().str16(new byte[0]).str16(topic).toByteArray();
		String auth = this.signer.authorize(AuthMessageType.MISSED, new byte[0], HttpPubSubProtocol.signMissed(recovery, topic));
		assertThat(send(recover("secure", null, HttpPubSubProtocol.CONTENT_TYPE, body)).statusCode()).isEqualTo(401);
		String wrong = HttpPubSubAuth.hmac(Base64.getUrlEncoder().encodeToString(new byte[64]).replace('A', 'B'))
			.authorize(AuthMessageType.MISSED, new byte[0], HttpPubSubProtocol.signMissed(recovery, topic));
		assertThat(send(recover("secure", wrong, HttpPubSubProtocol.CONTENT_TYPE, body)).statusCode()).isEqualTo(403);
		assertThat(send(recover("secure", auth, "text/plain", body)).statusCode()).isEqualTo(415);
		String truncated = this.signer.authorize(AuthMessageType.MISSED, new byte[0],
				HttpPubSubProtocol.signMissed(recovery, topic));
		assertThat(send(recover("secure", truncated, HttpPubSubProtocol.CONTENT_TYPE, new byte[] { 0, 0, 0, 9, 1 }))
			.statusCode()).isEqualTo(400);
		assertThat(send(recover("nobody", auth, HttpPubSubProtocol.CONTENT_TYPE, body)).statusCode()).isEqualTo(404);
		// and the good one goes through after all of them, exactly once
		HttpResponse<byte[]> ok = send(recover("secure", auth, HttpPubSubProtocol.CONTENT_TYPE, body));
		assertThat(ok.statusCode()).isEqualTo(200);
		await().until(() -> missed.size() == 1);
		await().during(java.time.Duration.ofMillis(500)).atMost(java.time.Duration.ofSeconds(5))
			.until(() -> missed.size() == 1);
		assertThat(missed.get(0).topic()).isEqualTo("orders/8");
		assertThat(hmac.inboundMetrics().refused() - before).isGreaterThanOrEqualTo(4);
	}

	@Test
	void theTracingFieldBecomesTheTracingHeaderAndIsCoveredByTheSignature() throws Exception {
		String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
		byte[] tracing = ("{\"traceparent\":\"" + traceparent + "\"}").getBytes(StandardCharsets.UTF_8);
		Request request = receive("orders/traced", "{\"t\":1}".getBytes(StandardCharsets.UTF_8), tracing);
		long now = System.currentTimeMillis() / 1000;
		// signed over an empty tracing field, sent with a non-empty one: refused, nothing delivered
		assertThat(send(request.toHttp(signedReceive(request, now, new byte[0]))).statusCode()).isEqualTo(403);
		HttpResponse<byte[]> response = send(request.toHttp(signedReceive(request, now)));
		assertThat(response.statusCode()).isEqualTo(200);
		await().until(() -> received.size() == 1);
		assertThat(received.get(0).asString()).isEqualTo("{\"t\":1}");
		assertThat(received.get(0).headers().get(PubSubHeaders.TRACING))
			.isEqualTo(Map.of("traceparent", traceparent));
	}

	@Test
	void aTracingFieldOfAnotherFormIsDeliveredWithoutPropagationFields() throws Exception {
		// what lonelypss's own tracer puts in the field: a flag, a count, binary traces
		Request request = receive("orders/opaque", new byte[] { 42 }, new byte[] { 0, 0, 1, 0, 5, 'x' });
		HttpResponse<byte[]> response = send(request.toHttp(signedReceive(request, System.currentTimeMillis() / 1000)));
		assertThat(response.statusCode()).isEqualTo(200);
		await().until(() -> received.size() == 1);
		assertThat(received.get(0).asBytes()).containsExactly(42);
		assertThat(received.get(0).headers().get(PubSubHeaders.TRACING)).isNull();
	}

	@Test
	void recoverRefusesTrailingBytesAndBadTokens() throws Exception {
		List<HttpPubSubMissedEvent> missed = new CopyOnWriteArrayList<>();
		hmac.addMissedListener(missed::add);
		token.addMissedListener(missed::add);
		byte[] topic = "orders/10".getBytes(StandardCharsets.UTF_8);
		String recovery = hmac.receiveUrl().replace("/receive#", "/recover#");
		byte[] body = new WireWriter().str16(new byte[0]).str16(topic).toByteArray();
		byte[] trailing = new WireWriter().str16(new byte[0]).str16(topic).u8(0).toByteArray();
		String auth = this.signer.authorize(AuthMessageType.MISSED, new byte[0], HttpPubSubProtocol.signMissed(recovery, topic));
		assertThat(send(recover("secure", auth, HttpPubSubProtocol.CONTENT_TYPE, trailing)).statusCode()).isEqualTo(400);
		assertThat(send(recover("tokened", null, HttpPubSubProtocol.CONTENT_TYPE, body)).statusCode()).isEqualTo(401);
		assertThat(send(recover("tokened", "Bearer nope", HttpPubSubProtocol.CONTENT_TYPE, body)).statusCode())
			.isEqualTo(403);
		// a body longer than any valid notice (two full str16 fields): only that much is read, then refused
		byte[] oversized = new byte[4 + 2 * HttpPubSubProtocol.MAX_TOPIC_LENGTH + 64 * 1024];
		assertThat(send(recover("tokened", "Bearer tok", HttpPubSubProtocol.CONTENT_TYPE, oversized)).statusCode())
			.isEqualTo(400);
		// the refused ones reached no listener; the good one does, exactly once
		assertThat(send(recover("tokened", "Bearer tok", HttpPubSubProtocol.CONTENT_TYPE, body)).statusCode())
			.isEqualTo(200);
		await().until(() -> missed.size() == 1);
		await().during(java.time.Duration.ofMillis(500)).atMost(java.time.Duration.ofSeconds(5))
			.until(() -> missed.size() == 1);
		assertThat(missed.get(0).clientName()).isEqualTo("tokened");
		assertThat(missed.get(0).topic()).isEqualTo("orders/10");
	}

	private static HttpRequest recover(String client, String authorization, String contentType, byte[] body) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(endpoint(client, "recover")))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (authorization != null) {
			builder.header("Authorization", authorization);
		}
		return builder.build();
	}

	private String signedReceive(Request request, long timestamp) {
		return signedReceive(request, timestamp, request.tracing());
	}

	private String signedReceive(Request request, long timestamp, byte[] signedTracing) {
		return this.signer.authorizeHmac(AuthMessageType.RECEIVE, timestamp, nonce(), signedTracing,
				HttpPubSubProtocol.signReceive(hmac.receiveUrl(), request.topic, request.identifier, request.sha));
	}

	private String signedReceive(String url, Request request, long timestamp) {
		return this.signer.authorizeHmac(AuthMessageType.RECEIVE, timestamp, nonce(), request.tracing(),
				HttpPubSubProtocol.signReceive(url, request.topic, request.identifier, request.sha));
	}

	private static String nonce() {
		return Long.toString(System.nanoTime() % 2_000_000_000L, 36);
	}

	private static String endpoint(String client, String kind) {
		return "http://127.0.0.1:" + port + "/pubsub/httppubsub/" + client + "/" + kind;
	}

	private static HttpResponse<byte[]> send(HttpRequest request) throws Exception {
		return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
	}

	private static Request receive(String topic, byte[] message) {
		return receive(topic, message, new byte[0]);
	}

	private static Request receive(String topic, byte[] message, byte[] tracing) {
		byte[] identifier = new byte[8];
		new java.security.SecureRandom().nextBytes(identifier);
		return new Request(tracing, topic.getBytes(StandardCharsets.UTF_8), identifier, message.clone(),
				HttpPubSubProtocol.sha512(message));
	}

	private record Request(byte[] tracing, byte[] topic, byte[] identifier, byte[] message, byte[] sha) {

		byte[] body() {
			return new WireWriter().str16(this.tracing)
				.str16(this.topic)
				.str8(this.identifier)
				.u64(this.message.length)
				.bytes(this.message)
				.toByteArray();
		}

		HttpRequest toHttp(String authorization) {
			return toHttp(endpoint("secure", "receive"), authorization);
		}

		HttpRequest toHttp(String url, String authorization) {
			HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
				.header("Content-Type", HttpPubSubProtocol.CONTENT_TYPE)
				.header("Repr-Digest", "sha-512=" + Base64.getEncoder().encodeToString(this.sha))
				.POST(HttpRequest.BodyPublishers.ofByteArray(body()));
			if (authorization != null) {
				builder.header("Authorization", authorization);
			}
			return builder.build();
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
