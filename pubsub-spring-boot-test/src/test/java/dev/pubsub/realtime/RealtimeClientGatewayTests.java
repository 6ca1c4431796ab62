package dev.pubsub.realtime;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.pubsub.core.ConnectionEvent;
import dev.pubsub.core.ConnectionEventType;
import dev.pubsub.core.ConnectionState;
import dev.pubsub.core.PubSubAuthenticationException;
import dev.pubsub.core.PubSubConnectionLostException;
import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.PubSubNotConnectedException;
import dev.pubsub.core.PubSubProtocolException;
import dev.pubsub.core.PubSubTimeoutException;
import dev.pubsub.core.PublishOptions;
import dev.pubsub.core.PublishReceipt;
import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.test.realtime.AckMode;
import dev.pubsub.test.realtime.EmbeddedRealtimeGateway;
import dev.pubsub.test.realtime.JwtTestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The Realtime client against the embedded gateway over real sockets: every feature of the seed
 * client, the protocol note's test cases, and bad input.
 */
class RealtimeClientGatewayTests {

	private static EmbeddedRealtimeGateway gateway;

	private final List<DefaultRealtimeClient> clients = new CopyOnWriteArrayList<>();

	@BeforeAll
	static void startGateway() {
		gateway = EmbeddedRealtimeGateway.builder().start();
	}

	@AfterAll
	static void stopGateway() {
		gateway.stop();
	}

	@BeforeEach
	void defaults() {
		gateway.setAckMode(AckMode.AFTER_DELIVERY);
		gateway.setAckDelay(Duration.ZERO);
	}

	@AfterEach
	void closeClients() {
		this.clients.forEach(DefaultRealtimeClient::destroy);
	}

	private DefaultRealtimeClient connected(String name, List<String> permissions) {
		DefaultRealtimeClient client = RealtimeClients.client(gateway, name, permissions);
		this.clients.add(client);
		client.connect().join();
		return client;
	}

	@Test
	void welcomeStartsTheSessionWithTheConnectionInfo() {
		DefaultRealtimeClient client = RealtimeClients.client(gateway, "welcome", RealtimeClients.all());
		this.clients.add(client);
		List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
		client.addConnectionListener(events::add);
		CompletableFuture<PubSubMessage> welcome = client.waitFor("main.welcome", Duration.ofSeconds(5));
		client.connect().join();
		RealtimeConnectionInfo info = client.connectionInfo();
		assertThat(info).isNotNull();
		assertThat(gateway.connection(info.id())).isNotNull();
		assertThat(info.appId()).isEqualTo(gateway.appId());
		assertThat(welcome.join().payloadAsJson().get("connection").get("id").asString()).isEqualTo(info.id());
		await().until(() -> events.stream().anyMatch((e) -> e.type() == ConnectionEventType.CONNECTED));
		assertThat(events).filteredOn((e) -> e.type() == ConnectionEventType.CONNECTED)
			.singleElement()
			.satisfies((e) -> assertThat(e.details()).containsEntry("connectionId", info.id()));
	}

	@Test
	void listenerPatternsSubscribeRemotelyAndMatchWithWildcards() {
		DefaultRealtimeClient subscriber = connected("subscriber", RealtimeClients.all());
		DefaultRealtimeClient publisher = connected("publisher", RealtimeClients.all());
		Map<String, List<String>> seen = new java.util.concurrent.ConcurrentHashMap<>();
		for (String pattern : List.of("chat.*", "*.text-message", "**", "chat.**", "chat.*.*", "test.**",
				"*.*.update")) {
			subscriber.subscribe(pattern, (message) -> seen
				.computeIfAbsent(pattern, (k) -> new CopyOnWriteArrayList<>())
				.add(message.routingKey()));
		}
		subscriber.subscribeRemoteTopic("test.topic");
		String id = subscriber.connectionInfo().id();
		await().until(() -> gateway.subscribers("chat").contains(id) && gateway.subscribers("test.topic").contains(id));
		publisher.publish("chat", "Hi", "text-message");
		publisher.publish("test.topic", Map.of("n", 1), "update");
		await().until(() -> seen.getOrDefault("**", List.of()).containsAll(List.of("chat.text-message",
				"test.topic.update")));
		await().until(() -> seen.containsKey("*.*.update"));
		assertThat(seen.get("chat.*")).containsExactly("chat.text-message");
		assertThat(seen.get("*.text-message")).containsExactly("chat.text-message");
		assertThat(seen.get("chat.**")).containsExactly("chat.text-message");
		assertThat(seen.get("test.**")).containsExactly("test.topic.update");
		assertThat(seen.get("*.*.update")).containsExactly("test.topic.update");
		assertThat(seen).doesNotContainKey("chat.*.*");
		assertThat(subscriber.remoteTopics()).containsExactlyInAnyOrder("chat", "test", "test.topic");
	}

