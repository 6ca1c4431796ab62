package dev.pubsub.test.emitter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.pubsub.core.ConnectionEvent;
import dev.pubsub.core.ConnectionEventType;
import dev.pubsub.core.PubSubMessageTooLargeException;
import dev.pubsub.core.PubSubNotConnectedException;
import dev.pubsub.core.PubSubProtocolException;
import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.emitter.EmitterClientSettings;
import dev.pubsub.emitter.EmitterPublishOptions;
import dev.pubsub.emitter.OfflinePublishMode;
import dev.pubsub.emitter.PahoEmitterClient;

import static dev.pubsub.test.emitter.EmbeddedEmitterBrokerTests.WAIT;
import static dev.pubsub.test.emitter.EmbeddedEmitterBrokerTests.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Bad input from the broker and from the caller: clear errors, counted, nothing crashes.
 */
class EmitterClientBadInputTests {

	private final EmbeddedEmitterBroker broker = new EmbeddedEmitterBroker();

	private final List<PahoEmitterClient> clients = new ArrayList<>();

	private PahoEmitterClient client;

	private final List<ConnectionEvent> errors = new CopyOnWriteArrayList<>();

	@BeforeEach
	void start() throws Exception {
		this.broker.start();
		this.client = EmbeddedEmitterBrokerTests.client(this.broker, "bad", null);
		this.clients.add(this.client);
		this.client.addConnectionListener((event) -> {
			if (event.type() == ConnectionEventType.ERROR) {
				this.errors.add(event);
			}
		});
		this.client.connect().get(10, TimeUnit.SECONDS);
	}

	@AfterEach
	void stop() {
		this.clients.forEach(PahoEmitterClient::destroy);
		this.broker.stop();
	}

	record Reading(String sensor, double value) {
	}

	@Test
	void payloadThatIsNotTheHandlersTypeIsCountedAndTheNextOneStillArrives() throws Exception {
		String key = this.broker.createKey("readings/", "rw");
		List<Reading> readings = new CopyOnWriteArrayList<>();
		result(this.client.subscribe(key, "readings", 0,
				(message) -> readings.add(message.payloadAs(Reading.class))));
		result(this.client.publish(key, "readings", "not json", EmitterPublishOptions.defaults().withAtLeastOnce()));
		result(this.client.publish(key, "readings", new Reading("t1", 20.5),
				EmitterPublishOptions.defaults().withAtLeastOnce()));
		await().atMost(WAIT).until(() -> readings.size() == 1);
		assertThat(readings).containsExactly(new Reading("t1", 20.5));
		assertThat(this.client.metrics().listenerErrors()).isEqualTo(1);
		assertThat(this.client.isConnected()).isTrue();
	}

