package dev.pubsub.test.observation;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.pubsub.core.PublishOptions;
import dev.pubsub.core.observation.DefaultPubSubPublishObservationConvention;
import dev.pubsub.core.observation.PubSubPublishObservationContext;
import dev.pubsub.core.observation.PubSubPublishObservationConvention;
import dev.pubsub.emitter.EmitterClient;
import dev.pubsub.listener.PubSubListener;
import dev.pubsub.listener.observation.DefaultPubSubListenerObservationConvention;
import dev.pubsub.listener.observation.PubSubListenerObservationContext;
import dev.pubsub.listener.observation.PubSubListenerObservationConvention;
import dev.pubsub.realtime.RealtimeClient;
import dev.pubsub.test.emitter.EmbeddedEmitter;
import dev.pubsub.test.realtime.EmbeddedRealtime;
import dev.pubsub.test.realtime.EmbeddedRealtimeGateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Convention beans customize both observations, and a client's {@code observation-enabled=false}
 * overrides the global {@code pubsub.observation.enabled=true}.
 */
@SpringBootTest(classes = PubSubObservationConventionTests.Config.class,
		properties = { "pubsub.observation.enabled=true", "pubsub.clients.gateway.observation-enabled=false" })
@EmbeddedEmitter(client = "iot")
@EmbeddedRealtime(client = "gateway")
class PubSubObservationConventionTests {

	@Autowired
	private EmitterClient iot;

	@Autowired
	private RealtimeClient gateway;

	@Autowired
	private EmbeddedRealtimeGateway realtimeServer;

	@Autowired
	private TestObservationRegistry observations;

	@Autowired
	private Config config;

	@Test
	void customConventionsAreUsed() throws Exception {
		await().atMost(30, TimeUnit.SECONDS).until(this.iot::isConnected);
		String id = UUID.randomUUID().toString();
		this.iot.publish("sensors/kitchen/", new Note(id), PublishOptions.builder().awaitAck(true).build())
			.get(10, TimeUnit.SECONDS);
		await().atMost(30, TimeUnit.SECONDS).until(() -> this.config.delivered.contains(id));
		await().atMost(30, TimeUnit.SECONDS)
			.untilAsserted(() -> TestObservationRegistryAssert.assertThat(this.observations)
				.hasAnObservation((observation) -> observation.hasNameEqualTo("pubsub.listener")
					.hasLowCardinalityKeyValue("pubsub.client.name", "iot")
					.hasLowCardinalityKeyValue("team", "sensors")
					.hasHighCardinalityKeyValue("messaging.destination.name", "sensors/kitchen/"))
				.hasAnObservation((observation) -> observation.hasNameEqualTo("pubsub.publish")
					.hasLowCardinalityKeyValue("pubsub.client.name", "iot")
					.hasLowCardinalityKeyValue("team", "publishers")));
	}

	@Test
	void aClientCanTurnObservationsOffForItself() throws Exception {
		await().atMost(30, TimeUnit.SECONDS)
			.until(() -> this.gateway.isConnected() && this.realtimeServer.subscribers("chat").size() == 1);
		String id = UUID.randomUUID().toString();
		this.gateway.publish("chat", new Note(id), PublishOptions.builder().messageType("text").awaitAck(true).build())
			.get(10, TimeUnit.SECONDS);
		await().atMost(30, TimeUnit.SECONDS).until(() -> this.config.delivered.contains(id));
		// an observed client's delivery after the unobserved one, so both kinds of observation exist
		await().atMost(30, TimeUnit.SECONDS).until(this.iot::isConnected);
		String observed = UUID.randomUUID().toString();
		this.iot.publish("sensors/hall/", new Note(observed), PublishOptions.builder().awaitAck(true).build())
			.get(10, TimeUnit.SECONDS);
		await().atMost(30, TimeUnit.SECONDS).until(() -> this.config.delivered.contains(observed));
		await().atMost(30, TimeUnit.SECONDS)
			.untilAsserted(() -> TestObservationRegistryAssert.assertThat(this.observations)
				.hasAnObservation((observation) -> observation.hasNameEqualTo("pubsub.listener")
					.hasHighCardinalityKeyValue("messaging.destination.name", "sensors/hall/")));
		TestObservationRegistryAssert.assertThat(this.observations)
			.forAllObservationsWithNameEqualTo("pubsub.listener",
					(observation) -> observation.doesNotHaveLowCardinalityKeyValue("pubsub.client.name", "gateway"))
			.forAllObservationsWithNameEqualTo("pubsub.publish",
					(observation) -> observation.doesNotHaveLowCardinalityKeyValue("pubsub.client.name", "gateway"));
		assertThat(this.config.delivered).contains(id);
	}

	record Note(String id) {
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Config {

		final List<String> delivered = new CopyOnWriteArrayList<>();

		@Bean
		TestObservationRegistry observationRegistry() {
			return TestObservationRegistry.create();
		}

		@Bean
		PubSubListenerObservationConvention teamListenerConvention() {
			return new DefaultPubSubListenerObservationConvention() {

				@Override
				public KeyValues getLowCardinalityKeyValues(PubSubListenerObservationContext context) {
					return super.getLowCardinalityKeyValues(context).and("team", "sensors");
				}

			};
		}

		@Bean
		PubSubPublishObservationConvention teamPublishConvention() {
			return new DefaultPubSubPublishObservationConvention() {

				@Override
				public KeyValues getLowCardinalityKeyValues(PubSubPublishObservationContext context) {
					return super.getLowCardinalityKeyValues(context).and("team", "publishers");
				}

			};
		}

		@PubSubListener(value = "sensors/+/", client = "iot")
		void onSensor(Note note) {
			this.delivered.add(note.id());
		}

		@PubSubListener(value = "chat.text", client = "gateway")
		void onChat(Note note) {
			this.delivered.add(note.id());
		}

	}

}