	@Test
	void deliveryCarriesPayloadIdAndSender() {
		DefaultRealtimeClient client = connected("sender-1", RealtimeClients.all());
		CompletableFuture<PubSubMessage> received = new CompletableFuture<>();
		client.subscribe("orders.created", received::complete);
		await().until(() -> gateway.subscribers("orders").contains(client.connectionInfo().id()));
		RealtimePublication publication = client.publish("orders", Map.of("id", "o-1"), "created", false, "9f2c01");
		PubSubMessage message = received.join();
		assertThat(publication.id()).isEqualTo("9f2c01");
		assertThat(message.payloadAsJson().get("id").asString()).isEqualTo("o-1");
		assertThat(message.headers().get(PubSubHeaders.MESSAGE_ID)).isEqualTo("9f2c01");
		assertThat(message.headers().get(PubSubHeaders.SENDER)).isEqualTo("sender-1");
		assertThat(message.headers().get(PubSubHeaders.COMPRESSED)).isEqualTo(false);
		assertThat(message.headers().get(RealtimeHeaders.CONNECTION_ID)).isEqualTo(client.connectionInfo().id());
	}

	@Test
	void compressedPublishArrivesAsABinaryFrameAndDecodesTheSame() {
		DefaultRealtimeClient client = connected("compress", RealtimeClients.all());
		CompletableFuture<PubSubMessage> received = new CompletableFuture<>();
		client.subscribe("zip.data", received::complete);
		await().until(() -> gateway.subscribers("zip").contains(client.connectionInfo().id()));
		client.publish("zip", Map.of("big", "x".repeat(1000)), "data", true, null);
		PubSubMessage message = received.join();
		assertThat(message.headers().get(PubSubHeaders.COMPRESSED)).isEqualTo(true);
		assertThat(message.payloadAsJson().get("big").asString()).hasSize(1000);
	}

	@Test
	void waitForAckResolvesEvenWhenTheAckArrivesBeforeTheCallReturns() {
		DefaultRealtimeClient client = connected("acks", RealtimeClients.all());
		gateway.setAckMode(AckMode.BEFORE_DELIVERY);
		RealtimePublication publication = client.publish("secure/peer-to-peer1", "Hi", "text-message");
		publication.waitForAck().join();
		RealtimePublication sent = client.send(Map.of("n", 1), "create");
		sent.waitForAck(Duration.ofSeconds(2)).join();
		assertThat(client.publish("acked", "x", PublishOptions.builder().awaitAck(true).build()).join())
			.extracting(PublishReceipt::acknowledged)
			.isEqualTo(true);
	}

