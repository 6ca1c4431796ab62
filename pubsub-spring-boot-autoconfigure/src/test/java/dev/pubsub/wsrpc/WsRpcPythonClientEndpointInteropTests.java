package dev.pubsub.wsrpc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.wsrpc.WsRpcTestClients.Inbox;
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
		this.server = EndpointServer.start();
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

	private PeerProcess pythonClient(String subscribe, String publishTopic, String publishData, int expected,
			String... headers) {
		List<String> command = new ArrayList<>(List.of(InteropPaths.python().toString(),
				InteropPaths.interop().resolve("wsrpc/client.py").toString(), this.server.url(), subscribe,
				publishTopic, publishData, String.valueOf(expected)));
		command.addAll(List.of(headers));
		PeerProcess client = PeerProcess.start(InteropPaths.interop(), command);
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

}
