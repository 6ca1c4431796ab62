package dev.pubsub.test.wsrpc;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.websocket.ContainerProvider;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.socket.client.standard.StandardWebSocketClient;

import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.wsrpc.DefaultWsRpcPubSubClient;
import dev.pubsub.wsrpc.WsRpcClientOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link EmbeddedWsRpcServer} with the starter's wsrpc client.
 */
class EmbeddedWsRpcServerTests {

	@Test
	void clientsSubscribeAndReceiveServerAndClientPublishes() throws Exception {
		try (EmbeddedWsRpcServer server = new EmbeddedWsRpcServer(0).start()) {
			assertThat(server.endpointUrl()).startsWith("ws://127.0.0.1:").endsWith("/pubsub");
			DefaultWsRpcPubSubClient subscriber = client("sub", server.endpointUrl());
			DefaultWsRpcPubSubClient publisher = client("pub", server.endpointUrl());
			try {
				List<PubSubMessage> received = new CopyOnWriteArrayList<>();
				subscriber.subscribe("orders", received::add);
				subscriber.connect().get(10, TimeUnit.SECONDS);
				publisher.connect().get(10, TimeUnit.SECONDS);
				await().until(() -> server.notifier().subscriberCount("orders") == 1);
				server.publisher().publish("orders", Map.of("id", 1)).get(5, TimeUnit.SECONDS);
				assertThat(publisher.publish(List.of("orders"), Map.of("id", 2), true).get(5, TimeUnit.SECONDS))
					.isTrue();
				await().until(() -> received.size() == 2);
				assertThat(received).extracting((message) -> message.payloadAsJson().path("id").asInt())
					.containsExactly(1, 2);
				assertThat(server.metrics().sessions()).isEqualTo(2);
			}
			finally {
				subscriber.destroy();
				publisher.destroy();
			}
		}
	}

	@Test
	void portIsOnlyKnownWhileRunning() {
		EmbeddedWsRpcServer server = new EmbeddedWsRpcServer(0);
		assertThat(server.isRunning()).isFalse();
		assertThatIllegalStateException().isThrownBy(server::port);
		server.start();
		try {
			assertThat(server.port()).isPositive();
		}
		finally {
			server.stop();
		}
		assertThat(server.isRunning()).isFalse();
		server.stop();
	}

	private static DefaultWsRpcPubSubClient client(String name, String url) {
		return new DefaultWsRpcPubSubClient(name, JsonMapper.builder().build(),
				new ReconnectPolicy(true, Duration.ofMillis(50), Duration.ofMillis(500), 2.0, 0.1,
						ReconnectPolicy.UNLIMITED),
				Duration.ofSeconds(5), new StandardWebSocketClient(ContainerProvider.getWebSocketContainer()),
				WsRpcClientOptions.of(URI.create(url)));
	}

}
