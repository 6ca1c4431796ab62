package dev.pubsub.autoconfigure;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.WebSocketSession;

import dev.pubsub.wsrpc.server.WsRpcEndpointHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link WsRpcServerMetricsAutoConfiguration}.
 */
class WsRpcServerMetricsAutoConfigurationTests {

	private static final List<String> SERVER_METERS = List.of("pubsub.wsrpc.server.sessions",
			"pubsub.wsrpc.server.connections", "pubsub.wsrpc.server.frames.malformed",
			"pubsub.wsrpc.server.requests.failed", "pubsub.wsrpc.server.requests.refused",
			"pubsub.wsrpc.server.disconnects", "pubsub.wsrpc.server.notifications.sent");

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PubSubAutoConfiguration.class, WsRpcServerAutoConfiguration.class,
				WsRpcBroadcastAutoConfiguration.class, WsRpcServerMetricsAutoConfiguration.class));

	@Test
	void bindsEndpointMetersThatFollowTheEndpointCounters() {
		this.contextRunner.withUserConfiguration(Registry.class)
			.withPropertyValues("pubsub.wsrpc.server.enabled=true")
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				context.getBean(WsRpcServerMetricsBinder.class).bindTo(registry);
				assertThat(SERVER_METERS).allSatisfy((name) -> assertThat(registry.find(name).meters()).isNotEmpty());
				assertThat(registry.find("pubsub.wsrpc.server.disconnects").meters()).hasSize(4);
				assertThat(registry.find("pubsub.wsrpc.broadcast.sent").meters()).isEmpty();
				WsRpcEndpointHandler handler = context.getBean(WsRpcEndpointHandler.class);
				WebSocketSession session = mock(WebSocketSession.class);
				given(session.getId()).willReturn("s1");
				// a binary frame is malformed for the protocol: counted, and the session is closed
				handler.handleMessage(session, new BinaryMessage(new byte[] { 1 }));
				assertThat(registry.get("pubsub.wsrpc.server.frames.malformed").functionCounter().count())
					.isEqualTo(handler.metrics().malformedFrames())
					.isEqualTo(1);
			});
	}

	@Test
	void bindsBroadcastBridgeMetersWhenTheBridgeExists() {
		this.contextRunner.withUserConfiguration(Registry.class)
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
					WsRpcRedisBroadcastAutoConfiguration.class))
			.withPropertyValues("pubsub.wsrpc.server.enabled=true", "pubsub.wsrpc.server.broadcast.type=redis",
					"spring.data.redis.url=redis://127.0.0.1:1")
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				context.getBean(WsRpcServerMetricsBinder.class).bindTo(registry);
				assertThat(List.of("pubsub.wsrpc.broadcast.sent", "pubsub.wsrpc.broadcast.received",
						"pubsub.wsrpc.broadcast.echoes", "pubsub.wsrpc.broadcast.failures"))
					.allSatisfy((name) -> assertThat(registry.get(name).functionCounter().count()).isZero());
			});
	}

	@Test
	void backsOffWithoutMeterRegistryBean() {
		this.contextRunner.withPropertyValues("pubsub.wsrpc.server.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(WsRpcEndpointHandler.class)
				.doesNotHaveBean(WsRpcServerMetricsBinder.class));
	}

	@Test
	void backsOffWithoutTheEndpoint() {
		this.contextRunner.withUserConfiguration(Registry.class)
			.run((context) -> assertThat(context).doesNotHaveBean(WsRpcServerMetricsBinder.class));
	}

	@Test
	void backsOffWithoutMicrometer() {
		this.contextRunner.withPropertyValues("pubsub.wsrpc.server.enabled=true")
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasSingleBean(WsRpcEndpointHandler.class)
				.doesNotHaveBean(WsRpcServerMetricsBinder.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class Registry {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
