package dev.pubsub.wsrpc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.wsrpc.WsRpcTestClients.Inbox;
import dev.pubsub.wsrpc.server.WsRpcEndpointHandler;
import dev.pubsub.wsrpc.server.WsRpcPublisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real Python fastapi_websocket_pubsub client ({@code interop/wsrpc/client.py}) against our
 * Spring-hosted endpoint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WsRpcPythonClientEndpointInteropTests {

	private EndpointServer server;

	private final List<AutoCloseable> resources = new ArrayList<>();

	@BeforeAll
	void start() {
		InteropPaths.python();
		this.server = EndpointServer.start(List.of(PingIgnoringEndpointConfiguration.class));
	}

	@AfterAll
	void stop() {
		if (this.server != null) {
			this.server.close();
		}
	}

	@AfterEach
	void cleanUp() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
		this.resources.clear();
	}

	private PeerProcess pythonClient(String subscribe, String publishTopic, String publishData, int expected,
			String... headers) {
		return pythonClient(this.server.url(), Map.of(), subscribe, publishTopic, publishData, expected, headers);
	}

	private PeerProcess pythonClient(String url, Map<String, String> environment, String subscribe,
			String publishTopic, String publishData, int expected, String... headers) {
		List<String> command = new ArrayList<>(List.of(InteropPaths.python().toString(),
				InteropPaths.interop().resolve("wsrpc/client.py").toString(), url, subscribe, publishTopic,
				publishData, String.valueOf(expected)));
		command.addAll(List.of(headers));
		PeerProcess client = PeerProcess.start(InteropPaths.interop(), command, environment);
		this.resources.add(client);
		return client;
	}

	private static boolean isEvent(JsonNode event, String type) {
		return type.equals(event.path("event").asString());
	}

	@Test
	void pythonClientSubscribesPublishesAndReceivesServerAndClientEvents() throws Exception {
		DefaultWsRpcPubSubClient javaClient = WsRpcTestClients.client("j", this.server.url());
		this.resources.add(javaClient::destroy);
		Inbox fromPython = new Inbox();
		javaClient.subscribe("py.out", fromPython::add);
		javaClient.connect().get(10, TimeUnit.SECONDS);
		await().until(() -> javaClient.remoteTopics().contains("py.out"));
		PubSubClient serverClient = (PubSubClient) this.server.bean("wsrpcServer");
		Inbox serverInbox = new Inbox();
		serverClient.subscribe("py.out", serverInbox::add);

		PeerProcess python = pythonClient("py.in,py.all", "py.out", "{\"from\":\"python\"}", 3,
				"X-Token=secret-token");
		python.awaitEvent((event) -> isEvent(event, "ready"), Duration.ofSeconds(30));
		// the Python client subscribed before it became ready (handshake: _ping_, subscribe, ready)
		await().until(() -> this.server.handler().notifier().subscriberCount("py.in") == 1);
		assertThat(this.server.recorder().header("X-Token")).isEqualTo("secret-token");

		await().until(() -> fromPython.messages.size() == 1 && serverInbox.messages.size() == 1);
		assertThat(fromPython.payloads()).containsExactly("{\"from\":\"python\"}");

		this.server.bean(WsRpcPublisher.class).publish("py.in", Map.of("from", "server")).get(5, TimeUnit.SECONDS);
		assertThat(javaClient.publish(List.of("py.all"), List.of(1, "two"), true).get(5, TimeUnit.SECONDS)).isTrue();
		assertThat(javaClient.publish(List.of("py.in"), "from-java", false).get(5, TimeUnit.SECONDS)).isTrue();

		python.awaitEvent((event) -> isEvent(event, "done"), Duration.ofSeconds(30));
		List<JsonNode> notes = python.events("notify");
		assertThat(notes).extracting((event) -> event.path("topic").asString())
			.containsExactly("py.in", "py.all", "py.in");
		assertThat(notes.get(0).path("data").path("from").asString()).isEqualTo("server");
		assertThat(notes.get(1).path("data").toString()).isEqualTo("[1,\"two\"]");
		assertThat(notes.get(2).path("data").asString()).isEqualTo("from-java");
		assertThat(python.events("published").get(0).path("result").asBoolean()).isTrue();
		assertThat(python.events("connect")).hasSize(1);
		assertThat(python.awaitExit(Duration.ofSeconds(20))).isTrue();
		await().until(() -> this.server.handler().notifier().subscriberCount("py.in") == 0);
	}

	@Test
	void pythonClientReconnectsAndResubscribesWhenTheServerDropsItsSession() throws Exception {
		PeerProcess python = pythonClient("py.drop", "-", "null", 1);
		python.awaitEvent((event) -> isEvent(event, "ready"), Duration.ofSeconds(30));
		await().until(() -> this.server.handler().notifier().subscriberCount("py.drop") == 1);
		String first = this.server.recorder().connected.get(this.server.recorder().connected.size() - 1).channelId();
		assertThat(this.server.handler().closeSession(first)).isTrue();
		// the Python client reconnects with a new channel: _ping_, subscribe again, on_connect again
		await().atMost(Duration.ofSeconds(30)).until(() -> python.events("connect").size() == 2);
		await().until(() -> this.server.handler().notifier().subscriberCount("py.drop") == 1);
		this.server.bean(WsRpcPublisher.class).publish("py.drop", "again").get(5, TimeUnit.SECONDS);
		python.awaitEvent((event) -> isEvent(event, "done"), Duration.ofSeconds(30));
		assertThat(python.events("notify")).extracting((event) -> event.path("data").asString())
			.containsExactly("again");
	}

	@Test
	void pythonClientRefusedWithForbiddenSeesTheRefusalAndNeverBecomesReady() throws Exception {
		int refusedBefore = this.server.recorder().refusedConnections.get();
		int connectedBefore = this.server.recorder().connected.size();
		PeerProcess python = pythonClient(this.server.url(), Map.of("WSRPC_READY_TIMEOUT", "3"), "py.refused", "-",
				"null", 0, "Authorization=Bearer bad");
		assertThat(python.awaitExit(Duration.ofSeconds(30))).isTrue();
		// the client library logs the 403 (websockets >= 14 raises InvalidStatus) ...
		JsonNode refused = python.awaitEvent((event) -> isEvent(event, "refused"), Duration.ofSeconds(1));
		assertThat(refused.path("status").asInt()).isEqualTo(403);
		assertThat(refused.path("error").asString()).isEqualTo("InvalidStatus");
		// ... but, unlike the protocol note says, its outer loop retries at once: fastapi_websocket_pubsub
		// 1.0.1 only stops on the legacy InvalidStatusCode, so it never becomes ready and keeps trying
		JsonNode notReady = python.awaitEvent((event) -> isEvent(event, "not-ready"), Duration.ofSeconds(1));
		assertThat(notReady.path("refusals").asInt()).isGreaterThan(1);
		assertThat(python.events("ready")).isEmpty();
		assertThat(python.events("connect")).isEmpty();
		assertThat(python.exitValue()).isEqualTo(3);
		assertThat(this.server.recorder().refusedConnections.get() - refusedBefore)
			.isGreaterThanOrEqualTo(notReady.path("refusals").asInt());
		assertThat(this.server.recorder().connected).hasSize(connectedBefore);
	}

	@Test
	void pythonClientCarriesOnWhenTheServerIgnoresItsHandshakePing() throws Exception {
		PingIgnoringHandler handler = this.server.bean(PingIgnoringHandler.class);
		PeerProcess python = pythonClient(this.server.url().replace("/pubsub", PingIgnoringHandler.PATH), Map.of(),
				"py.noping", "-", "null", 1);
		// five _ping_ tries of 1 s each go unanswered, then the client carries on and subscribes
		python.awaitEvent((event) -> isEvent(event, "ready"), Duration.ofSeconds(30));
		assertThat(handler.methods).containsExactly("_ping_", "_ping_", "_ping_", "_ping_", "_ping_", "subscribe");
		assertThat(python.events("connect")).hasSize(1);
		await().until(() -> this.server.handler().notifier().subscriberCount("py.noping") == 1);
		this.server.bean(WsRpcPublisher.class).publish("py.noping", "after-ping-timeouts").get(5, TimeUnit.SECONDS);
		python.awaitEvent((event) -> isEvent(event, "done"), Duration.ofSeconds(30));
		assertThat(python.events("notify")).extracting((event) -> event.path("data").asString())
			.containsExactly("after-ping-timeouts");
	}

	/**
	 * Hosts the endpoint a second time at {@link PingIgnoringHandler#PATH}, behind a decorator that
	 * drops every {@code _ping_} request (a server that never answers the handshake ping).
	 */
	@Configuration(proxyBeanMethods = false)
	static class PingIgnoringEndpointConfiguration {

		@Bean
		PingIgnoringHandler pingIgnoringHandler(WsRpcEndpointHandler handler) {
			return new PingIgnoringHandler(handler);
		}

		@Bean
		WebSocketConfigurer pingIgnoringWebSocketConfigurer(PingIgnoringHandler handler) {
			return (registry) -> registry.addHandler(handler, PingIgnoringHandler.PATH);
		}

	}

	/**
	 * Drops {@code _ping_} requests before they reach the endpoint and records every request
	 * method in arrival order.
	 */
	static final class PingIgnoringHandler extends WebSocketHandlerDecorator {

		static final String PATH = "/pubsub-ignoring-ping";

		private static final JsonMapper JSON = JsonMapper.builder().build();

		final List<String> methods = new CopyOnWriteArrayList<>();

		PingIgnoringHandler(WebSocketHandler delegate) {
			super(delegate);
		}

		@Override
		public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
			if (message instanceof TextMessage text) {
				String method = JSON.readTree(text.getPayload()).path("request").path("method").asString("");
				this.methods.add(method);
				if ("_ping_".equals(method)) {
					return;
				}
			}
			super.handleMessage(session, message);
		}

	}

}
