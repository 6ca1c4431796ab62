package dev.pubsub.test.context;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;

import dev.pubsub.core.PubSubMessage;
import dev.pubsub.realtime.RealtimeClient;
import dev.pubsub.test.realtime.EmbeddedRealtime;
import dev.pubsub.test.realtime.EmbeddedRealtimeGateway;
import dev.pubsub.test.realtime.GatewayConnection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The auto-configured Realtime client, configured only by {@link EmbeddedRealtime @EmbeddedRealtime}, connects
 * to the embedded gateway, subscribes, publishes and gets its ack.
 */
@SpringBootTest(classes = EmbeddedRealtimeAutoConfiguredClientTests.Config.class)
@EmbeddedRealtime(client = "gateway", appId = "wired-app", subject = "orders-service")
class EmbeddedRealtimeAutoConfiguredClientTests {

	@Autowired
	private RealtimeClient client;

	@Autowired
	private EmbeddedRealtimeGateway gateway;

	@Test
	void autoConfiguredClientTalksToTheEmbeddedGateway() throws Exception {
		await().until(() -> this.gateway.connections().size() == 1);
		GatewayConnection connection = this.gateway.connections().get(0);
		assertThat(connection.subject()).isEqualTo("orders-service");
		assertThat(connection.appId()).isEqualTo("wired-app");
		List<PubSubMessage> received = new CopyOnWriteArrayList<>();
		this.client.subscribe("chat.*", received::add);
		this.client.subscribeRemoteTopic("chat");
		await().until(() -> connection.isSubscribed("chat"));
		this.client.publish("chat", Map.of("n", 1), "text").waitForAck().get(10, TimeUnit.SECONDS);
		this.gateway.publish("chat", "notice", "from the gateway");
		await().until(() -> received.size() == 2);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Config {

	}

}
