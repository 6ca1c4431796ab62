package dev.pubsub.test.context;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;

import dev.pubsub.core.PublishOptions;
import dev.pubsub.emitter.EmitterClient;
import dev.pubsub.listener.PubSubListener;
import dev.pubsub.realtime.RealtimeClient;
import dev.pubsub.test.EmbeddedPubSubDeclaration;
import dev.pubsub.test.EmbeddedPubSubServer;
import dev.pubsub.test.emitter.EmbeddedEmitter;
import dev.pubsub.test.emitter.EmbeddedEmitterBroker;
import dev.pubsub.test.httppubsub.EmbeddedHttpPubSub;
import dev.pubsub.test.realtime.EmbeddedRealtime;
import dev.pubsub.test.realtime.EmbeddedRealtimeGateway;
import dev.pubsub.test.realtimex.EmbeddedRealtimeX;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two provider annotations on one class: each starts its own server and points its own client at it, and a
 * listener of each client receives what that client publishes. A composed annotation of one's own declares every
 * server it carries.
 */
@SpringBootTest(classes = EmbeddedServersCompositionTests.Config.class)
@EmbeddedRealtime(client = "gateway")
@EmbeddedEmitter(client = "iot")
class EmbeddedServersCompositionTests {

	@Autowired
	private RealtimeClient gateway;

	@Autowired
	private EmitterClient iot;

	@Autowired
	private Map<String, EmbeddedPubSubServer> servers;

	@Autowired
	private Config config;

	@Test
	void bothServersRunAndBothClientsReachTheirListeners() throws Exception {
		assertThat(this.servers).containsOnlyKeys(EmbeddedRealtime.BEAN_NAME, EmbeddedEmitter.BEAN_NAME);
		assertThat(this.servers.get(EmbeddedRealtime.BEAN_NAME)).isInstanceOf(EmbeddedRealtimeGateway.class);
		assertThat(this.servers.get(EmbeddedEmitter.BEAN_NAME)).isInstanceOf(EmbeddedEmitterBroker.class);
		await().until(this.iot::isConnected);
		EmbeddedRealtimeGateway realtimeServer = (EmbeddedRealtimeGateway) this.servers.get(EmbeddedRealtime.BEAN_NAME);
		await().until(() -> realtimeServer.subscribers("chat").size() == 1);

		Note chat = new Note(UUID.randomUUID().toString());
		this.gateway.publish("chat", chat, "text").waitForAck().get(10, TimeUnit.SECONDS);
		Note reading = new Note(UUID.randomUUID().toString());
		this.iot.publish("sensors/kitchen/", reading, PublishOptions.builder().awaitAck(true).build())
			.get(10, TimeUnit.SECONDS);
		await().until(() -> this.config.chat.contains(chat) && this.config.sensors.contains(reading));
		assertThat(this.config.chat).doesNotContain(reading);
		assertThat(this.config.sensors).doesNotContain(chat);
	}

	@Test
	void aComposedAnnotationDeclaresEveryServerItCarries() {
		assertThat(EmbeddedPubSubDeclaration.find(WithComposedServers.class))
			.<Class<?>>extracting((declaration) -> declaration.annotation().annotationType())
			.containsExactlyInAnyOrder(EmbeddedRealtimeX.class, EmbeddedHttpPubSub.class);
	}

	record Note(String id) {
	}

	/**
	 * A team's own annotation carrying two provider annotations.
	 */
	@Target(ElementType.TYPE)
	@Retention(RetentionPolicy.RUNTIME)
	@EmbeddedRealtimeX(client = "rtx")
	@EmbeddedHttpPubSub(client = "notifications")
	@interface ComposedServers {

	}

	@ComposedServers
	static class WithComposedServers {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Config {

		final List<Note> chat = new CopyOnWriteArrayList<>();

		final List<Note> sensors = new CopyOnWriteArrayList<>();

		@PubSubListener(value = "chat.text", client = "gateway")
		void onChat(Note note) {
			this.chat.add(note);
		}

		@PubSubListener(value = "sensors/", client = "iot")
		void onSensor(Note note) {
			this.sensors.add(note);
		}

	}

}
