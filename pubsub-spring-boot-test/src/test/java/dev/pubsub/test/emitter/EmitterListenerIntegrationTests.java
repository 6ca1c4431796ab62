package dev.pubsub.test.emitter;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.Header;

import dev.pubsub.autoconfigure.EmitterAutoConfiguration;
import dev.pubsub.autoconfigure.PubSubAutoConfiguration;
import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.PublishOptions;
import dev.pubsub.emitter.EmitterClient;
import dev.pubsub.listener.PubSubListener;

import static dev.pubsub.test.emitter.EmbeddedEmitterBrokerTests.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @PubSubListener} end to end: auto-configured Emitter client, key from
 * {@code channel-keys}, Emitter pattern matching, payload conversion, against the embedded broker.
 */
class EmitterListenerIntegrationTests {

	private final EmbeddedEmitterBroker broker = new EmbeddedEmitterBroker().start();

	@AfterEach
	void stop() {
		this.broker.stop();
	}

	@Test
	void listenerReceivesConvertedPayloadsOfMatchingChannels() {
		String key = this.broker.createKey("sensors/#/", "rw");
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PubSubAutoConfiguration.class, EmitterAutoConfiguration.class))
			.withUserConfiguration(ListenerConfiguration.class)
			.withPropertyValues("pubsub.clients.iot.type=emitter", "pubsub.clients.iot.emitter.host=127.0.0.1",
					"pubsub.clients.iot.emitter.port=" + this.broker.port(),
					"pubsub.clients.iot.emitter.channel-keys.sensors=" + key)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				EmitterClient client = context.getBean("iot", EmitterClient.class);
				await().atMost(WAIT).until(client::isConnected);
				TemperatureListener listener = context.getBean(TemperatureListener.class);
				PublishOptions ack = PublishOptions.builder().awaitAck(true).build();
				client.publish("sensors/kitchen/temp", "not a reading", ack).get(10, TimeUnit.SECONDS);
				client.publish("sensors/kitchen/humidity", new Reading("h1", 40), ack).get(10, TimeUnit.SECONDS);
				client.publish("sensors/kitchen/temp", new Reading("t1", 21.5), ack).get(10, TimeUnit.SECONDS);
				client.publish("sensors/cellar/temp/raw", new Reading("t2", 12), ack).get(10, TimeUnit.SECONDS);
				await().atMost(WAIT).until(() -> listener.readings.size() == 2);
				assertThat(listener.readings).containsExactly(new Reading("t1", 21.5), new Reading("t2", 12));
				assertThat(listener.topics).containsExactly("sensors/kitchen/temp/", "sensors/cellar/temp/raw/");
				assertThat(client.isConnected()).isTrue();
			});
	}

	record Reading(String sensor, double value) {
	}

	static class TemperatureListener {

		final List<Reading> readings = new CopyOnWriteArrayList<>();

		final List<String> topics = new CopyOnWriteArrayList<>();

		@PubSubListener("sensors/+/temp/")
		void onTemperature(Reading reading, @Header(PubSubHeaders.TOPIC) String topic) {
			this.readings.add(reading);
			this.topics.add(topic);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ListenerConfiguration {

		@Bean
		TemperatureListener temperatureListener() {
			return new TemperatureListener();
		}

	}

}
