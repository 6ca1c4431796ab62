package dev.pubsub.emitter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import dev.pubsub.core.OverflowPolicy;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.PublishReceipt;
import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.core.SubscribeOptions;
import dev.pubsub.core.Subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The Emitter client against the real Go broker (see {@code interop/emitter/setup.sh}).
 */
class EmitterRealBrokerTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static EmitterBrokerProcess broker;

	private final List<PahoEmitterClient> clients = new ArrayList<>();

	@BeforeAll
	static void startBroker() throws Exception {
		broker = EmitterBrokerProcess.start();
	}

	@AfterAll
	static void stopBroker() throws Exception {
		if (broker != null) {
			broker.close();
		}
	}

	@AfterEach
	void closeClients() {
		this.clients.forEach(PahoEmitterClient::destroy);
	}

	private PahoEmitterClient connect(@Nullable String username) throws Exception {
		EmitterClientSettings settings = EmitterClientSettings.of("127.0.0.1", broker.port()).withUsername(username);
		PahoEmitterClient client = new PahoEmitterClient("emitter" + this.clients.size(), settings,
				JsonMapper.builder().build(), new ReconnectPolicy(true, Duration.ofMillis(100), Duration.ofSeconds(1),
						2.0, 0.1, ReconnectPolicy.UNLIMITED),
				Duration.ofSeconds(5));
		this.clients.add(client);
		client.connect().get(10, TimeUnit.SECONDS);
		return client;
	}

	private static <T> T result(CompletableFuture<T> future) throws Exception {
		return future.get(10, TimeUnit.SECONDS);
	}

	@ParameterizedTest
	@ValueSource(strings = { "r", "w", "s", "l", "p", "e", "x", "rwslp" })
	void keygenGrantsEachPermissionLetter(String permissions) throws Exception {
		PahoEmitterClient client = connect(null);
		List<EmitterKey> notified = new CopyOnWriteArrayList<>();
		client.onKeygen(notified::add);
		EmitterKey key = result(client.keygen(broker.secret(), "perm/" + permissions + "/", permissions, 0));
		assertThat(key.key()).hasSize(32);
		assertThat(key.channel()).isEqualTo("perm/" + permissions + "/");
		await().atMost(WAIT).until(() -> notified.contains(key));
	}

	@Test
	void concurrentRequestsAreMatchedByTheirOwnRequestId() throws Exception {
		PahoEmitterClient client = connect(null);
		List<CompletableFuture<EmitterKey>> keys = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			keys.add(client.keygen(broker.secret(), "many/" + i + "/", "rw", 0));
		}
		for (int i = 0; i < 20; i++) {
			assertThat(result(keys.get(i)).channel()).isEqualTo("many/" + i + "/");
		}
	}

	@Test
	void publishesAndSubscribesWithAGeneratedKey() throws Exception {
		PahoEmitterClient client = connect(null);
		String key = result(client.keygen(broker.secret(), "chat/#/", "rw", 0)).key();
		List<PubSubMessage> received = new CopyOnWriteArrayList<>();
		List<String> threads = new CopyOnWriteArrayList<>();
		result(client.subscribe(key, "chat", 0, (message) -> {
			threads.add(Thread.currentThread().getName());
			received.add(message);
		}));
		result(client.publish(key, "chat", "hello", EmitterPublishOptions.defaults()));
		result(client.publish(key, "chat/room1", new byte[] { 0, 1, 2, (byte) 255 },
				EmitterPublishOptions.defaults().withAtLeastOnce()));
		result(client.publish(key, "chat", Map.of("text", "hi", "n", 3), EmitterPublishOptions.defaults()));
		await().atMost(WAIT).until(() -> received.size() == 3);
		assertThat(received.get(0).topic()).isEqualTo("chat/");
		assertThat(received.get(0).asString()).isEqualTo("hello");
		assertThat(received.get(1).topic()).isEqualTo("chat/room1/");
		assertThat(received.get(1).asBytes()).containsExactly(0, 1, 2, 255);
		assertThat(received.get(2).payloadAsJson().path("n").asInt()).isEqualTo(3);
		assertThat(threads).noneMatch((name) -> name.startsWith("MQTT"));
	}

	@Test
	void excludeMeDoesNotEchoToThePublisher() throws Exception {
		PahoEmitterClient publisher = connect(null);
		PahoEmitterClient other = connect(null);
		String key = result(publisher.keygen(broker.secret(), "echo/", "rw", 0)).key();
		List<String> own = new CopyOnWriteArrayList<>();
		List<String> others = new CopyOnWriteArrayList<>();
		result(publisher.subscribe(key, "echo", 0, (message) -> own.add(message.asString())));
		result(other.subscribe(key, "echo", 0, (message) -> others.add(message.asString())));
		result(publisher.publish(key, "echo", "quiet", EmitterPublishOptions.defaults().withoutEcho().withAtLeastOnce()));
		result(publisher.publish(key, "echo", "loud", EmitterPublishOptions.defaults().withAtLeastOnce()));
		await().atMost(WAIT).until(() -> others.size() == 2 && own.size() == 1);
		assertThat(own).containsExactly("loud");
	}

	@Test
	void lastReplaysStoredMessages() throws Exception {
		PahoEmitterClient publisher = connect(null);
		String key = result(publisher.keygen(broker.secret(), "stored/", "rwsl", 0)).key();
		for (int i = 1; i <= 3; i++) {
			result(publisher.publish(key, "stored", "m" + i,
					EmitterPublishOptions.defaults().withTtl(60).withAtLeastOnce()));
		}
		PahoEmitterClient subscriber = connect(null);
		List<String> received = new CopyOnWriteArrayList<>();
		result(subscriber.subscribe(key, "stored", 2, (message) -> received.add(message.asString())));
		await().atMost(WAIT).until(() -> received.size() == 2);
		// the real broker orders replays by message id, which is not chronological within one second
		assertThat(received).containsExactlyInAnyOrder("m2", "m3");
	}

	@Test
	void retainedMessageReachesANewSubscriber() throws Exception {
		PahoEmitterClient publisher = connect(null);
		String key = result(publisher.keygen(broker.secret(), "retained/", "rwsl", 0)).key();
		result(publisher.publish(key, "retained", "first", EmitterPublishOptions.defaults().withRetain().withAtLeastOnce()));
		PahoEmitterClient subscriber = connect(null);
		List<PubSubMessage> received = new CopyOnWriteArrayList<>();
		result(subscriber.subscribe(key, "retained", 1, received::add));
		await().atMost(WAIT).until(() -> received.size() == 1);
		assertThat(received.get(0).asString()).isEqualTo("first");
	}

	@Test
	void storedMessagesExpireAfterTheirTtl() throws Exception {
		PahoEmitterClient publisher = connect(null);
		String key = result(publisher.keygen(broker.secret(), "expiring/", "rwsl", 0)).key();
		result(publisher.publish(key, "expiring", "short", EmitterPublishOptions.defaults().withTtl(1).withAtLeastOnce()));
		result(publisher.publish(key, "expiring", "long", EmitterPublishOptions.defaults().withTtl(600).withAtLeastOnce()));
		long published = System.nanoTime();
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
			List<String> replayed = replay(key, "expiring");
			return replayed.equals(List.of("long"));
		});
		assertThat(System.nanoTime() - published).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(900));
	}

	private List<String> replay(String key, String channel) throws Exception {
		PahoEmitterClient reader = connect(null);
		try {
			List<String> received = new CopyOnWriteArrayList<>();
			result(reader.subscribe(key, channel, 10, (message) -> received.add(message.asString())));
			await().atMost(WAIT).until(() -> received.contains("long"));
			return List.copyOf(received);
		}
		finally {
			reader.destroy();
		}
	}

	@Test
	void presenceReportsStatusAndChangesWithUsernames() throws Exception {
		PahoEmitterClient watcher = connect("alice");
		String key = result(watcher.keygen(broker.secret(), "room/", "rp", 0)).key();
		List<EmitterPresenceEvent> events = new CopyOnWriteArrayList<>();
		watcher.onPresence(events::add);
		EmitterPresenceStatus initial = result(watcher.presence(key, "room", true, true));
		assertThat(initial.channel()).isEqualTo("room/");
		assertThat(initial.who()).isEmpty();

		PahoEmitterClient bob = connect("bob");
		result(bob.subscribe(key, "room", 0, (message) -> {
		}));
		String bobId = result(bob.me()).id();
		await().atMost(WAIT).until(() -> events.stream().anyMatch((e) -> "subscribe".equals(e.event())));
		EmitterPresenceEvent subscribed = events.get(0);
		assertThat(subscribed.channel()).isEqualTo("room/");
		assertThat(subscribed.who()).isEqualTo(new EmitterPresenceMember(bobId, "bob"));

		EmitterPresenceStatus status = result(watcher.presence(key, "room", true, null));
		assertThat(status.who()).containsExactly(new EmitterPresenceMember(bobId, "bob"));

		bob.disconnect();
		await().atMost(WAIT).until(() -> events.stream().anyMatch((e) -> "unsubscribe".equals(e.event())));
		assertThat(events).filteredOn((e) -> "unsubscribe".equals(e.event()))
			.extracting(EmitterPresenceEvent::who)
			.containsExactly(new EmitterPresenceMember(bobId, "bob"));
	}

	@Test
	void linksPublishToTheirChannelAndAppearInMe() throws Exception {
		PahoEmitterClient client = connect(null);
		PahoEmitterClient other = connect(null);
		String key = result(client.keygen(broker.secret(), "linked/", "rw", 0)).key();
		List<String> received = new CopyOnWriteArrayList<>();
		result(other.subscribe(key, "linked", 0, (message) -> received.add(message.topic() + message.asString())));
		List<EmitterLink> notified = new CopyOnWriteArrayList<>();
		client.onLink(notified::add);
		EmitterLink link = result(client.link("a0", key, "linked", EmitterPublishOptions.defaults(), false));
		assertThat(link).isEqualTo(new EmitterLink("a0", "linked/"));
		result(client.publishWithLink("a0", "via link", EmitterPublishOptions.defaults().withAtLeastOnce()));
		await().atMost(WAIT).until(() -> received.contains("linked/via link"));
		EmitterMe me = result(client.me());
		assertThat(me.id()).hasSize(26);
		assertThat(me.links()).containsEntry("a0", "linked/");
		await().atMost(WAIT).until(() -> notified.contains(link));
	}

	@Test
	void linkWithSubscribeSubscribesTheConnection() throws Exception {
		PahoEmitterClient client = connect(null);
		String key = result(client.keygen(broker.secret(), "autosub/", "rw", 0)).key();
		List<String> received = new CopyOnWriteArrayList<>();
		client.subscribe("autosub", (message) -> received.add(message.asString()),
				new SubscribeOptions(1, 100, OverflowPolicy.DROP_NEWEST, false, Map.of()));
		result(client.link("b1", key, "autosub", EmitterPublishOptions.defaults(), true));
		result(client.publishWithLink("b1", "self", EmitterPublishOptions.defaults().withAtLeastOnce()));
		await().atMost(WAIT).until(() -> received.contains("self"));
	}

	@Test
	void wrongKeyIsRefusedWithTheBrokersError() throws Exception {
		PahoEmitterClient client = connect(null);
		List<EmitterError> errors = new CopyOnWriteArrayList<>();
		client.onError(errors::add);

		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> result(client.subscribe("notavalidkey0000000000000000000x", "secret", 0, (message) -> {
			})))
			.havingCause()
			.isInstanceOf(EmitterRequestException.class)
			.satisfies((ex) -> assertThat(((EmitterRequestException) ex).getStatus()).isEqualTo(401));
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> result(client.keygen("notthesecret", "secret/", "rw", 0)))
			.havingCause()
			.isInstanceOf(EmitterRequestException.class)
			.withMessageContaining("status 401");
		client.publish("notavalidkey0000000000000000000x", "secret", "x", EmitterPublishOptions.defaults());
		await().atMost(WAIT).until(() -> errors.size() >= 3);
		assertThat(errors).allSatisfy((error) -> assertThat(error.status()).isEqualTo(401));
		assertThat(client.lastError()).isInstanceOf(EmitterRequestException.class);
		assertThat(client.isConnected()).isTrue();
	}

	@Test
	void everyRefusedQos1PublishFailsAndEveryAcceptedOneSucceeds() throws Exception {
		PahoEmitterClient publisher = connect(null);
		PahoEmitterClient subscriber = connect(null);
		String readOnly = result(publisher.keygen(broker.secret(), "refused/", "r", 0)).key();
		String writable = result(publisher.keygen(broker.secret(), "refused/", "rw", 0)).key();
		List<String> delivered = new CopyOnWriteArrayList<>();
		result(subscriber.subscribe(writable, "refused", 0, (message) -> delivered.add(message.asString())));
		List<EmitterError> errors = new CopyOnWriteArrayList<>();
		publisher.onError(errors::add);
		EmitterPublishOptions atLeastOnce = EmitterPublishOptions.defaults().withAtLeastOnce();

		// the broker writes each refusal on emitter/error/ before the PUBACK of the same packet
		Map<String, CompletableFuture<PublishReceipt>> refused = new LinkedHashMap<>();
		Map<String, CompletableFuture<PublishReceipt>> accepted = new LinkedHashMap<>();
		for (int i = 0; i < 200; i++) {
			refused.put("refused-" + i, publisher.publish(readOnly, "refused", "refused-" + i, atLeastOnce));
			if (i % 10 == 0) {
				accepted.put("accepted-" + i, publisher.publish(writable, "refused", "accepted-" + i, atLeastOnce));
			}
		}

		List<String> reportedAsSent = new ArrayList<>();
		for (Map.Entry<String, CompletableFuture<PublishReceipt>> entry : refused.entrySet()) {
			try {
				result(entry.getValue());
				reportedAsSent.add(entry.getKey());
			}
			catch (ExecutionException ex) {
				assertThat(ex.getCause()).as(entry.getKey()).isInstanceOf(EmitterRequestException.class);
				assertThat(((EmitterRequestException) ex.getCause()).getStatus()).as(entry.getKey()).isEqualTo(401);
			}
		}
		assertThat(reportedAsSent).as("refused publishes reported as sent").isEmpty();
		for (Map.Entry<String, CompletableFuture<PublishReceipt>> entry : accepted.entrySet()) {
			assertThat(result(entry.getValue()).acknowledged()).as(entry.getKey()).isTrue();
		}
		result(publisher.publish(writable, "refused", "sentinel", atLeastOnce));
		await().atMost(WAIT).until(() -> delivered.contains("sentinel"));
		List<String> expected = new ArrayList<>(accepted.keySet());
		expected.add("sentinel");
		assertThat(delivered).containsExactlyElementsOf(expected);
		await().atMost(WAIT).until(() -> errors.size() >= 200);
		assertThat(errors).hasSize(200).allSatisfy((error) -> assertThat(error.status()).isEqualTo(401));
		assertThat(publisher.isConnected()).isTrue();
	}

	@Test
	void badRequestsAreReportedNotFatal() throws Exception {
		PahoEmitterClient client = connect(null);
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> result(client.link("toolong", "k", "c", EmitterPublishOptions.defaults(), false)))
			.havingCause()
			.isInstanceOf(IllegalArgumentException.class);
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> result(client.publish("k", "c", new byte[70_000], EmitterPublishOptions.defaults())))
			.havingCause()
			.isInstanceOf(dev.pubsub.core.PubSubMessageTooLargeException.class);
		assertThat(result(client.keygen(broker.secret(), "still/", "r", 0)).key()).hasSize(32);
	}

	@Test
	void extendKeyGeneratesAPrivateChannelForThisConnection() throws Exception {
		PahoEmitterClient client = connect(null);
		String extendKey = result(client.keygen(broker.secret(), "private/", "rwe", 0)).key();
		EmitterKey privateKey = result(client.keygen(extendKey, "private/", "rw", 0));
		String id = result(client.me()).id();
		assertThat(privateKey.channel()).isEqualTo("private/" + id + "/");
		List<String> received = new CopyOnWriteArrayList<>();
		result(client.subscribe(privateKey.key(), privateKey.channel(), 0, (message) -> received.add(message.asString())));
		result(client.publish(privateKey.key(), privateKey.channel(), "mine",
				EmitterPublishOptions.defaults().withAtLeastOnce()));
		await().atMost(WAIT).until(() -> received.contains("mine"));
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> result(client.subscribe(extendKey, "private", 0, (message) -> {
			})))
			.havingCause()
			.isInstanceOf(EmitterRequestException.class);
	}

	@Test
	void subscriptionsLinksAndPresenceAreRestoredAfterAReconnect() throws Exception {
		PahoEmitterClient client = connect("carol");
		PahoEmitterClient publisher = connect(null);
		String key = result(client.keygen(broker.secret(), "restore/", "rwp", 0)).key();
		List<String> received = new CopyOnWriteArrayList<>();
		Subscription subscription = result(client.subscribe(key, "restore", 0, (message) -> received.add(message.asString())));
		result(client.link("r1", key, "restore", EmitterPublishOptions.defaults(), false));
		List<EmitterPresenceEvent> events = new CopyOnWriteArrayList<>();
		client.onPresence(events::add);
		result(client.presence(key, "restore", false, true));
		String firstId = result(client.me()).id();

		forceDrop(client);
		await().atMost(WAIT).until(() -> client.isConnected() && client.metrics().reconnects() == 1);

		EmitterMe me = result(client.me());
		assertThat(me.id()).isNotEqualTo(firstId);
		assertThat(me.links()).containsEntry("r1", "restore/");
		result(publisher.publish(key, "restore", "after", EmitterPublishOptions.defaults().withAtLeastOnce()));
		await().atMost(WAIT).until(() -> received.contains("after"));
		assertThat(subscription.isActive()).isTrue();
		result(publisher.subscribe(key, "restore", 0, (message) -> {
		}));
		String publisherId = result(publisher.me()).id();
		await().atMost(WAIT).until(() -> events.stream()
			.anyMatch((event) -> "subscribe".equals(event.event()) && publisherId.equals(event.who().id())));
	}

	/**
	 * Drop the TCP connection under the client, as a network failure would.
	 */
	static void forceDrop(PahoEmitterClient client) throws Exception {
		java.lang.reflect.Field wireField = PahoEmitterClient.class.getDeclaredField("wire");
		wireField.setAccessible(true);
		org.eclipse.paho.client.mqttv3.MqttAsyncClient paho = ((EmitterWire) wireField.get(client)).session().paho();
		java.lang.reflect.Field comms = org.eclipse.paho.client.mqttv3.MqttAsyncClient.class.getDeclaredField("comms");
		comms.setAccessible(true);
		Object clientComms = comms.get(paho);
		java.lang.reflect.Method shutdown = clientComms.getClass()
			.getDeclaredMethod("shutdownConnection", org.eclipse.paho.client.mqttv3.MqttToken.class,
					org.eclipse.paho.client.mqttv3.MqttException.class);
		shutdown.setAccessible(true);
		shutdown.invoke(clientComms, null, new org.eclipse.paho.client.mqttv3.MqttException(
				org.eclipse.paho.client.mqttv3.MqttException.REASON_CODE_CONNECTION_LOST));
	}

}
