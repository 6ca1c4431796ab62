package dev.pubsub.listener;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.pubsub.autoconfigure.PubSubAutoConfiguration;
import dev.pubsub.autoconfigure.RealtimePubSubAutoConfiguration;
import dev.pubsub.realtime.RealtimeClient;
import dev.pubsub.test.realtime.EmbeddedRealtime;
import dev.pubsub.test.realtime.EmbeddedRealtimeGateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@code @PubSubListener} whose patterns overlap, against the embedded Realtime gateway: the
 * client subscribes the topic once, and a delivery that matches several patterns reaches the method
 * once.
 */
@SpringBootTest(classes = RealtimeOverlappingPatternsListenerTests.App.class)
@EmbeddedRealtime(client = "gateway")
class RealtimeOverlappingPatternsListenerTests {

	@Autowired
	private EmbeddedRealtimeGateway gateway;

	@Autowired
	private RealtimeClient client;

	@Autowired
	private OverlappingListener listener;

	@Autowired
	private PubSubListenerEndpointRegistry registry;

	@Test
	void deliveryMatchingSeveralPatternsReachesTheMethodOnce() {
		await().until(() -> this.client.isConnected()
				&& this.gateway.subscribers("orders").contains(this.client.connectionInfo().id()));
		assertThat(this.client.remoteTopics()).containsExactly("orders");
		this.gateway.publish("orders", "created", Map.of("id", "o-1"));
		this.gateway.publish("orders", "updated", Map.of("id", "o-2"));
		this.gateway.publish("orders", "created", Map.of("id", "o-3"));
		this.gateway.publish("orders", "done", Map.of("id", "end"));
		await().until(() -> this.listener.ids.contains("end"));
		// one subscription, one lane per topic, in order: a duplicate would have arrived before "end"
		assertThat(this.listener.ids).containsExactly("o-1", "o-2", "o-3", "end");
		assertThat(this.registry.getListenerContainer("overlapping").getSubscribeOptions().concurrency()).isOne();
	}

	record Order(String id) {
	}

	static class OverlappingListener {

		final List<String> ids = new CopyOnWriteArrayList<>();

		@PubSubListener(id = "overlapping", client = "gateway", patterns = { "orders.*", "orders.created", "orders.**" })
		void onOrder(Order order) {
			this.ids.add(order.id());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ PubSubAutoConfiguration.class, RealtimePubSubAutoConfiguration.class })
	static class App {

		@Bean
		OverlappingListener overlappingListener() {
			return new OverlappingListener();
		}

	}

}
