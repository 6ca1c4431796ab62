package dev.pubsub.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.socket.client.WebSocketClient;

import dev.pubsub.realtimex.DefaultRealtimeXClient;
import dev.pubsub.realtimex.RealtimeXClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RealtimeXAutoConfiguration}.
 */
class RealtimeXAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RealtimeXAutoConfiguration.class))
		.withPropertyValues("pubsub.clients.rx.type=realtimex", "pubsub.clients.rx.auto-connect=false",
				"pubsub.clients.rx.realtimex.ws-host=127.0.0.1", "pubsub.clients.rx.realtimex.api-key=k");

	@Test
	void createsOneClientPerEntry() {
		this.contextRunner.withPropertyValues("pubsub.clients.other.type=realtimex",
				"pubsub.clients.other.auto-connect=false", "pubsub.clients.ignored.type=emitter")
			.run((context) -> {
				assertThat(context).getBeans(RealtimeXClient.class).containsOnlyKeys("rx", "other");
				assertThat(context.getBean("rx", RealtimeXClient.class).type()).isEqualTo("realtimex");
			});
	}

	@Test
	void privateChannelsNeedAnAuthorizer() {
		this.contextRunner.run((context) -> {
			RealtimeXClient client = context.getBean(RealtimeXClient.class);
			assertThat(client.subscribe("public-ok")).isNotNull();
			org.assertj.core.api.Assertions.assertThatIllegalStateException()
				.isThrownBy(() -> client.subscribe("private-x"))
				.withMessageContaining("auth-endpoint");
		});
	}

	/**
	 * Only that either setting enables private channels; how the endpoint, its headers and the api
	 * key reach the endpoint, and the order bean > endpoint > local signing, are proven end to end
	 * in {@code RealtimeXAuthEndpointEndToEndTests} (pubsub-spring-boot-test).
	 */
	@Test
	void localSigningAndAuthEndpointAreAccepted() {
		this.contextRunner.withPropertyValues("pubsub.clients.rx.realtimex.app-key=key",
				"pubsub.clients.rx.realtimex.app-secret=secret")
			.run((context) -> assertThat(context.getBean(RealtimeXClient.class).subscribe("private-x")).isNotNull());
		this.contextRunner.withPropertyValues("pubsub.clients.rx.realtimex.auth-endpoint=http://127.0.0.1:1/auth")
			.run((context) -> assertThat(context.getBean(RealtimeXClient.class).subscribe("presence-x")).isNotNull());
	}

	@Test
	void maxFrameSizeReachesTheClient() {
		this.contextRunner.run((context) -> assertThat(context.getBean(DefaultRealtimeXClient.class).getMaxFrameSize())
			.isEqualTo(1024 * 1024));
		this.contextRunner.withPropertyValues("pubsub.clients.rx.realtimex.max-frame-size=64KB")
			.run((context) -> assertThat(context.getBean(DefaultRealtimeXClient.class).getMaxFrameSize())
				.isEqualTo(64 * 1024));
	}

	@Test
	void secretWithoutKeyFailsClearly() {
		this.contextRunner.withPropertyValues("pubsub.clients.rx.realtimex.app-secret=secret")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("pubsub.clients.rx.realtimex.app-key"));
	}

	@Test
	void backsOffForUserBeanWithTheSameName() {
		this.contextRunner.withBean("rx", String.class, () -> "mine")
			.run((context) -> assertThat(context).doesNotHaveBean(RealtimeXClient.class));
	}

	@Test
	void backsOffWithoutSpringWebSocket() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(WebSocketClient.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RealtimeXClient.class));
	}

}
