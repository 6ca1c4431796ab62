package dev.pubsub.test.observation;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.ObservationContextAssert;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.PublishOptions;
import dev.pubsub.emitter.EmitterClient;
import dev.pubsub.listener.PubSubListener;
import dev.pubsub.realtime.RealtimeClient;
import dev.pubsub.test.emitter.EmbeddedEmitter;
import dev.pubsub.test.realtime.EmbeddedRealtime;
import dev.pubsub.test.realtime.EmbeddedRealtimeGateway;
import dev.pubsub.test.wsrpc.EmbeddedWsRpc;
import dev.pubsub.test.wsrpc.EmbeddedWsRpcServer;
import dev.pubsub.wsrpc.WsRpcPubSubClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code pubsub.listener} and {@code pubsub.publish} observations with their low- and
 * high-cardinality keys, on Realtime, Emitter and wsrpc through their embedded servers, and the
 * timers that follow with a meter observation handler.
 */
@SpringBootTest(classes = PubSubObservationTests.Config.class,
		properties = { "pubsub.observation.enabled=true", "pubsub.clients.python.type=wsrpc",
				"pubsub.clients.python.wsrpc.url=${pubsub.test.wsrpc.url}" })
@EmbeddedRealtime(client = "gateway")
@EmbeddedEmitter(client = "iot")
@EmbeddedWsRpc(client = "events")
class PubSubObservationTests {

	@Autowired
	private RealtimeClient gateway;

	@Autowired
	private EmitterClient iot;

	@Autowired
	private PubSubClient events;

	@Autowired
	private EmbeddedRealtimeGateway realtimeServer;

	@Autowired
	private EmbeddedWsRpcServer wsrpcServer;

	@Autowired
	private TestObservationRegistry observations;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private Config config;

	@Test
	void realtimeListenerAndPublishAreObserved() throws Exception {
		await().atMost(30, TimeUnit.SECONDS)
			.until(() -> this.gateway.isConnected() && this.realtimeServer.subscribers("chat").size() == 1);
		Note note = new Note(UUID.randomUUID().toString());
		this.gateway.publish("chat", note, PublishOptions.builder().messageType("text").awaitAck(true).build())
			.get(10, TimeUnit.SECONDS);
		await().atMost(30, TimeUnit.SECONDS).until(() -> this.config.chat.contains(note));
		assertObserved("gateway", "realtime", "chat-listener", "chat.text", "chat");
	}

	@Test
	void emitterListenerAndPublishAreObserved() throws Exception {
		await().atMost(30, TimeUnit.SECONDS).until(this.iot::isConnected);
		Note note = new Note(UUID.randomUUID().toString());
		this.iot.publish("sensors/kitchen/", note, PublishOptions.builder().awaitAck(true).build())
			.get(10, TimeUnit.SECONDS);
		await().atMost(30, TimeUnit.SECONDS).until(() -> this.config.sensors.contains(note));
		assertObserved("iot", "emitter", "sensor-listener", "sensors/+/", "sensors/kitchen/");
	}

	@Test
	void wsrpcListenerAndPublishAreObserved() throws Exception {
		await().atMost(30, TimeUnit.SECONDS)
			.until(() -> this.events.isConnected() && this.wsrpcServer.notifier().subscriberCount("readings") == 1);
		Note note = new Note(UUID.randomUUID().toString());
		this.events.publish("readings", note).get(10, TimeUnit.SECONDS);
		await().atMost(30, TimeUnit.SECONDS).until(() -> this.config.readings.contains(note));
		// published by "events", received by the "python" wsrpc client's listener
		assertPublishObserved("events", "wsrpc", "readings");
		assertListenerObserved("python", "wsrpc", "readings-listener", "readings", "readings");
	}

	@Test
	void realtimePublicationVariantIsObservedUpToTheWrite() throws Exception {
		await().atMost(30, TimeUnit.SECONDS).until(this.gateway::isConnected);
		Note note = new Note(UUID.randomUUID().toString());
		this.gateway.publish("variant", note, "text", false, null).waitForAck(Duration.ofSeconds(10))
			.get(10, TimeUnit.SECONDS);
		assertPublishObserved("gateway", "realtime", "variant");
	}

	@Test
	void wsrpcMultiTopicPublishIsOneObservation() throws Exception {
		await().atMost(30, TimeUnit.SECONDS).until(this.events::isConnected);
		Note note = new Note(UUID.randomUUID().toString());
		Boolean accepted = ((WsRpcPubSubClient) this.events).publish(List.of("multi-a", "multi-b"), note, true)
			.get(10, TimeUnit.SECONDS);
		assertThat(accepted).isTrue();
		assertPublishObserved("events", "wsrpc", "multi-a,multi-b");
	}

	@Test
	void aListenerThatFailsRecordsTheErrorOnItsObservation() throws Exception {
		await().atMost(30, TimeUnit.SECONDS).until(this.iot::isConnected);
		Note note = new Note(UUID.randomUUID().toString());
		this.iot.publish("alarms/kitchen/", note, PublishOptions.builder().awaitAck(true).build())
			.get(10, TimeUnit.SECONDS);
		await().atMost(30, TimeUnit.SECONDS).until(() -> this.config.alarms.contains(note));
		await().atMost(30, TimeUnit.SECONDS)
			.untilAsserted(() -> TestObservationRegistryAssert.assertThat(this.observations)
				.hasAnObservation((observation) -> observation.hasNameEqualTo("pubsub.listener")
					.hasLowCardinalityKeyValue("pubsub.listener.id", "alarm-listener")
					.hasHighCardinalityKeyValue("messaging.destination.name", "alarms/kitchen/")
					.assertThatError()
					.isInstanceOf(IllegalStateException.class)
					.hasMessage("alarm sink offline")));
	}