	@Test
	void missingAckTimesOutAndTheWaiterIsRemoved() {
		DefaultRealtimeClient client = connected("no-acks", RealtimeClients.all());
		gateway.setAckMode(AckMode.NONE);
		CompletableFuture<Void> ack = client.publish("t", "x", "m").waitForAck(Duration.ofMillis(200));
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> ack.get(5, TimeUnit.SECONDS))
			.withCauseInstanceOf(PubSubTimeoutException.class);
		await().until(() -> client.pendingWaiters() <= 1);
	}

	@Test
	void listenerRepliesAndThePublisherReceivesTheReply() {
		DefaultRealtimeClient responder = connected("responder", RealtimeClients.all());
		DefaultRealtimeClient requester = connected("requester", RealtimeClients.all());
		responder.subscribe("rpc.sum", (message) -> {
			int sum = 0;
			for (var n : message.payloadAsJson()) {
				sum += n.asInt();
			}
			message.replyHandle().orElseThrow().reply(Map.of("sum", sum), "ok", true);
		});
		await().until(() -> gateway.subscribers("rpc").contains(responder.connectionInfo().id()));
		RealtimeReply reply = requester.publish("rpc", List.of(1, 2, 3), "sum").waitForReply(Duration.ofSeconds(5))
			.join();
		assertThat(reply.status()).isEqualTo("ok");
		assertThat(reply.data().get("sum").asInt()).isEqualTo(6);
	}

	@Test
	void sendReachesBackendsOnSecureInboundWithPresence() {
		DefaultRealtimeClient backend = connected("backend",
				List.of(JwtTestTokens.read("secure/inbound"), JwtTestTokens.write("priv/*")));
		List<PubSubMessage> inbound = new CopyOnWriteArrayList<>();
		backend.subscribe("secure/inbound.*", inbound::add);
		await().until(() -> gateway.subscribers("secure/inbound").contains(backend.connectionInfo().id()));
		DefaultRealtimeClient device = connected("device", List.of(JwtTestTokens.write("*")));
		backend.subscribe("secure/inbound.create", (message) -> message.replyHandle()
			.orElseThrow()
			.reply("created " + message.payloadAsJson().get("n").asInt()));
		RealtimeReply reply = device.send(Map.of("n", 7), "create").waitForReply().join();
		assertThat(reply.data().asString()).isEqualTo("created 7");
		await().until(() -> inbound.stream().anyMatch((m) -> m.routingKey().equals("secure/inbound.presence")));
		assertThat(inbound).extracting(PubSubMessage::routingKey).contains("secure/inbound.create");
	}

	@Test
	void replyTimesOutWhenNobodyReplies() {
		DefaultRealtimeClient client = connected("lonely", RealtimeClients.all());
		CompletableFuture<RealtimeReply> reply = client.send("hello", "nobody").waitForReply(Duration.ofMillis(200));
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> reply.get(5, TimeUnit.SECONDS))
			.withCauseInstanceOf(PubSubTimeoutException.class);
	}

	@Test
	void deliveryWithoutConnectionIdCannotBeRepliedTo() {
		DefaultRealtimeClient client = connected("no-reply", RealtimeClients.all());
		CompletableFuture<PubSubMessage> received = new CompletableFuture<>();
		client.subscribe("anon.event", received::complete);
		gateway.injectText(client.connectionInfo().id(),
				"{\"topic\":\"anon\",\"messageType\":\"event\",\"data\":{\"payload\":1,\"id\":\"x\"}}");
		assertThat(received.join().replyHandle()).isEmpty();
	}

	@Test
	void responseOnAPrivateTopicCompletesTheReplyAndAlsoFiresTheEvent() {
		DefaultRealtimeClient client = connected("priv", RealtimeClients.all());
		List<String> events = new CopyOnWriteArrayList<>();
		client.subscribe("**", (message) -> events.add(message.routingKey()));
		gateway.setAckMode(AckMode.NONE);
		RealtimePublication publication = client.publish("nowhere", "q", "ask", false, "9f2c01");
		String id = client.connectionInfo().id();
		gateway.injectText(id, "{\"topic\":\"priv/" + id + "\",\"messageType\":\"response\",\"data\":{\"payload\":"
				+ "{\"data\":1,\"status\":\"ok\",\"id\":\"9f2c01\"}}}");
		assertThat(publication.waitForReply().join().data().asInt()).isEqualTo(1);
		gateway.injectText(id, "{\"topic\":\"chat\",\"messageType\":\"response\",\"data\":{\"payload\":"
				+ "{\"data\":2,\"status\":\"ok\",\"id\":\"other\"}}}");
		await().until(() -> events.contains("chat.response"));
		assertThat(events).contains("priv/" + id + ".response");
	}

	@Test
	void badFramesAreCountedReportedAndTheConnectionKeepsWorking() {
		DefaultRealtimeClient client = connected("bad-input", RealtimeClients.all());
		List<Throwable> errors = new CopyOnWriteArrayList<>();
		client.addConnectionListener((event) -> {
			if (event.type() == ConnectionEventType.ERROR && event.cause() != null) {
				errors.add(event.cause());
			}
		});
		List<String> received = new CopyOnWriteArrayList<>();
		client.subscribe("ok.*", (message) -> received.add(message.asString()));
		String id = client.connectionInfo().id();
		await().until(() -> gateway.subscribers("ok").contains(id));
		gateway.injectText(id, "not json");
		gateway.injectText(id, "[1,2,3]");
		gateway.injectText(id, "{\"type\":\"mystery\",\"data\":{}}");
		gateway.injectText(id, "{\"topic\":\"main\",\"messageType\":\"welcome\",\"data\":{}}");
		gateway.injectBinary(id, new byte[] { (byte) 0xff, 0x00, 0x12 });
		gateway.injectText(id, "{\"topic\":\"ok\",\"data\":{\"payload\":\"no type\"}}");
		gateway.injectText(id, "{\"topic\":\"ok\",\"messageType\":\"\",\"data\":{\"payload\":\"empty type\"}}");
		gateway.injectText(id, "{\"topic\":\"ok\",\"messageType\":\"big\",\"data\":{\"payload\":\""
				+ "x".repeat(10 * 1024 * 1024) + "\"}}");
		gateway.publish("ok", "fine", "still working");
		await().atMost(Duration.ofSeconds(20)).until(() -> received.contains("still working"));
		assertThat(received).containsExactly("still working");
		assertThat(client.metrics().malformed()).isEqualTo(6);
		await().until(() -> errors.size() >= 6);
		assertThat(errors).allSatisfy((e) -> assertThat(e).isInstanceOf(PubSubProtocolException.class));
		assertThat(errors).anySatisfy((e) -> assertThat(e).hasMessageContaining("exceeds max-frame-size"));
		assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
		assertThat(gateway.connection(id).isOpen()).isTrue();
	}

	@Test
	void unparsableBinaryFrameIsSkippedToo() {
		DefaultRealtimeClient client = connected("bad-binary", RealtimeClients.all());
		gateway.injectBinary(client.connectionInfo().id(), "{\"topic\":".getBytes(StandardCharsets.UTF_8));
		await().until(() -> client.metrics().malformed() == 1);
		assertThat(client.isConnected()).isTrue();
	}

	@Test
	void expiredTokenIsRefusedAtTheUpgradeWithAClearError() {
		RealtimeAccessTokenProvider expired = () -> gateway.tokens()
			.mint("late", Duration.ofSeconds(-60), RealtimeClients.all());
		DefaultRealtimeClient client = new DefaultRealtimeClient("expired",
				new org.springframework.web.socket.client.standard.StandardWebSocketClient(),
				RealtimeUrlProvider.of(gateway.url(), gateway.appId(), expired),
				tools.jackson.databind.json.JsonMapper.builder().build(),
				new ReconnectPolicy(true, Duration.ofMillis(10), Duration.ofMillis(10), 1.0, 0.0, 2),
				Duration.ofSeconds(1), Duration.ofSeconds(5), 1024);
		this.clients.add(client);
		assertThatExceptionOfType(java.util.concurrent.CompletionException.class)
			.isThrownBy(() -> client.connect().join())
			.withCauseInstanceOf(PubSubAuthenticationException.class)
			.withMessageContaining("HTTP 401")
			.withMessageNotContaining("eyJ");
		assertThat(client.state()).isEqualTo(ConnectionState.FAILED);
		assertThat(client.metrics().connectFailures()).isEqualTo(3);
		assertThat(client.lastError()).isInstanceOf(PubSubAuthenticationException.class);
	}

	@Test
	void publishWhileDisconnectedFailsClearly() {
		DefaultRealtimeClient client = RealtimeClients.client(gateway, "offline", RealtimeClients.all());
		this.clients.add(client);
		assertThatExceptionOfType(PubSubNotConnectedException.class)
			.isThrownBy(() -> client.publish("t", "x", "m"))
			.withMessageContaining("'offline' is not connected");
		assertThat(client.publish("t", "x")).isCompletedExceptionally();
	}

	@Test
	void pendingWaitersFailFastWhenTheConnectionDrops() {
		DefaultRealtimeClient client = connected("drop-waiters", RealtimeClients.all());
		gateway.setAckMode(AckMode.NONE);
		CompletableFuture<Void> ack = client.publish("t", "x", "m").waitForAck(Duration.ofSeconds(60));
		CompletableFuture<RealtimeReply> reply = client.send("x", "m").waitForReply(Duration.ofSeconds(60));
		gateway.drop(client.connectionInfo().id());
		await().atMost(Duration.ofSeconds(5)).until(() -> ack.isDone() && reply.isDone());
		assertThat(ack).failsWithin(Duration.ZERO)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(PubSubConnectionLostException.class);
		assertThat(reply).isCompletedExceptionally();
		assertThat(client.pendingWaiters()).isZero();
	}

	@Test
	void serverCloseReconnectsButUserDisconnectDoesNotAndConnectWorksAgain() {
		AtomicInteger tokenRequests = new AtomicInteger();
		DefaultRealtimeClient client = RealtimeClients.client(gateway, "cycle", RealtimeClients.all(),
				RealtimeClients.FAST, Duration.ofSeconds(5), tokenRequests);
		this.clients.add(client);
		client.connect().join();
		client.subscribeRemoteTopic("keep");
		String first = client.connectionInfo().id();
		gateway.close(first, 1000, "bye");
		await().until(() -> client.isConnected() && !first.equals(client.connectionInfo().id()));
		String second = client.connectionInfo().id();
		await().until(() -> gateway.subscribers("keep").contains(second));
		assertThat(tokenRequests).hasValue(2);
		client.disconnect();
		assertThat(client.state()).isEqualTo(ConnectionState.DISCONNECTED);
		await().during(Duration.ofMillis(300)).until(() -> gateway.subscribers("keep").isEmpty());
		assertThat(client.state()).isEqualTo(ConnectionState.DISCONNECTED);
		client.connect().join();
		await().until(() -> gateway.subscribers("keep").contains(client.connectionInfo().id()));
	}

	@Test
	void unsubscribeRemoteTopicStopsDeliveries() {
		DefaultRealtimeClient client = connected("unsub", RealtimeClients.all());
		client.subscribeRemoteTopic("news");
		String id = client.connectionInfo().id();
		await().until(() -> gateway.subscribers("news").contains(id));
		client.unsubscribeRemoteTopic("news");
		await().until(() -> !gateway.subscribers("news").contains(id));
		assertThat(client.remoteTopics()).isEmpty();
	}

}
