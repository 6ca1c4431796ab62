package dev.pubsub.wsrpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import dev.pubsub.wsrpc.WsRpcTestClients.Inbox;
import dev.pubsub.wsrpc.server.WsRpcPublisher;
import dev.pubsub.wsrpc.server.WsRpcServerMetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bad input on the Spring-hosted endpoint: clear error results or counted disconnects, and other
 * sessions unaffected.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WsRpcEndpointBadInputTests {

	private EndpointServer server;

	private final List<AutoCloseable> resources = new ArrayList<>();

	@BeforeAll
	void start() {
		this.server = EndpointServer.start("pubsub.wsrpc.server.max-subscriptions-per-session=500",
				"pubsub.wsrpc.server.send-time-limit=2s", "pubsub.wsrpc.server.send-buffer-size-limit=1MB");
	}

	@AfterAll
	void stop() {
		this.server.close();
	}

	@AfterEach
	void cleanUp() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
		this.resources.clear();
	}

	private WsRpcServerMetrics metrics() {
		return this.server.handler().metrics();
	}

	private RawSession raw() throws Exception {
		WebSocketContainer container = ContainerProvider.getWebSocketContainer();
		container.setDefaultMaxTextMessageBufferSize(16 * 1024 * 1024);
		RawSession raw = new RawSession();
		new StandardWebSocketClient(container).execute(raw, null, URI.create(this.server.url()))
			.get(10, TimeUnit.SECONDS);
		this.resources.add(raw);
		return raw;
	}

	@Test
	void nonJsonAndNonEnvelopeFramesAreSkippedAndCounted() throws Exception {
		RawSession raw = raw();
		long before = metrics().malformedFrames();
		raw.send("this is not json");
		raw.send("{\"request\": null, \"response\": null}");
		raw.send("[1,2,3]");
		JsonNode pong = raw.call("ping", "{}");
		assertThat(pong.path("result").asString()).isEqualTo("pong");
		assertThat(pong.path("result_type").asString()).isEqualTo("str");
		assertThat(metrics().malformedFrames() - before).isEqualTo(3);
		assertThat(raw.session.isOpen()).isTrue();
	}

	@Test
	void refusedSubscribeAnswersFalseSubscribesNothingAndKeepsTheSession() throws Exception {
		RawSession raw = raw();
		RawSession publisher = raw();
		long refused = metrics().refusedRequests();
		// the whole request is refused when one of its topics is: neither topic is subscribed
		JsonNode answer = raw.call("subscribe", "{\"topics\": [\"allowed-sub\", \"forbidden-sub\"]}");
		assertThat(answer.path("result_type").asString()).isEqualTo("bool");
		assertThat(answer.path("result").asBoolean(true)).isFalse();
		assertThat(metrics().refusedRequests() - refused).isEqualTo(1);
		assertThat(this.server.handler().notifier().subscriberCount("forbidden-sub")).isZero();
		assertThat(this.server.handler().notifier().subscriberCount("allowed-sub")).isZero();
		// the session stays usable: an allowed subscribe is confirmed and delivered to
		JsonNode allowed = raw.call("subscribe", "{\"topics\": [\"allowed-sub\"]}");
		assertThat(allowed.path("result").asBoolean(false)).isTrue();
		assertThat(publisher.call("publish", "{\"topics\": [\"forbidden-sub\"], \"data\": 1, \"sync\": true}")
			.path("result").asBoolean(false)).isTrue();
		assertThat(publisher.call("publish", "{\"topics\": [\"allowed-sub\"], \"data\": 2, \"sync\": false}")
			.path("result").asBoolean(false)).isTrue();
		JsonNode notification = raw.next();
		assertThat(notification.path("request").path("method").asString()).isEqualTo("notify");
		assertThat(notification.path("request").path("arguments").path("subscription").path("topic").asString())
			.isEqualTo("allowed-sub");
		assertThat(notification.path("request").path("arguments").path("data").asInt()).isEqualTo(2);
		assertThat(raw.session.isOpen()).isTrue();
	}

	@Test
	void binaryFrameClosesThatSessionWith1003() throws Exception {
		RawSession healthy = raw();
		RawSession binary = raw();
		binary.session.sendMessage(new org.springframework.web.socket.BinaryMessage(new byte[] { 1, 2, 3 }));
		await().until(() -> binary.closeStatus != null);
		assertThat(binary.closeStatus.getCode()).isEqualTo(CloseStatus.NOT_ACCEPTABLE.getCode());
		assertThat(healthy.call("ping", "{}").path("result").asString()).isEqualTo("pong");
	}

	@Test
	void unknownMethodAndWrongArgumentsGetErrorResults() throws Exception {
		RawSession raw = raw();
		long before = metrics().failedRequests();
		JsonNode unknown = raw.call("no_such_method", "{}");
		assertThat(unknown.path("result_type").asString()).isEqualTo("error");
		assertThat(unknown.path("result").asString()).contains("Unknown method 'no_such_method'");
		JsonNode stringTopics = raw.call("subscribe", "{\"topics\": \"abc\"}");
		assertThat(stringTopics.path("result").asString()).contains("'topics' must be a list of strings");
		JsonNode numberTopics = raw.call("subscribe", "{\"topics\": [1, 2]}");
		assertThat(numberTopics.path("result_type").asString()).isEqualTo("error");
		JsonNode badKwarg = raw.call("publish", "{\"topics\": [\"a\"], \"colour\": \"red\"}");
		assertThat(badKwarg.path("result").asString()).contains("unexpected keyword argument 'colour'");
		JsonNode badSync = raw.call("publish", "{\"topics\": [\"a\"], \"sync\": \"yes\"}");
		assertThat(badSync.path("result").asString()).contains("'sync' must be a boolean");
		JsonNode positional = raw.call("subscribe", "[\"a\"]");
		assertThat(positional).isNull();
		assertThat(metrics().failedRequests() - before).isEqualTo(5);
		assertThat(raw.call("ping", "{}").path("result").asString()).isEqualTo("pong");
		// a request without call_id is still answered, with call_id null
		raw.send("{\"request\": {\"method\": \"ping\", \"arguments\": {}}, \"response\": null}");
		JsonNode answer = raw.next();
		assertThat(answer.path("response").path("result").asString()).isEqualTo("pong");
		assertThat(answer.path("response").path("call_id").isNull()).isTrue();
	}

	@Test
	void tenMibFrameClosesOnlyThatSessionWith1009() throws Exception {
		RawSession healthy = raw();
		RawSession big = raw();
		long before = metrics().oversizedFrameDisconnects();
		String huge = "{\"request\":{\"method\":\"publish\",\"arguments\":{\"topics\":[\"big\"],\"data\":\""
				+ "x".repeat(10 * 1024 * 1024) + "\"},\"call_id\":\"1\"},\"response\":null}";
		try {
			big.send(huge);
		}
		catch (IOException | IllegalStateException ex) {
			// the server may close the socket while the frame is still being written
		}
		await().until(() -> big.closeStatus != null);
		assertThat(big.closeStatus.getCode()).isEqualTo(CloseStatus.TOO_BIG_TO_PROCESS.getCode());
		await().until(() -> metrics().oversizedFrameDisconnects() == before + 1);
		assertThat(healthy.call("ping", "{}").path("result").asString()).isEqualTo("pong");
	}

	@Test
	void thousandSubscribeCallsOnOneSocketStopAtTheLimit() throws Exception {
		RawSession raw = raw();
		long refusedBefore = metrics().refusedRequests();
		int accepted = 0;
		int refused = 0;
		for (int i = 0; i < 1000; i++) {
			raw.send("{\"request\":{\"method\":\"subscribe\",\"arguments\":{\"topics\":[\"t" + i
					+ "\"]},\"call_id\":\"c" + i + "\"},\"response\":null}");
		}
		for (int i = 0; i < 1000; i++) {
			JsonNode response = raw.next().path("response");
			assertThat(response.path("result_type").asString()).isEqualTo("bool");
			if (response.path("result").asBoolean()) {
				accepted++;
			}
			else {
				refused++;
			}
		}
		assertThat(accepted).isEqualTo(500);
		assertThat(refused).isEqualTo(500);
		assertThat(metrics().refusedRequests() - refusedBefore).isEqualTo(500);
		// still a working session: re-subscribing a held topic is fine, and it gets events
		assertThat(raw.call("subscribe", "{\"topics\": [\"t1\"]}").path("result").asBoolean()).isTrue();
		CompletableFuture<Void> published = this.server.bean(WsRpcPublisher.class).publish("t1", "hello");
		JsonNode notify = raw.next();
		assertThat(notify.path("request").path("method").asString()).isEqualTo("notify");
		raw.answer(notify);
		published.get(5, TimeUnit.SECONDS);
	}

	@Test
	void clientThatNeverReadsIsDisconnectedAndCountedWhileOthersGetEverything() throws Exception {
		DefaultWsRpcPubSubClient healthy = WsRpcTestClients.client("healthy", this.server.url());
		this.resources.add(healthy::destroy);
		Inbox inbox = new Inbox();
		healthy.subscribe("flood", inbox::add);
		healthy.connect().get(10, TimeUnit.SECONDS);
		await().until(() -> healthy.remoteTopics().contains("flood"));
		NeverReadingClient stuck = new NeverReadingClient(this.server.port());
		this.resources.add(stuck);
		stuck.subscribe("flood");
		await().until(() -> this.server.handler().notifier().subscriberCount("flood") == 2);
		long before = metrics().slowConsumerDisconnects();
		String chunk = "y".repeat(64 * 1024);
		WsRpcPublisher publisher = this.server.bean(WsRpcPublisher.class);
		int count = 300;
		for (int i = 0; i < count; i++) {
			publisher.publish("flood", Map.of("i", i, "pad", chunk));
			// paced by the healthy reader (at most 8 behind), so only the one that never reads falls behind
			int behind = i - 8;
			await().atMost(Duration.ofSeconds(30))
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(2))
				.until(() -> inbox.messages.size() >= behind);
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> metrics().slowConsumerDisconnects() > before);
		await().atMost(Duration.ofSeconds(30)).until(() -> inbox.messages.size() == count);
		assertThat(metrics().slowConsumerDisconnects()).isEqualTo(before + 1);
		assertThat(healthy.isConnected()).isTrue();
		assertThat(healthy.metrics().reconnects()).isZero();
		assertThat(inbox.messages).extracting((message) -> message.payloadAsJson().path("i").asInt())
			.isSorted();
		await().until(() -> this.server.handler().notifier().subscriberCount("flood") == 1);
	}

	/**
	 * A Spring WebSocket session that sends raw text and queues what it receives.
	 */
	static final class RawSession extends TextWebSocketHandler implements AutoCloseable {

		final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();

		volatile WebSocketSession session;

		volatile CloseStatus closeStatus;

		private int nextId;

		@Override
		public void afterConnectionEstablished(WebSocketSession session) {
			this.session = session;
		}

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) {
			this.received.add(WsRpcTestClients.JSON.readTree(message.getPayload()));
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
			this.closeStatus = status;
		}

		synchronized void send(String text) throws IOException {
			this.session.sendMessage(new TextMessage(text));
		}

		JsonNode next() throws InterruptedException {
			JsonNode frame = this.received.poll(10, TimeUnit.SECONDS);
			assertThat(frame).as("a frame from the server").isNotNull();
			return frame;
		}

		/** Call a method; returns the response object, or null when nothing came back in time. */
		JsonNode call(String method, String argumentsJson) throws Exception {
			String callId = "call-" + (++this.nextId);
			send("{\"request\":{\"method\":\"" + method + "\",\"arguments\":" + argumentsJson + ",\"call_id\":\""
					+ callId + "\"},\"response\":null}");
			JsonNode frame = this.received.poll(2, TimeUnit.SECONDS);
			if (frame == null) {
				return null;
			}
			assertThat(frame.path("response").path("call_id").asString()).isEqualTo(callId);
			return frame.path("response");
		}

		void answer(JsonNode request) throws IOException {
			send("{\"request\":null,\"response\":{\"result\":\"None\",\"result_type\":\"str\",\"call_id\":\""
					+ request.path("request").path("call_id").asString() + "\"}}");
		}

		@Override
		public void close() throws IOException {
			if (this.session != null && this.session.isOpen()) {
				this.session.close();
			}
		}

	}

	/**
	 * A WebSocket client on a plain socket that subscribes and then never reads again.
	 */
	static final class NeverReadingClient implements AutoCloseable {

		private final Socket socket;

		NeverReadingClient(int port) throws IOException {
			this.socket = new Socket();
			this.socket.setReceiveBufferSize(4096);
			this.socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
			byte[] nonce = new byte[16];
			new SecureRandom().nextBytes(nonce);
			String request = "GET /pubsub HTTP/1.1\r\nHost: 127.0.0.1:" + port
					+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
					+ Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
			OutputStream out = this.socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = this.socket.getInputStream();
			StringBuilder headers = new StringBuilder();
			while (!headers.toString().endsWith("\r\n\r\n")) {
				int b = in.read();
				if (b < 0) {
					throw new IOException("Handshake failed: " + headers);
				}
				headers.append((char) b);
			}
			assertThat(headers.toString()).startsWith("HTTP/1.1 101");
		}

		void subscribe(String topic) throws IOException {
			byte[] payload = ("{\"request\":{\"method\":\"subscribe\",\"arguments\":{\"topics\":[\"" + topic
					+ "\"]},\"call_id\":\"s1\"},\"response\":null}")
				.getBytes(StandardCharsets.UTF_8);
			byte[] mask = { 1, 2, 3, 4 };
			OutputStream out = this.socket.getOutputStream();
			out.write(0x81);
			out.write(0x80 | 126);
			out.write((payload.length >> 8) & 0xff);
			out.write(payload.length & 0xff);
			out.write(mask);
			for (int i = 0; i < payload.length; i++) {
				out.write(payload[i] ^ mask[i % 4]);
			}
			out.flush();
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
