package dev.pubsub.wsrpc;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Test;

import dev.pubsub.core.ConnectionState;
import dev.pubsub.core.PubSubTimeoutException;
import dev.pubsub.core.PublishOptions;
import dev.pubsub.core.Subscription;
import dev.pubsub.interop.InteropPeers;
import dev.pubsub.wsrpc.WsRpcTestClients.Inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link DefaultWsRpcPubSubClient} against the real Python fastapi_websocket_pubsub server
 * ({@code interop/wsrpc/server.py}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WsRpcClientPythonServerInteropTests {

	private int port;

	private PeerProcess server;

	private final List<DefaultWsRpcPubSubClient> clients = new java.util.ArrayList<>();

	@BeforeAll
	void startServer() {
		this.port = InteropPeers.freePort();
		this.server = PeerProcess.pythonServer(this.port);
	}

	@AfterEach
	void stopClients() {
		this.clients.forEach(DefaultWsRpcPubSubClient::destroy);
		this.clients.clear();
	}

	@AfterAll
	void stopServer() {
		if (this.server != null) {
			this.server.close();
		}
	}

	private DefaultWsRpcPubSubClient connected(String name) throws Exception {
		DefaultWsRpcPubSubClient client = WsRpcTestClients.client(name, "ws://127.0.0.1:" + this.port + "/pubsub");
		this.clients.add(client);
		client.connect().get(20, TimeUnit.SECONDS);
		return client;
	}

	private void trigger(String topic, String dataJson) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/trigger?topic="
					+ URLEncoder.encode(topic, StandardCharsets.UTF_8) + "&data="
					+ URLEncoder.encode(dataJson, StandardCharsets.UTF_8)))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	void receivesServerSidePublishOnSubscribedTopic() throws Exception {
		DefaultWsRpcPubSubClient client = connected("a");
		Inbox inbox = new Inbox();
		client.subscribe("orders", inbox::add);
		await().until(() -> client.remoteTopics().contains("orders"));
		awaitSubscribed(client, "orders");
		trigger("orders", "{\"id\":7}");
		await().until(() -> inbox.messages.size() == 1);
		assertThat(inbox.messages.get(0).topic()).isEqualTo("orders");
		assertThat(inbox.messages.get(0).payloadAsJson().path("id").asInt()).isEqualTo(7);
	}

	@Test
	void publishReachesOthersButNotThePublisher() throws Exception {
		DefaultWsRpcPubSubClient publisher = connected("pub");
		DefaultWsRpcPubSubClient subscriber = connected("sub");
		Inbox own = new Inbox();
		Inbox other = new Inbox();
		publisher.subscribe("chat", own::add);
		subscriber.subscribe("chat", other::add);
		awaitSubscribed(publisher, "chat");
		awaitSubscribed(subscriber, "chat");
		assertThat(publisher.publish(List.of("chat"), Map.of("text", "hi"), true).get(10, TimeUnit.SECONDS)).isTrue();
		// sync=true: the server answered after every subscriber acknowledged its notify
		assertThat(subscriber.metrics().received()).isEqualTo(1);
		assertThat(publisher.metrics().received()).isZero();
		assertThat(publisher.publish("chat", "second").get(10, TimeUnit.SECONDS).acknowledged()).isTrue();
		await().until(() -> other.messages.size() == 2);
		assertThat(other.payloads()).containsExactly("{\"text\":\"hi\"}", "\"second\"");
		assertThat(own.messages).isEmpty();
	}

	@Test
	void publishToSelfWithOwnNotifierIdAsync() throws Exception {
		DefaultWsRpcPubSubClient client = connected("self");
		Inbox inbox = new Inbox();
		client.subscribe("echo", inbox::add);
		awaitSubscribed(client, "echo");
		PublishOptions options = PublishOptions.builder()
			.extra(WsRpcPubSubClient.SYNC, false)
			.extra(WsRpcPubSubClient.NOTIFIER_ID, "someone-else")
			.build();
		client.publish("echo", List.of(1, 2), options).get(10, TimeUnit.SECONDS);
		await().until(() -> inbox.messages.size() == 1);
		assertThat(inbox.payloads()).containsExactly("[1,2]");
	}

	@Test
	void syncPublishToSelfTimesOutInsteadOfHangingWhenThePythonServerDeadlocks() throws Exception {
		DefaultWsRpcPubSubClient client = connected("deadlock");
		client.subscribe("loop", (message) -> {
		});
		awaitSubscribed(client, "loop");
		PublishOptions options = PublishOptions.builder()
			.extra(WsRpcPubSubClient.NOTIFIER_ID, "not-me")
			.timeout(Duration.ofMillis(1500))
			.build();
		assertThatThrownBy(() -> client.publish("loop", 1, options).get(10, TimeUnit.SECONDS))
			.hasCauseInstanceOf(PubSubTimeoutException.class);
	}

	@Test
	void allTopicsSubscriptionCarriesTheRealTopic() throws Exception {
		DefaultWsRpcPubSubClient client = connected("all");
		Inbox all = new Inbox();
		Inbox exact = new Inbox();
		client.subscribe(WsRpcTopics.ALL_TOPICS, all::add);
		client.subscribe("b", exact::add);
		awaitSubscribed(client, WsRpcTopics.ALL_TOPICS);
		assertThat(client.remoteTopics()).containsExactly(WsRpcTopics.ALL_TOPICS);
		trigger("a", "1");
		trigger("b", "2");
		await().until(() -> all.messages.size() == 2 && exact.messages.size() == 1);
		assertThat(all.topics()).containsExactly("a", "b");
		assertThat(exact.topics()).containsExactly("b");
	}

	@Test
	void wildcardPatternMatchesLocally() throws Exception {
		DefaultWsRpcPubSubClient client = connected("wild");
		Inbox inbox = new Inbox();
		client.subscribe("orders.*", inbox::add);
		awaitSubscribed(client, WsRpcTopics.ALL_TOPICS);
		trigger("orders.created", "1");
		trigger("users.created", "2");
		trigger("orders.deleted", "3");
		await().until(() -> inbox.messages.size() == 2);
		assertThat(inbox.topics()).containsExactly("orders.created", "orders.deleted");
	}

	@Test
	void unsubscribeStopsNotifications() throws Exception {
		DefaultWsRpcPubSubClient client = connected("unsub");
		DefaultWsRpcPubSubClient publisher = connected("unsub-pub");
		Inbox inbox = new Inbox();
		Subscription subscription = client.subscribe("news", inbox::add);
		awaitSubscribed(client, "news");
		assertThat(publisher.publish(List.of("news"), 1, true).get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(client.metrics().received()).isEqualTo(1);
		subscription.cancel();
		await().until(() -> client.remoteTopics().isEmpty());
		// a round trip on the same socket orders the unsubscribe before the next publish
		assertThat(client.call("ping", Map.of()).get(5, TimeUnit.SECONDS).asString()).isEqualTo("pong");
		assertThat(publisher.publish(List.of("news"), 2, true).get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(client.metrics().received()).isEqualTo(1);
		assertThat(inbox.messages).hasSize(1);
	}

	@Test
	void clientPublishReachesServerSideSubscriber() throws Exception {
		DefaultWsRpcPubSubClient client = connected("to-server");
		assertThat(client.publish(List.of("srv"), Map.of("k", "v"), true).get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.server.awaitEvent((event) -> "srv".equals(event.path("event").asString()),
				Duration.ofSeconds(10))
			.path("data")
			.path("k")
			.asString()).isEqualTo("v");
	}

	@Test
	void reconnectsAfterTenServerRestartsAndRestoresSubscriptions() throws Exception {
		DefaultWsRpcPubSubClient client = WsRpcTestClients.client("restarts",
				"ws://127.0.0.1:" + this.port + "/pubsub");
		this.clients.add(client);
		AtomicInteger connects = new AtomicInteger();
		AtomicInteger disconnects = new AtomicInteger();
		client.onConnect((c) -> connects.incrementAndGet());
		client.onDisconnect((c) -> disconnects.incrementAndGet());
		client.connect().get(20, TimeUnit.SECONDS);
		Inbox inbox = new Inbox();
		client.subscribe("restart", inbox::add);
		awaitSubscribed(client, "restart");
		for (int i = 1; i <= 10; i++) {
			String before = client.channelId();
			this.server.close();
			await().until(() -> client.state() != ConnectionState.CONNECTED);
			this.server = PeerProcess.pythonServer(this.port);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> client.isConnected() && client.channelId() != null && !client.channelId().equals(before)
						&& client.remoteTopics().contains("restart"));
			// the restore subscribe is answered before the client is marked connected
			trigger("restart", String.valueOf(i));
			int expected = i;
			await().until(() -> inbox.messages.size() == expected);
		}
		assertThat(inbox.payloads()).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
		assertThat(client.metrics().reconnects()).isEqualTo(10);
		await().until(() -> connects.get() == 11 && disconnects.get() == 10);
	}

	@Test
	void answersGetChannelIdForAServerThatAsksForIt() throws Exception {
		int remoteIdPort = InteropPeers.freePort();
		try (PeerProcess remoteIdServer = PeerProcess.pythonServer(remoteIdPort, "--remote-id")) {
			DefaultWsRpcPubSubClient client = WsRpcTestClients.client("remote-id",
					"ws://127.0.0.1:" + remoteIdPort + "/pubsub");
			this.clients.add(client);
			Inbox inbox = new Inbox();
			client.subscribe("rid", inbox::add);
			client.connect().get(20, TimeUnit.SECONDS);
			awaitSubscribed(client, "rid");
			// the server keyed our subscription by the channel id we answered to _get_channel_id_
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + remoteIdPort + "/trigger?topic=rid&data=1"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			await().until(() -> inbox.messages.size() == 1);
		}
	}

	private static void awaitSubscribed(DefaultWsRpcPubSubClient client, String topic) throws Exception {
		await().until(() -> client.remoteTopics().contains(topic));
		// the subscribe call precedes this round trip on the same socket, so it was applied
		assertThat(client.call("ping", Map.of()).get(5, TimeUnit.SECONDS).asString()).isEqualTo("pong");
	}

}
