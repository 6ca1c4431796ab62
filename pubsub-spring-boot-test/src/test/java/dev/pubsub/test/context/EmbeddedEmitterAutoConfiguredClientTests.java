package dev.pubsub.test.context;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.Header;

import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.PublishOptions;
import dev.pubsub.emitter.EmitterClient;
import dev.pubsub.emitter.EmitterPresenceMember;
import dev.pubsub.emitter.EmitterPresenceStatus;
import dev.pubsub.emitter.EmitterPublishOptions;
import dev.pubsub.listener.PubSubListener;
import dev.pubsub.test.emitter.EmbeddedEmitter;
import dev.pubsub.test.emitter.EmbeddedEmitterBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The auto-configured Emitter client, configured only by {@link EmbeddedEmitter @EmbeddedEmitter}, connects to the
 * embedded broker with the annotation's key: a {@code @PubSubListener} receives what the client publishes, both
 * with the key from {@code channel-keys} and with the key exposed as {@code pubsub.test.emitter.key}; the
 * client's subscriptions carry the annotation's username.
 */
@SpringBootTest(classes = EmbeddedEmitterAutoConfiguredClientTests.Config.class)
@EmbeddedEmitter(client = "iot", channel = "sensors/#/", username = "annotated-service")
class EmbeddedEmitterAutoConfiguredClientTests {

	@Autowired
	private EmitterClient client;

	@Autowired
	private EmbeddedEmitterBroker broker;

	@Autowired
	private Config config;

	@Value("${pubsub.test.emitter.key}")
	private String key;

	@Value("${pubsub.test.emitter.url}")
	private String url;

	@Test
	void listenerReceivesWhatTheAutoConfiguredClientPublishes() throws Exception {
		assertThat(this.url).isEqualTo("tcp://127.0.0.1:" + this.broker.port());
		await().until(this.client::isConnected);
		await().until(() -> this.broker.connectionCount() == 1);
		Reading viaChannelKeys = new Reading(UUID.randomUUID().toString(), 21.5);
		this.client.publish("sensors/kitchen/temp", viaChannelKeys, PublishOptions.builder().awaitAck(true).build())
			.get(10, TimeUnit.SECONDS);
		Reading viaKeyProperty = new Reading(UUID.randomUUID().toString(), 12);
		this.client.publish(this.key, "sensors/cellar/temp/", viaKeyProperty, EmitterPublishOptions.defaults())
			.get(10, TimeUnit.SECONDS);
		await().until(() -> this.config.readings.containsAll(List.of(viaChannelKeys, viaKeyProperty)));
		assertThat(this.config.topics).contains("sensors/kitchen/temp/", "sensors/cellar/temp/");
		this.client.subscribe(this.key, "sensors/door/", 0, (message) -> {
		}).get(10, TimeUnit.SECONDS);
		EmitterPresenceStatus presence = this.client.presence(this.key, "sensors/door/", true, null)
			.get(10, TimeUnit.SECONDS);
		assertThat(presence.who()).extracting(EmitterPresenceMember::username).containsExactly("annotated-service");
	}

	record Reading(String id, double value) {
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Config {

		final List<Reading> readings = new CopyOnWriteArrayList<>();

		final List<String> topics = new CopyOnWriteArrayList<>();

		@PubSubListener("sensors/+/temp/")
		void onTemperature(Reading reading, @Header(PubSubHeaders.TOPIC) String topic) {
			this.readings.add(reading);
			this.topics.add(topic);
		}

	}

}
