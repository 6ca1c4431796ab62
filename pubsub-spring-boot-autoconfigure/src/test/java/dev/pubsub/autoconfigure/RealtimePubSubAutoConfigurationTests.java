package dev.pubsub.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.client.WebSocketClient;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.listener.PubSubListenerContainerFactory;
import dev.pubsub.listener.PubSubListenerEndpointRegistry;
import dev.pubsub.realtime.DefaultRealtimeClient;
import dev.pubsub.realtime.RealtimeAccessTokenProvider;
import dev.pubsub.realtime.RealtimeClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PubSubAutoConfiguration} and {@link RealtimePubSubAutoConfiguration}.
 */
class RealtimePubSubAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(PubSubAutoConfiguration.class, RealtimePubSubAutoConfiguration.class));

	@Test
	void noClientsConfiguredCreatesOnlyTheListenerInfrastructure() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(PubSubClient.class);
			assertThat(context).hasSingleBean(PubSubListenerEndpointRegistry.class);
			assertThat(context).hasSingleBean(PubSubListenerContainerFactory.class);
		});
	}

	@Test
	void oneBeanPerRealtimeClientNamedAfterItsKey() {
		this.contextRunner.withPropertyValues(realtime("gateway"))
			.withPropertyValues(realtime("backend"))
			.withPropertyValues("pubsub.clients.backend.request-timeout=2s",
					"pubsub.clients.backend.reconnect.max-attempts=3",
					"pubsub.clients.backend.reconnect.stable-after=45s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBeansOfType(RealtimeClient.class)).containsOnlyKeys("gateway", "backend");
				DefaultRealtimeClient backend = context.getBean("backend", DefaultRealtimeClient.class);
				assertThat(backend.name()).isEqualTo("backend");
				assertThat(backend.type()).isEqualTo("realtime");
				assertThat(backend.defaultTimeout()).hasSeconds(2);
				assertThat(backend.reconnectPolicy().maxAttempts()).isEqualTo(3);
				assertThat(backend.reconnectPolicy().stableAfter()).hasSeconds(45);
				assertThat(context.getBean("gateway", DefaultRealtimeClient.class).reconnectPolicy().stableAfter())
					.hasSeconds(30);
				assertThat(backend.isRunning()).isFalse();
			});
	}

	@Test
	void userBeanWithTheClientsNameWins() {
		this.contextRunner.withUserConfiguration(UserClient.class)
			.withPropertyValues(realtime("gateway"))
			.run((context) -> {
				assertThat(context).hasSingleBean(RealtimeClient.class);
				assertThat(context.getBean("gateway")).isSameAs(context.getBean(UserClient.class).client);
			});
	}

	@Test
	void tokenProviderBeanIsUsedWhenNoStaticTokenIsSet() {
		this.contextRunner.withUserConfiguration(TokenProviderConfiguration.class)
			.withPropertyValues("pubsub.clients.gateway.type=realtime",
					"pubsub.clients.gateway.realtime.url=ws://127.0.0.1:1",
					"pubsub.clients.gateway.realtime.app-id=app-1", "pubsub.clients.gateway.auto-connect=false")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(RealtimeClient.class));
	}

	@Test
	void unknownTypeFailsNamingTheValidTypes() {
		this.contextRunner.withPropertyValues("pubsub.clients.gateway.type=kafka")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("pubsub.clients.gateway.type")
				.hasStackTraceContaining("realtime, realtimex, httppubsub, wsrpc, emitter"));
	}

	@Test
	void missingTypeFails() {
		this.contextRunner.withPropertyValues("pubsub.clients.gateway.auto-connect=false")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("pubsub.clients.gateway.type is required"));
	}

	@Test
	void missingUrlFailsNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("pubsub.clients.gateway.type=realtime", "pubsub.clients.gateway.realtime.app-id=a",
					"pubsub.clients.gateway.realtime.access-token=t")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("pubsub.clients.gateway.realtime.url is required"));
	}

	@Test
	void missingTokenFailsNamingBothOptions() {
		this.contextRunner
			.withPropertyValues("pubsub.clients.gateway.type=realtime",
					"pubsub.clients.gateway.realtime.url=ws://127.0.0.1:1", "pubsub.clients.gateway.realtime.app-id=a")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("pubsub.clients.gateway.realtime.access-token or "
						+ "pubsub.clients.gateway.realtime.access-token-provider is required"));
	}

	@Test
	void missingWebSocketLibraryFailsNamingTheDependency() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(WebSocketClient.class))
			.withPropertyValues(realtime("gateway"))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("pubsub.clients.gateway has type 'realtime', which needs "
						+ "org.springframework:spring-websocket"));
	}

	@Test
	void realtimeAutoConfigurationBacksOffWithoutSpringWebSocket() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(WebSocketClient.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RealtimeClient.class));
	}

	@Test
	void accessTokenNeverAppearsInTheEnvironmentDescriptionOfAFailure() {
		this.contextRunner
			.withPropertyValues("pubsub.clients.gateway.type=realtime", "pubsub.clients.gateway.realtime.app-id=a",
					"pubsub.clients.gateway.realtime.access-token=s3cr3t-token")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.satisfies((failure) -> assertThat(stackTrace(failure)).doesNotContain("s3cr3t-token")));
	}

	private static String stackTrace(Throwable failure) {
		java.io.StringWriter writer = new java.io.StringWriter();
		failure.printStackTrace(new java.io.PrintWriter(writer));
		return writer.toString();
	}

	static String[] realtime(String name) {
		String prefix = "pubsub.clients." + name + ".";
		return new String[] { prefix + "type=realtime", prefix + "auto-connect=false",
				prefix + "realtime.url=ws://127.0.0.1:1", prefix + "realtime.app-id=app-1",
				prefix + "realtime.access-token=token" };
	}

	@Configuration(proxyBeanMethods = false)
	static class UserClient {

		final RealtimeClient client = new DefaultRealtimeClient("gateway",
				new org.springframework.web.socket.client.standard.StandardWebSocketClient(),
				dev.pubsub.realtime.RealtimeUrlProvider.of("ws://127.0.0.1:1", "app", () -> "t"),
				tools.jackson.databind.json.JsonMapper.builder().build(), dev.pubsub.core.ReconnectPolicy.disabled(),
				java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1), 1024);

		@Bean
		RealtimeClient gateway() {
			return this.client;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TokenProviderConfiguration {

		@Bean
		RealtimeAccessTokenProvider tokens() {
			return () -> "fresh-token";
		}

	}

}
