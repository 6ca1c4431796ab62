package dev.pubsub.emitter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.pubsub.core.ConnectionEvent;
import dev.pubsub.core.ConnectionEventType;
import dev.pubsub.core.ConnectionState;
import dev.pubsub.core.PubSubConnectionLostException;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.PubSubMessageTooLargeException;
import dev.pubsub.core.PubSubNotConnectedException;
import dev.pubsub.core.PublishReceipt;
import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.core.SubscribeOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The Emitter client's MQTT layer against a real, independent MQTT broker: Debian's Mosquitto
 * 2.0 (see {@code interop/mosquitto/setup.sh}), killed, restarted and frozen by the tests.
 * <p>
 * Mosquitto is not Emitter: it routes on the whole topic, key and options included, and has no
 * {@code emitter/} requests. A subscription to channel {@code chat} with key {@code K} is the
 * literal MQTT filter {@code K/chat/?last=0}, deliveries keep that full topic, and the client uses
 * it as routing key: a {@code chat} pattern does not match it, a local catch-all ({@code #})
 * does. So these tests prove the wire protocol (CONNECT/CONNACK, SUBSCRIBE/SUBACK, PUBLISH/PUBACK,
 * keep-alive, topics as built) and the client's reliability against a broker it did not write;
 * Emitter routing is proved against the embedded and the real Emitter broker.
 */
class EmitterMosquittoTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private static final String KEY = "mosquittokey";

	private static MosquittoProcess mosquitto;

	private final List<PahoEmitterClient> clients = new ArrayList<>();

	private final List<MqttClient> bareClients = new ArrayList<>();

	@BeforeAll
	static void startBroker() throws Exception {
		mosquitto = MosquittoProcess.launch();
	}

	@AfterAll
	static void stopBroker() throws Exception {
		if (mosquitto != null) {
			mosquitto.close();
		}
	}

	@AfterEach
	void closeClients() throws Exception {
		this.clients.forEach(PahoEmitterClient::destroy);
		for (MqttClient bare : this.bareClients) {
			if (bare.isConnected()) {
				bare.disconnectForcibly(0, 500);
			}
			bare.close(true);
		}
		mosquitto.ensureRunning();
	}

	private PahoEmitterClient client(EmitterClientSettings settings) throws Exception {
		PahoEmitterClient client = new PahoEmitterClient("mosquitto" + this.clients.size(), settings,
				JsonMapper.builder().build(), new ReconnectPolicy(true, Duration.ofMillis(50), Duration.ofMillis(500),
						2.0, 0.1, ReconnectPolicy.UNLIMITED),
				Duration.ofSeconds(5));
		this.clients.add(client);
		client.connect().get(10, TimeUnit.SECONDS);
		return client;
	}

	private static EmitterClientSettings settings(Duration keepAlive, OfflinePublishMode mode, int queueCapacity) {
		return new EmitterClientSettings("127.0.0.1", mosquitto.port(), false, null, null, keepAlive,
				Duration.ofSeconds(2), Map.of(), mode, queueCapacity, EmitterTopics.MAX_PACKET_SIZE, 0);
	}

	private PahoEmitterClient client() throws Exception {
		return client(settings(Duration.ofSeconds(30), OfflinePublishMode.QUEUE, 1000));
	}

	/**
	 * A bare Paho client, for what Mosquitto delivers and for publishing on exact MQTT topics.
	 */
	private MqttClient bare() throws Exception {
		MqttClient bare = new MqttClient(mosquitto.uri(), MqttClient.generateClientId(), new MemoryPersistence());
		MqttConnectOptions options = new MqttConnectOptions();
		options.setCleanSession(true);
		bare.connect(options);
		this.bareClients.add(bare);
		return bare;
	}

	private static <T> T result(CompletableFuture<T> future) throws Exception {
		return future.get(10, TimeUnit.SECONDS);
	}

	private static void publishBare(MqttClient bare, String topic, String payload) throws Exception {
		MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
		message.setQos(1);
		bare.publish(topic, message);
	}

	@Test
	void publishesOnTheTopicItBuildsAndTheRealBrokerAcknowledgesQos1() throws Exception {
		PahoEmitterClient client = client();
		List<String> delivered = new CopyOnWriteArrayList<>();
		bare().subscribe(KEY + "/#", 1,
				(topic, message) -> delivered.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8)));
		PublishReceipt acked = result(
				client.publish(KEY, "chat", "hello", EmitterPublishOptions.defaults().withAtLeastOnce()));
		PublishReceipt written = result(client.publish(KEY, "/chat/room1/", Map.of("n", 3), EmitterPublishOptions.defaults()));
		result(client.publish(KEY, "chat", "later", EmitterPublishOptions.defaults().withTtl(60).withoutEcho()
			.withAtLeastOnce()));
		assertThat(acked.acknowledged()).isTrue();
		assertThat(acked.messageId()).isNotNull();
		assertThat(written.acknowledged()).isFalse();
		await().atMost(WAIT).until(() -> delivered.size() == 3);
		assertThat(delivered).containsExactly(KEY + "/chat/ hello", KEY + "/chat/room1/ {\"n\":3}",
				KEY + "/chat/?ttl=60&me=0 later");
		assertThat(mosquitto.log()).contains("q1, r0, m1, '" + KEY + "/chat/', ... (5 bytes)");
	}

	@Test
	void deliveriesKeepTheFullTopicSoOnlyACatchAllPatternSeesThem() throws Exception {
		PahoEmitterClient client = client();
		List<PubSubMessage> onChannel = new CopyOnWriteArrayList<>();
		List<PubSubMessage> catchAll = new CopyOnWriteArrayList<>();
		List<String> threads = new CopyOnWriteArrayList<>();
		result(client.subscribe(KEY, "chat", 0, onChannel::add));
		MqttClient publisher = bare();
		publishBare(publisher, KEY + "/chat/?last=0", "unrouted");
		await().atMost(WAIT).until(() -> client.metrics().unrouted() == 1);
		client.subscribe("#", (message) -> {
			threads.add(Thread.currentThread().getName());
			catchAll.add(message);
		}, SubscribeOptions.defaults());
		publishBare(publisher, KEY + "/chat/?last=0", "{\"n\":1}");
		publishBare(publisher, KEY + "/chat/", "not subscribed");
		await().atMost(WAIT).until(() -> catchAll.size() == 1);
		assertThat(catchAll.get(0).routingKey()).isEqualTo(KEY + "/chat/?last=0");
		assertThat(catchAll.get(0).payloadAsJson().path("n").asInt()).isEqualTo(1);
		assertThat(onChannel).isEmpty();
		assertThat(threads).noneMatch((name) -> name.startsWith("MQTT"));
		assertThat(mosquitto.log()).contains("\t" + KEY + "/chat/?last=0 (QoS 0)");
	}

	@Test
	void subscriptionsAreRestoredAfterEveryRestartOfTheRealBroker() throws Exception {
		PahoEmitterClient client = client();
		List<ConnectionEventType> events = new CopyOnWriteArrayList<>();
		client.addConnectionListener((ConnectionEvent event) -> events.add(event.type()));
		List<String> received = new CopyOnWriteArrayList<>();
		result(client.subscribe(KEY, "restored", 0, (message) -> {
		}));
		result(client.subscribe(KEY, "other/+", 0, (message) -> {
		}));
		client.subscribe("#", (message) -> received.add(message.routingKey() + " " + message.asString()),
				SubscribeOptions.defaults());
		int restarts = 5;
		for (int i = 1; i <= restarts; i++) {
			mosquitto.kill();
			await().atMost(WAIT).until(() -> client.state() == ConnectionState.RECONNECTING);
			mosquitto.start();
			await().atMost(WAIT).until(client::isConnected);
			assertThat(mosquitto.log()).contains("\t" + KEY + "/restored/?last=0 (QoS 0)")
				.contains("\t" + KEY + "/other/+/?last=0 (QoS 0)");
			MqttClient publisher = bare();
			publishBare(publisher, KEY + "/restored/?last=0", "r" + i);
			publishBare(publisher, KEY + "/other/x/?last=0", "o" + i);
			int expected = 2 * i;
			await().atMost(WAIT).until(() -> received.size() == expected);
		}
		assertThat(received).contains(KEY + "/restored/?last=0 r" + restarts, KEY + "/other/x/?last=0 o" + restarts);
		// events arrive in order on the client's event thread; the first CONNECTED may predate the listener
		await().atMost(WAIT).until(() -> afterFirstReconnect(events, ConnectionEventType.CONNECTED) == restarts);
		assertThat(afterFirstReconnect(events, ConnectionEventType.RECONNECTING)).isGreaterThanOrEqualTo(restarts);
	}

	private static long afterFirstReconnect(List<ConnectionEventType> events, ConnectionEventType type) {
		List<ConnectionEventType> seen = List.copyOf(events);
		int first = seen.indexOf(ConnectionEventType.RECONNECTING);
		return (first < 0) ? 0 : seen.subList(first, seen.size()).stream().filter(type::equals).count();
	}

	@Test
	void publishesWhileTheBrokerIsDownAreQueuedOrFailFastAsConfigured() throws Exception {
		PahoEmitterClient queueing = client(settings(Duration.ofSeconds(30), OfflinePublishMode.QUEUE, 3));
		PahoEmitterClient failing = client(settings(Duration.ofSeconds(30), OfflinePublishMode.FAIL, 0));
		mosquitto.kill();
		await().atMost(WAIT).until(() -> queueing.state() == ConnectionState.RECONNECTING
				&& failing.state() == ConnectionState.RECONNECTING);
		List<CompletableFuture<PublishReceipt>> queued = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			queued.add(queueing.publish(KEY, "queued", "q" + i, EmitterPublishOptions.defaults().withAtLeastOnce()));
		}
		CompletableFuture<PublishReceipt> overflow = queueing.publish(KEY, "queued", "q3",
				EmitterPublishOptions.defaults().withAtLeastOnce());
		CompletableFuture<PublishReceipt> failed = failing.publish(KEY, "queued", "f",
				EmitterPublishOptions.defaults().withAtLeastOnce());
		assertThat(queued).noneMatch(CompletableFuture::isDone);
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> overflow.get(1, TimeUnit.SECONDS))
			.withCauseInstanceOf(PubSubNotConnectedException.class)
			.withMessageContaining("offline queue is full");
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> failed.get(1, TimeUnit.SECONDS))
			.withCauseInstanceOf(PubSubNotConnectedException.class);
		mosquitto.start();
		for (CompletableFuture<PublishReceipt> future : queued) {
			assertThat(future.get(WAIT.toSeconds(), TimeUnit.SECONDS).acknowledged()).isTrue();
		}
		await().atMost(WAIT).until(() -> mosquitto.log().split("Received PUBLISH from .*'" + KEY + "/queued/'", -1).length == 4);
		assertThat(mosquitto.log()).doesNotContain("\"f\"");
	}

	@Test
	void enforcesThe64KiBLimitClientSideAndStaysConnected() throws Exception {
		PahoEmitterClient client = client();
		List<Integer> sizes = new CopyOnWriteArrayList<>();
		bare().subscribe(KEY + "/big/", 0, (topic, message) -> sizes.add(message.getPayload().length));
		String topic = KEY + "/big/";
		int largest = EmitterTopics.MAX_PACKET_SIZE - 2 - topic.length() - 2;
		assertThat(result(client.publish(KEY, "big", new byte[largest], EmitterPublishOptions.defaults().withAtLeastOnce()))
			.acknowledged()).isTrue();
		CompletableFuture<PublishReceipt> tooLarge = client.publish(KEY, "big", new byte[largest + 1],
				EmitterPublishOptions.defaults().withAtLeastOnce());
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> tooLarge.get(1, TimeUnit.SECONDS))
			.withCauseInstanceOf(PubSubMessageTooLargeException.class);
		result(client.publish(KEY, "big", new byte[1], EmitterPublishOptions.defaults().withAtLeastOnce()));
		await().atMost(WAIT).until(() -> sizes.size() == 2);
		assertThat(sizes).containsExactly(largest, 1);
		assertThat(client.isConnected()).isTrue();
	}

	@Test
	void aBrokerThatStopsAnsweringIsDetectedByKeepAliveAndRecovered() throws Exception {
		PahoEmitterClient client = client(settings(Duration.ofSeconds(1), OfflinePublishMode.QUEUE, 1000));
		List<String> received = new CopyOnWriteArrayList<>();
		result(client.subscribe(KEY, "frozen", 0, (message) -> {
		}));
		client.subscribe("#", (message) -> received.add(message.asString()), SubscribeOptions.defaults());
		mosquitto.pause();
		CompletableFuture<PublishReceipt> unanswered;
		try {
			unanswered = client.publish(KEY, "frozen", "no ack", EmitterPublishOptions.defaults().withAtLeastOnce());
			await().atMost(WAIT).until(() -> client.state() == ConnectionState.RECONNECTING);
			assertThatExceptionOfType(Exception.class).isThrownBy(() -> unanswered.get(5, TimeUnit.SECONDS))
				.withCauseInstanceOf(PubSubConnectionLostException.class);
		}
		finally {
			mosquitto.resume();
		}
		await().atMost(WAIT).until(client::isConnected);
		publishBare(bare(), KEY + "/frozen/?last=0", "after");
		await().atMost(WAIT).until(() -> received.contains("after"));
	}

}
