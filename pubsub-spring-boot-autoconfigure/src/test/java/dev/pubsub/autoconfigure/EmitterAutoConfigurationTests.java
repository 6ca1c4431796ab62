package dev.pubsub.autoconfigure;

import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.pubsub.emitter.EmitterClient;
import dev.pubsub.emitter.EmitterClientSettings;
import dev.pubsub.emitter.OfflinePublishMode;
import dev.pubsub.emitter.PahoEmitterClient;

import static org.assertj.core.api.Assertions.assertThat;

class EmitterAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PubSubAutoConfiguration.class, EmitterAutoConfiguration.class));

	@Test
	void createsOneClientPerEmitterEntry() {
		this.runner
			.withPropertyValues("pubsub.clients.iot.type=emitter", "pubsub.clients.iot.auto-connect=false",
					"pubsub.clients.iot.emitter.host=broker.example", "pubsub.clients.iot.emitter.port=1883",
					"pubsub.clients.iot.emitter.tls=true", "pubsub.clients.iot.emitter.username=svc",
					"pubsub.clients.iot.emitter.channel-keys.sensors=KEY1",
					"pubsub.clients.iot.emitter.channel-keys[sensors/kitchen]=KEY2",
					"pubsub.clients.iot.emitter.offline-publish-mode=fail",
					"pubsub.clients.iot.emitter.max-inbound-packet-size=2048",
					"pubsub.clients.chat.type=emitter", "pubsub.clients.chat.auto-connect=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBeansOfType(EmitterClient.class)).containsOnlyKeys("iot", "chat");
				EmitterClientSettings settings = ((PahoEmitterClient) context.getBean("iot")).settings();
				assertThat(settings.serverUri()).isEqualTo("ssl://broker.example:1883");
				assertThat(settings.username()).isEqualTo("svc");
				assertThat(settings.channelKeys()).containsEntry("sensors", "KEY1")
					.containsEntry("sensors/kitchen", "KEY2");
				assertThat(settings.offlinePublishMode()).isEqualTo(OfflinePublishMode.FAIL);
				assertThat(settings.maxInboundPacketSize()).isEqualTo(2048);
				EmitterClientSettings chat = ((PahoEmitterClient) context.getBean("chat")).settings();
				assertThat(chat.serverUri()).isEqualTo("tcp://localhost:8080");
				assertThat(chat.maxInboundPacketSize())
					.isEqualTo(EmitterClientSettings.DEFAULT_MAX_INBOUND_PACKET_SIZE);
			});
	}

	@Test
	void backsOffWhenTheUserDefinesABeanWithTheClientsName() {
		this.runner.withUserConfiguration(UserClientConfiguration.class)
			.withPropertyValues("pubsub.clients.iot.type=emitter", "pubsub.clients.iot.auto-connect=false")
			.run((context) -> assertThat(context.getBean("iot")).isSameAs(UserClientConfiguration.CLIENT));
	}

	@Test
	void doesNothingWithoutPaho() {
		this.runner.withClassLoader(new FilteredClassLoader(MqttAsyncClient.class))
			.run((context) -> assertThat(context).doesNotHaveBean(EmitterClient.class));
	}

	@Test
	void failsWithAClearMessageOnBadSettings() {
		this.runner
			.withPropertyValues("pubsub.clients.iot.type=emitter", "pubsub.clients.iot.auto-connect=false",
					"pubsub.clients.iot.emitter.keep-alive=300s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("keep-alive must be between 1 and 119 seconds"));
		this.runner
			.withPropertyValues("pubsub.clients.iot.type=emitter", "pubsub.clients.iot.auto-connect=false",
					"pubsub.clients.iot.emitter.max-message-size=100000")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("pubsub.clients.iot.emitter: max-message-size must be between 1 and 65536"));
		this.runner
			.withPropertyValues("pubsub.clients.iot.type=emitter", "pubsub.clients.iot.auto-connect=false",
					"pubsub.clients.iot.emitter.max-inbound-packet-size=0")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("pubsub.clients.iot.emitter: max-inbound-packet-size must be between 2 and"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserClientConfiguration {

		static final PahoEmitterClient CLIENT = new PahoEmitterClient("iot",
				EmitterClientSettings.of("localhost", 8080), tools.jackson.databind.json.JsonMapper.builder().build(),
				dev.pubsub.core.ReconnectPolicy.disabled(), java.time.Duration.ofSeconds(1));

		@Bean
		PahoEmitterClient iot() {
			CLIENT.setAutoConnect(false);
			return CLIENT;
		}

	}

}