	@Test
	void oversizedPayloadIsRefusedBeforeItReachesTheBroker() throws Exception {
		String key = this.broker.createKey("big/", "rw");
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> result(this.client.publish(key, "big", new byte[65_536], EmitterPublishOptions.defaults())))
			.havingCause()
			.isInstanceOf(PubSubMessageTooLargeException.class)
			.withMessageContaining("exceeds the limit of 65536 bytes");
		List<byte[]> received = new CopyOnWriteArrayList<>();
		result(this.client.subscribe(key, "big", 0, (message) -> received.add(message.asBytes())));
		int largest = 65_536 - 2 - (key + "/big/").length() - 2;
		result(this.client.publish(key, "big", new byte[largest], EmitterPublishOptions.defaults().withAtLeastOnce()));
		await().atMost(WAIT).until(() -> received.size() == 1);
		assertThat(received.get(0)).hasSize(largest);
		assertThat(this.client.metrics().reconnects()).isZero();
	}

	@Test
	void malformedBrokerResponseIsCountedAndReported() throws Exception {
		this.broker.sendToAll("emitter/keygen/", "{not json");
		await().atMost(WAIT).until(() -> this.client.metrics().malformed() == 1);
		await().atMost(WAIT).until(() -> this.errors.stream().anyMatch((event) -> event.cause() instanceof PubSubProtocolException));
		assertThat(result(this.client.keygen(this.broker.secretKey(), "after/", "rw", 0)).key()).hasSize(32);
	}

	@Test
	void responseForAnUnknownRequestIdIsCountedAndReported() throws Exception {
		this.broker.sendToAll("emitter/keygen/", "{\"req\":4242,\"status\":200,\"key\":\"x\",\"channel\":\"a/\"}");
		await().atMost(WAIT).until(() -> this.client.metrics().unmatchedResponses() == 1);
		await().atMost(WAIT).until(() -> this.errors.stream()
			.anyMatch((event) -> event.cause() != null && event.cause().getMessage().contains("unknown request id 4242")));
		assertThat(this.client.isConnected()).isTrue();
	}

	@Test
	void presenceEventWithoutWhoIsCountedAsMalformed() {
		this.broker.sendToAll("emitter/presence/", "{\"event\":\"subscribe\",\"channel\":\"a/\"}");
		await().atMost(WAIT).until(() -> this.client.metrics().malformed() == 1);
	}

	@Test
	void invalidCallsFailWithClearMessages() {
		assertThatIllegalArgumentException().isThrownBy(() -> EmitterPublishOptions.defaults().withTtl(-1));
		assertThatIllegalArgumentException().isThrownBy(() -> new EmitterPublishOptions(0, false, false, 2))
			.withMessageContaining("QoS 0 and 1 only");
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> result(this.client.publish("k", "a/+/", "x", EmitterPublishOptions.defaults())))
			.havingCause()
			.withMessageContaining("wildcards are for subscribing only");
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> result(this.client.publish("a/b", "x")))
			.havingCause()
			.withMessageContaining("No Emitter channel key");
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.validatePattern("sensors.*"));
	}

	@Test
	void publishesWhileReconnectingAreQueuedAndSentInOrderAfterTheSubscriptionsAreBack() throws Exception {
		String key = this.broker.createKey("queued/", "rw");
		List<String> received = new CopyOnWriteArrayList<>();
		result(this.client.subscribe(key, "queued", 0, (message) -> received.add(message.asString())));
		this.broker.stop();
		await().atMost(WAIT).until(() -> !this.client.isConnected());
		List<java.util.concurrent.CompletableFuture<?>> sent = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			sent.add(this.client.publish(key, "queued", "q" + i, EmitterPublishOptions.defaults().withAtLeastOnce()));
		}
		assertThat(sent).noneMatch(java.util.concurrent.CompletableFuture::isDone);
		this.broker.start();
		for (java.util.concurrent.CompletableFuture<?> future : sent) {
			future.get(10, TimeUnit.SECONDS);
		}
		await().atMost(WAIT).until(() -> received.size() == 5);
		assertThat(received).containsExactly("q0", "q1", "q2", "q3", "q4");
	}

	@Test
	void failFastModeRefusesPublishesWhileDisconnected() throws Exception {
		EmitterClientSettings settings = EmitterClientSettings.of(this.broker.host(), this.broker.port())
			.withOfflinePublishing(OfflinePublishMode.FAIL, 0);
		PahoEmitterClient failFast = new PahoEmitterClient("fail-fast", settings, JsonMapper.builder().build(),
				new ReconnectPolicy(true, Duration.ofMillis(50), Duration.ofMillis(500), 2.0, 0.1,
						ReconnectPolicy.UNLIMITED),
				Duration.ofSeconds(5));
		this.clients.add(failFast);
		failFast.connect().get(10, TimeUnit.SECONDS);
		this.broker.stop();
		await().atMost(WAIT).until(() -> !failFast.isConnected());
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> result(failFast.publish("k", "a", "x", EmitterPublishOptions.defaults())))
			.havingCause()
			.isInstanceOf(PubSubNotConnectedException.class)
			.withMessageContaining("not connected");
	}

	@Test
	void queuedPublishesFailWhenTheClientIsDisconnected() throws Exception {
		this.broker.stop();
		await().atMost(WAIT).until(() -> !this.client.isConnected());
		java.util.concurrent.CompletableFuture<?> queued = this.client.publish("k", "a", "x", EmitterPublishOptions.defaults());
		this.client.disconnect();
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> queued.get(10, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOf(PubSubNotConnectedException.class);
	}

}
