package dev.pubsub.test.context;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;

import dev.pubsub.core.ConnectionState;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.test.wsrpc.EmbeddedWsRpc;
import dev.pubsub.test.wsrpc.EmbeddedWsRpcServer;
import dev.pubsub.wsrpc.WsRpcPubSubClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The auto-configured wsrpc client, configured only by {@link EmbeddedWsRpc @EmbeddedWsRpc},
 * connects to the embedded endpoint, subscribes, publishes and receives server-side events.
 */
@SpringBootTest(classes = EmbeddedWsRpcAutoConfiguredClientTests.Config.class)
@EmbeddedWsRpc(client = "events")
class EmbeddedWsRpcAutoConfiguredClientTests {

	@Autowired
	private WsRpcPubSubClient client;

	@Autowired
	private EmbeddedWsRpcServer server;

	@Value("${pubsub.test.wsrpc.url}")
	private String url;

	@Test
	void autoConfiguredClientTalksToTheEmbeddedEndpoint() throws Exception {
		assertThat(this.url).isEqualTo(this.server.endpointUrl()).endsWith("/pubsub");
		assertThat(this.client.name()).isEqualTo("events");
		await().until(() -> this.client.state() == ConnectionState.CONNECTED);
		await().until(() -> this.server.metrics().sessions() == 1);
		List<PubSubMessage> received = new CopyOnWriteArrayList<>();
		this.client.subscribe("orders", received::add);
		await().until(() -> this.server.notifier().subscriberCount("orders") == 1);
		this.server.publisher().publish("orders", Map.of("id", 1)).get(10, TimeUnit.SECONDS);
		await().until(() -> received.size() == 1);
		assertThat(received.get(0).routingKey()).isEqualTo("orders");
		assertThat(received.get(0).payloadAsJson().path("id").asInt()).isEqualTo(1);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Config {

	}

}