	@Test
	void aPublishFromAListenerIsAChildOfTheListenersObservation() throws Exception {
		await().atMost(30, TimeUnit.SECONDS).until(this.iot::isConnected);
		Note note = new Note(UUID.randomUUID().toString());
		this.iot.publish("relay/kitchen/", note, PublishOptions.builder().awaitAck(true).build())
			.get(10, TimeUnit.SECONDS);
		await().atMost(30, TimeUnit.SECONDS).until(() -> this.config.relayed.contains(note));
		await().atMost(30, TimeUnit.SECONDS)
			.untilAsserted(() -> TestObservationRegistryAssert.assertThat(this.observations)
				.hasAnObservation((observation) -> observation.hasNameEqualTo("pubsub.publish")
					.hasLowCardinalityKeyValue("pubsub.client.name", "events")
					.hasHighCardinalityKeyValue("messaging.destination.name", "relayed")
					.hasParentObservationContextMatching(listenerObservation("relay-listener"))));
	}

	private static Predicate<Observation.ContextView> listenerObservation(String listenerId) {
		return (parent) -> "pubsub.listener".equals(parent.getName()) && parent
			.getLowCardinalityKeyValue("pubsub.listener.id") != null
				&& listenerId.equals(parent.getLowCardinalityKeyValue("pubsub.listener.id").getValue());
	}

	private void assertObserved(String client, String type, String listenerId, String pattern, String topic) {
		assertPublishObserved(client, type, topic);
		assertListenerObserved(client, type, listenerId, pattern, topic);
	}

	private void assertPublishObserved(String client, String type, String topic) {
		await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
			TestObservationRegistryAssert.assertThat(this.observations)
				.hasAnObservation((observation) -> hasKeys(observation.hasNameEqualTo("pubsub.publish")
					.hasContextualNameEqualTo(client + " publish")
					.doesNotHaveError(), client, type).hasHighCardinalityKeyValue("messaging.destination.name", topic));
			assertThat(timer("pubsub.publish", client)).isNotNull();
			assertThat(timer("pubsub.publish", client).count()).isPositive();
		});
	}

	private void assertListenerObserved(String client, String type, String listenerId, String pattern,
			String topic) {
		await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
			TestObservationRegistryAssert.assertThat(this.observations)
				.hasAnObservation((observation) -> hasKeys(observation.hasNameEqualTo("pubsub.listener")
					.hasContextualNameEqualTo(listenerId + " process")
					.doesNotHaveError(), client, type).hasLowCardinalityKeyValue("pubsub.listener.id", listenerId)
					.hasLowCardinalityKeyValue("pubsub.destination.pattern", pattern)
					.hasHighCardinalityKeyValue("messaging.destination.name", topic));
			Timer timer = timer("pubsub.listener", client);
			assertThat(timer).isNotNull();
			assertThat(timer.count()).isPositive();
			assertThat(timer.getId().getTag("pubsub.listener.id")).isEqualTo(listenerId);
			// high-cardinality keys never become timer tags
			assertThat(timer.getId().getTag("messaging.destination.name")).isNull();
		});
	}

	private static ObservationContextAssert<?> hasKeys(ObservationContextAssert<?> observation, String client,
			String type) {
		return observation.hasLowCardinalityKeyValue("pubsub.client.name", client)
			.hasLowCardinalityKeyValue("pubsub.client.type", type);
	}

	private Timer timer(String name, String client) {
		return this.meters.find(name).tag("pubsub.client.name", client).timer();
	}

	record Note(String id) {
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Config {

		final List<Note> chat = new CopyOnWriteArrayList<>();

		final List<Note> sensors = new CopyOnWriteArrayList<>();

		final List<Note> readings = new CopyOnWriteArrayList<>();

		final List<Note> alarms = new CopyOnWriteArrayList<>();

		final List<Note> relayed = new CopyOnWriteArrayList<>();

		private final ApplicationContext context;

		Config(ApplicationContext context) {
			this.context = context;
		}

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		TestObservationRegistry observationRegistry(MeterRegistry meterRegistry) {
			TestObservationRegistry registry = TestObservationRegistry.create();
			registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meterRegistry));
			return registry;
		}

		@PubSubListener(id = "chat-listener", value = "chat.text", client = "gateway")
		void onChat(Note note) {
			this.chat.add(note);
		}

		@PubSubListener(id = "sensor-listener", value = "sensors/+/", client = "iot")
		void onSensor(Note note) {
			this.sensors.add(note);
		}

		@PubSubListener(id = "alarm-listener", value = "alarms/+/", client = "iot")
		void onAlarm(Note note) {
			this.alarms.add(note);
			throw new IllegalStateException("alarm sink offline");
		}

		@PubSubListener(id = "relay-listener", value = "relay/+/", client = "iot")
		void onRelay(Note note) throws Exception {
			this.context.getBean("events", PubSubClient.class).publish("relayed", note).get(10, TimeUnit.SECONDS);
			this.relayed.add(note);
		}

		@PubSubListener(id = "readings-listener", value = "readings", client = "python")
		void onReading(Note note) {
			this.readings.add(note);
		}

	}

}
