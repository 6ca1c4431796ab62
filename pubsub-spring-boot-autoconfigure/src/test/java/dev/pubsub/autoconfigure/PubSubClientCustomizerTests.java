package dev.pubsub.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import dev.pubsub.core.ConnectionState;
import dev.pubsub.core.PubSubClient;
import dev.pubsub.emitter.EmitterClient;
import dev.pubsub.realtime.RealtimeClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PubSubClientCustomizer} beans: applied per client type, in order, before the
 * client starts.
 */
class PubSubClientCustomizerTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PubSubAutoConfiguration.class, RealtimePubSubAutoConfiguration.class,
				EmitterAutoConfiguration.class))
		.withPropertyValues("pubsub.clients.gateway.type=realtime",
				"pubsub.clients.gateway.realtime.url=ws://127.0.0.1:1", "pubsub.clients.gateway.realtime.app-id=app-1",
				"pubsub.clients.gateway.realtime.access-token=t0ken",
				"pubsub.clients.iot.type=emitter", "pubsub.clients.iot.auto-connect=false",
				"pubsub.clients.sensors.type=emitter", "pubsub.clients.sensors.auto-connect=false");

	@Test
	void customizerOfOneClientTypeIsAppliedToThatTypeOnly() {
		this.contextRunner.withUserConfiguration(Customizers.class).run((context) -> {
			assertThat(context).hasNotFailed();
			Customizers customizers = context.getBean(Customizers.class);
			assertThat(customizers.realtime).containsExactly("gateway");
			assertThat(customizers.emitter).containsExactlyInAnyOrder("iot", "sensors");
			// ordered: the generic one (order 1) runs before the typed ones (order 2) for each client
			assertThat(customizers.all).containsExactlyInAnyOrder("gateway", "iot", "sensors");
			assertThat(customizers.sequence).containsSubsequence("all:gateway", "realtime:gateway");
			assertThat(customizers.sequence).containsSubsequence("all:iot", "emitter:iot");
			// applied before the client started: auto-connect was turned off in time
			assertThat(context.getBean("gateway", RealtimeClient.class).state()).isEqualTo(ConnectionState.DISCONNECTED);
		});
	}

	@Test
	void withoutCustomizersClientsAreCreatedAndStartedAsUsual() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(RealtimeClient.class)
				.hasSingleBean(PubSubClientCustomizerBeanPostProcessor.class);
			// the control for the test above: without the customizer the client tries to connect
			assertThat(context.getBean("gateway", RealtimeClient.class).state())
				.isNotEqualTo(ConnectionState.DISCONNECTED);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class Customizers {

		final List<String> realtime = new CopyOnWriteArrayList<>();

		final List<String> emitter = new CopyOnWriteArrayList<>();

		final List<String> all = new CopyOnWriteArrayList<>();

		final List<String> sequence = new CopyOnWriteArrayList<>();

		@Bean
		@Order(2)
		PubSubClientCustomizer<RealtimeClient> realtimeCustomizer() {
			return new PubSubClientCustomizer<>() {

				@Override
				public void customize(RealtimeClient client) {
					Customizers.this.realtime.add(client.name());
					Customizers.this.sequence.add("realtime:" + client.name());
					((dev.pubsub.core.support.AbstractPubSubClient) client).setAutoConnect(false);
				}

			};
		}

		@Bean
		@Order(2)
		PubSubClientCustomizer<EmitterClient> emitterCustomizer() {
			return new PubSubClientCustomizer<>() {

				@Override
				public void customize(EmitterClient client) {
					Customizers.this.emitter.add(client.name());
					Customizers.this.sequence.add("emitter:" + client.name());
				}

			};
		}

		@Bean
		@Order(1)
		PubSubClientCustomizer<PubSubClient> allCustomizer() {
			return new PubSubClientCustomizer<>() {

				@Override
				public void customize(PubSubClient client) {
					Customizers.this.all.add(client.name());
					Customizers.this.sequence.add("all:" + client.name());
				}

			};
		}

	}

}
