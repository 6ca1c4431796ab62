package dev.pubsub.autoconfigure;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.socket.client.WebSocketClient;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.wsrpc.WsRpcPubSubClient;
import dev.pubsub.wsrpc.broadcast.WsRpcBroadcastBridge;
import dev.pubsub.wsrpc.broadcast.WsRpcBroadcaster;
import dev.pubsub.wsrpc.server.WsRpcEndpointHandler;
import dev.pubsub.wsrpc.server.WsRpcPublisher;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WsRpcAutoConfiguration}, {@link WsRpcServerAutoConfiguration} and
 * {@link WsRpcBroadcastAutoConfiguration}.
 */
class WsRpcAutoConfigurationTests {

	private final ApplicationContextRunner clients = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PubSubAutoConfiguration.class, WsRpcAutoConfiguration.class))
		.withPropertyValues("pubsub.clients.rpc.type=wsrpc", "pubsub.clients.rpc.auto-connect=false",
				"pubsub.clients.rpc.wsrpc.url=ws://127.0.0.1:1/pubsub");

	private final WebApplicationContextRunner server = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PubSubAutoConfiguration.class, WsRpcServerAutoConfiguration.class,
				WsRpcBroadcastAutoConfiguration.class));

	@Test
	void createsOneClientPerEntry() {
		this.clients
			.withPropertyValues("pubsub.clients.other.type=wsrpc", "pubsub.clients.other.auto-connect=false",
					"pubsub.clients.other.wsrpc.url=ws://127.0.0.1:2/pubsub",
					"pubsub.clients.other.wsrpc.headers.Authorization=Bearer t")
			.run((context) -> {
				assertThat(context).getBeans(WsRpcPubSubClient.class).containsOnlyKeys("rpc", "other");
				assertThat(context.getBean("rpc", PubSubClient.class).type()).isEqualTo("wsrpc");
			});
	}

	@Test
	void missingUrlFailsClearly() {
		this.clients.withPropertyValues("pubsub.clients.bad.type=wsrpc")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("pubsub.clients.bad.wsrpc.url"));
	}

	@Test
	void nonWebSocketUrlFailsClearly() {
		this.clients.withPropertyValues("pubsub.clients.rpc.wsrpc.url=http://127.0.0.1:1/pubsub")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("ws:// or wss://"));
	}

	@Test
	void backsOffForUserBeanWithTheSameName() {
		this.clients.withBean("rpc", String.class, () -> "mine")
			.run((context) -> assertThat(context).doesNotHaveBean(WsRpcPubSubClient.class));
	}

	@Test
	void missingSpringWebSocketFailsNamingTheDependency() {
		this.clients.withClassLoader(new FilteredClassLoader(WebSocketClient.class))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("spring-websocket"));
	}

	@Test
	void backsOffWithoutSpringWebSocketWhenNoClientIsConfigured() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WsRpcAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(WebSocketClient.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(WsRpcPubSubClient.class));
	}

	@Test
	void serverIsOffByDefault() {
		this.server.run((context) -> assertThat(context).doesNotHaveBean(WsRpcEndpointHandler.class));
	}

	@Test
	void serverEnabledCreatesEndpointPublisherAndServerClient() {
		this.server.withPropertyValues("pubsub.wsrpc.server.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(WsRpcEndpointHandler.class);
			assertThat(context).hasSingleBean(WsRpcPublisher.class);
			assertThat(context).hasBean(WsRpcServerAutoConfiguration.SERVER_CLIENT_BEAN_NAME);
			assertThat(context).getBeans(WebSocketConfigurer.class).isNotEmpty();
			assertThat(context).doesNotHaveBean(WsRpcBroadcastBridge.class);
		});
	}

	@Test
	void userBroadcasterGetsABridge() {
		this.server.withPropertyValues("pubsub.wsrpc.server.enabled=true")
			.withBean(WsRpcBroadcaster.class, NoopBroadcaster::new)
			.run((context) -> assertThat(context).hasSingleBean(WsRpcBroadcastBridge.class));
	}

	static final class NoopBroadcaster implements WsRpcBroadcaster {

		@Override
		public void start(Consumer<String> receiver) {
		}

		@Override
		public CompletableFuture<Void> publish(String text) {
			return CompletableFuture.completedFuture(null);
		}

		@Override
		public void stop() {
		}

	}

}
