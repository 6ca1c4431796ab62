package dev.pubsub.wsrpc;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

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
 * The wsrpc client reads with small container buffers (32 KiB) and joins partial messages up to its
 * max-text-message-size: a notify many times the buffer is delivered whole, one over the limit is
 * discarded part by part and counted as malformed, and the connection keeps delivering.
 */
class WsRpcLargeMessageTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<WebSocketSession> sessions = new CopyOnWriteArrayList<>();

	private EmbeddedTomcat server;

	private DefaultWsRpcPubSubClient client;

	@BeforeEach
	void start() {
		WebSocketHttpRequestHandler handler = new WebSocketHttpRequestHandler(new Endpoint());
		this.server = EmbeddedTomcat.start("wsrpc server", "large-wsrpc", 0,
				(context) -> EmbeddedTomcat.addUpgradeServlet(context, "large", handler, "/pubsub"::equals,
						(container) -> {
						}));
		WebSocketContainer container = ContainerProvider.getWebSocketContainer();
		container.setDefaultMaxTextMessageBufferSize(DefaultWsRpcPubSubClient.READ_BUFFER_SIZE);
		this.client = new DefaultWsRpcPubSubClient("large", JSON,
				new ReconnectPolicy(true, Duration.ofMillis(50), Duration.ofMillis(400), 2.0, 0.0,
						ReconnectPolicy.UNLIMITED),
				Duration.ofSeconds(5), new StandardWebSocketClient(container),
				WsRpcClientOptions.of(URI.create("ws://127.0.0.1:" + this.server.port() + "/pubsub")));
		this.client.setMaxTextMessageSize(512 * 1024);
	}

	@AfterEach
	void stop() {
		this.client.destroy();
		this.server.stop();
	}

	@Test
	void messagesLargerThanTheReadBufferAreJoinedAndOnesOverTheLimitAreDiscardedAndCounted() throws Exception {
		List<String> received = new CopyOnWriteArrayList<>();
		this.client.subscribe("news", (message) -> received.add(message.payloadAsJson().asString()));
		this.client.connect().get(10, TimeUnit.SECONDS);
		WebSocketSession session = this.sessions.get(0);
		String large = "a".repeat(300_000);
		String tooLarge = "b".repeat(600_000);
		notify(session, large);
		notify(session, tooLarge);
		notify(session, "still-here");
		await().atMost(Duration.ofSeconds(60)).until(() -> received.contains("still-here"));
		assertThat(received).containsExactly(large, "still-here");
		assertThat(this.client.metrics().malformed()).isEqualTo(1);
		assertThat(this.client.isConnected()).isTrue();
	}

	private static void notify(WebSocketSession session, String data) throws java.io.IOException {
		ObjectNode arguments = JSON.createObjectNode();
		arguments.putObject("subscription").put("topic", "news").put("id", "s1");
		arguments.put("data", data);
		ObjectNode frame = JSON.createObjectNode();
		ObjectNode request = frame.putObject("request");
		request.put("method", "notify");
		request.set("arguments", arguments);
		request.put("call_id", "n-" + data.length());
		frame.putNull("response");
		synchronized (session) {
			session.sendMessage(new TextMessage(JSON.writeValueAsString(frame)));
		}
	}

	/**
	 * Answers {@code _ping_} and {@code subscribe} like the Python endpoint.
	 */
	private final class Endpoint extends TextWebSocketHandler {

		@Override
		public void afterConnectionEstablished(WebSocketSession session) {
			WsRpcLargeMessageTests.this.sessions.add(session);
		}

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
			JsonNode request = JSON.readTree(message.getPayload()).path("request");
			if (!request.isObject()) {
				return;
			}
			ObjectNode frame = JSON.createObjectNode();
			frame.putNull("request");
			ObjectNode response = frame.putObject("response");
			if ("subscribe".equals(request.path("method").asString())) {
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
