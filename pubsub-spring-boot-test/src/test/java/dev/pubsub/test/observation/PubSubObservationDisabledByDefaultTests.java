package dev.pubsub.test.observation;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.pubsub.core.PublishOptions;
import dev.pubsub.emitter.EmitterClient;
import dev.pubsub.listener.PubSubListener;
import dev.pubsub.test.emitter.EmbeddedEmitter;

import static org.awaitility.Awaitility.await;

/**
 * Without {@code pubsub.observation.enabled}, an {@code ObservationRegistry} in the context records
 * nothing for listeners or publishes, like Boot's messaging starters.
 */
@SpringBootTest(classes = PubSubObservationDisabledByDefaultTests.Config.class)
@EmbeddedEmitter(client = "iot")
class PubSubObservationDisabledByDefaultTests {

	@Autowired
	private EmitterClient iot;

	@Autowired
	private TestObservationRegistry observations;

	@Autowired
	private Config config;

	@Test
	void nothingIsObservedUnlessEnabled() throws Exception {
		await().atMost(30, TimeUnit.SECONDS).until(this.iot::isConnected);
		String id = UUID.randomUUID().toString();
		this.iot.publish("sensors/kitchen/", new Note(id), PublishOptions.builder().awaitAck(true).build())
			.get(10, TimeUnit.SECONDS);
		// the message was published and delivered to the listener, and the delivery has returned
		await().atMost(30, TimeUnit.SECONDS).until(() -> this.config.delivered.contains(id));
		TestObservationRegistryAssert.assertThat(this.observations).doesNotHaveAnyObservation();
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

		@PubSubListener(value = "sensors/+/", client = "iot")
		void onSensor(Note note) {
			// recorded last, so the observation (if any) would already have started
			this.delivered.add(note.id());
		}

	}

}
