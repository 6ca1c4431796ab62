package dev.pubsub.test.context;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Configuration;

import dev.pubsub.core.ConnectionState;
import dev.pubsub.httppubsub.DefaultHttpPubSubClient;
import dev.pubsub.httppubsub.HttpPubSubAuth;
import dev.pubsub.listener.PubSubListener;
import dev.pubsub.test.httppubsub.EmbeddedHttpPubSub;
import dev.pubsub.test.httppubsub.EmbeddedHttpPubSubBroadcaster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The auto-configured httppubsub client, configured only by {@link EmbeddedHttpPubSub @EmbeddedHttpPubSub} with
 * HMAC in both directions, registers its receive endpoint with the embedded broadcaster: what it notifies reaches
 * a {@code @PubSubListener} through the application's own web server.
 */
@SpringBootTest(classes = EmbeddedHttpPubSubAutoConfiguredClientTests.Config.class,
		webEnvironment = WebEnvironment.RANDOM_PORT)
@EmbeddedHttpPubSub(client = "notifications", auth = HttpPubSubAuth.Mode.HMAC)
class EmbeddedHttpPubSubAutoConfiguredClientTests {

	@Autowired
	private DefaultHttpPubSubClient client;

	@Autowired
	private EmbeddedHttpPubSubBroadcaster broadcaster;

	@Autowired
	private Config config;

	@Value("${pubsub.test.httppubsub.url}")
	private String url;

	@Value("${local.server.port}")
	private int serverPort;

	@Test
	void listenerReceivesWhatTheAutoConfiguredClientNotifies() throws Exception {
		assertThat(this.url).isEqualTo(this.broadcaster.url());
		assertThat(this.broadcaster.authSecrets().mode()).isEqualTo(HttpPubSubAuth.Mode.HMAC);
		assertThat(this.client.receiveUrl())
			.isEqualTo("http://127.0.0.1:" + this.serverPort + "/pubsub/httppubsub/notifications/receive");
		await().until(() -> this.client.state() == ConnectionState.CONNECTED
				&& this.broadcaster.subscriptionCount(this.client.receiveUrl()) == 1);
		Order order = new Order(UUID.randomUUID().toString(), 3);
		long reached = this.client.notify("orders/created", order).get(30, TimeUnit.SECONDS);
		assertThat(reached).isEqualTo(1);
		await().until(() -> this.config.orders.contains(order));
	}

	record Order(String id, int amount) {
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Config {

		final List<Order> orders = new CopyOnWriteArrayList<>();

		@PubSubListener("orders/created")
		void onOrder(Order order) {
			this.orders.add(order);
		}

	}

}
