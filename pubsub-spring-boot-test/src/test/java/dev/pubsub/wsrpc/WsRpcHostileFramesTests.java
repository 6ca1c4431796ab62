package dev.pubsub.wsrpc;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.websocket.ContainerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.test.support.EmbeddedTomcat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hostile fastapi_websocket_pubsub server that completes the handshake and then sends 10,000
 * garbage frames and 1,000 calls of an unknown method whose name carries CR/LF: every one is counted,
 * the log gets at most a few lines (rate-limited, with the suppressed count) with the network values
 * escaped, and the connection keeps working (a notify afterwards is delivered).
 */
@ExtendWith(OutputCaptureExtension.class)
class WsRpcHostileFramesTests {

	private static final int GARBAGE = 10_000;

	private static final int UNKNOWN_CALLS = 1_000;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<WebSocketSession> sessions = new CopyOnWriteArrayList<>();

	private EmbeddedTomcat server;

	private DefaultWsRpcPubSubClient client;

	@BeforeEach
	void start() {
		WebSocketHttpRequestHandler handler = new WebSocketHttpRequestHandler(new HostileEndpoint());
		this.server = EmbeddedTomcat.start("hostile wsrpc server", "hostile-wsrpc", 0,
				(context) -> EmbeddedTomcat.addUpgradeServlet(context, "hostile", handler, "/pubsub"::equals,
						(container) -> {
						}));
		this.client = new DefaultWsRpcPubSubClient("victim", JSON,
				new ReconnectPolicy(true, Duration.ofMillis(50), Duration.ofMillis(400), 2.0, 0.0,
						ReconnectPolicy.UNLIMITED),
				Duration.ofSeconds(5), new StandardWebSocketClient(ContainerProvider.getWebSocketContainer()),
				WsRpcClientOptions.of(URI.create("ws://127.0.0.1:" + this.server.port() + "/pubsub")));
	}

	@AfterEach
	void stop() {
		this.client.destroy();
		this.server.stop();
	}

	@Test
	void garbageAndUnknownCallsAreCountedExactlyAndLoggedInAFewEscapedLines(CapturedOutput output)
			throws Exception {
		List<String> received = new CopyOnWriteArrayList<>();
		this.client.subscribe("news", (message) -> received.add(message.payloadAsJson().asString()));
		this.client.connect().get(10, TimeUnit.SECONDS);
		assertThat(this.client.remoteTopics()).containsExactly("news");
		WebSocketSession session = this.sessions.get(0);
		for (int i = 0; i < GARBAGE; i++) {
			send(session, "not json " + i + "\r\nFORGED");
		}
		for (int i = 0; i < UNKNOWN_CALLS; i++) {
			send(session, request("evil\r\nFORGED" + i, JSON.createObjectNode(), "c" + i));
		}
		ObjectNode notify = JSON.createObjectNode();
		notify.putObject("subscription").put("topic", "news").put("id", "s1");
		notify.put("data", "still-here");
		send(session, request("notify", notify, "n1"));

		await().atMost(Duration.ofSeconds(60)).until(() -> received.contains("still-here"));
		assertThat(this.client.metrics().malformed()).isEqualTo(GARBAGE + UNKNOWN_CALLS);
		assertThat(this.client.isConnected()).isTrue();
		List<String> lines = output.getAll().lines()
			.filter((line) -> line.contains("Client 'victim' skipped a malformed frame")
					|| line.contains("Client 'victim' could not handle"))
			.toList();
		assertThat(lines).hasSizeBetween(1, 5);
		assertThat(output.getAll()).doesNotContain("\nFORGED");
	}

	private static void send(WebSocketSession session, String text) throws java.io.IOException {
		synchronized (session) {
			session.sendMessage(new TextMessage(text));
		}
	}

	private static String request(String method, JsonNode arguments, String callId) {
		ObjectNode frame = JSON.createObjectNode();
		ObjectNode request = frame.putObject("request");
		request.put("method", method);
		request.set("arguments", arguments);
		request.put("call_id", callId);
		frame.putNull("response");
		return JSON.writeValueAsString(frame);
	}

	/**
	 * Answers {@code _ping_} and {@code subscribe} like the Python endpoint and ignores the rest.
	 */
	private final class HostileEndpoint extends TextWebSocketHandler {

		@Override
		public void afterConnectionEstablished(WebSocketSession session) {
			WsRpcHostileFramesTests.this.sessions.add(session);
		}

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
			JsonNode request = JSON.readTree(message.getPayload()).path("request");
			if (!request.isObject()) {
				return;
			}
			String method = request.path("method").asString();
			ObjectNode frame = JSON.createObjectNode();
			frame.putNull("request");
			ObjectNode response = frame.putObject("response");
			if ("subscribe".equals(method) || "unsubscribe".equals(method)) {
				response.put("result", true).put("result_type", "bool");
			}
			else {
				response.put("result", "pong").put("result_type", "str");
			}
			response.put("call_id", request.path("call_id").asString());
			synchronized (session) {
				session.sendMessage(new TextMessage(JSON.writeValueAsString(frame)));
			}
		}

	}

}
