package dev.pubsub.test.context;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;

import dev.pubsub.listener.PubSubListener;
import dev.pubsub.realtimex.RealtimeXChannel;
import dev.pubsub.realtimex.RealtimeXClient;
import dev.pubsub.test.realtimex.EmbeddedRealtimeX;
import dev.pubsub.test.realtimex.EmbeddedRealtimeXServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The auto-configured RealtimeX client, configured only by {@link EmbeddedRealtimeX @EmbeddedRealtimeX}, connects
 * with the annotation's api key and signs its private and presence subscriptions with the server's app key and
 * secret: {@code @PubSubListener}s on a private and a presence channel receive the server's events.
 */
@SpringBootTest(classes = EmbeddedRealtimeXAutoConfiguredClientTests.Config.class)
@EmbeddedRealtimeX(client = "rtx", apiKey = "annotated-api-key", presenceUserId = "orders-service")
class EmbeddedRealtimeXAutoConfiguredClientTests {

	@Autowired
	private RealtimeXClient client;

	@Autowired
	private EmbeddedRealtimeXServer server;

	@Autowired
	private Config config;

	@Value("${pubsub.test.realtimex.url}")
	private String url;

	@Test
	void listenersOnPrivateAndPresenceChannelsReceiveServerEvents() {
		assertThat(this.url).isEqualTo(this.server.url());
		assertThat(this.server.apiKey()).isEqualTo("annotated-api-key");
		awaitSubscribed("private-orders", "presence-room");
		assertThat(this.server.members("presence-room")).containsOnlyKeys("orders-service");
		Order order = new Order(UUID.randomUUID().toString(), 3);
		this.server.publish("private-orders", "created", order);
		Order greeting = new Order(UUID.randomUUID().toString(), 1);
		this.server.publish("presence-room", "greeting", greeting);
		await().until(() -> this.config.orders.containsAll(List.of(order, greeting)));
	}

	private void awaitSubscribed(String... channels) {
		await().until(() -> {
			for (String channel : channels) {
				RealtimeXChannel subscribed = this.client.channel(channel);
				if (subscribed == null || !subscribed.whenSubscribed().isDone()) {
					return false;
				}
				subscribed.whenSubscribed().join(); // a refused signature fails here, not by timing out
			}
			return true;
		});
	}

	record Order(String id, int amount) {
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Config {

		final List<Order> orders = new CopyOnWriteArrayList<>();

		@PubSubListener({ "private-orders.created", "presence-room.greeting" })
		void onOrder(Order order) {
			this.orders.add(order);
		}

	}

}
