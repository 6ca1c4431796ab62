package dev.pubsub.realtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.Header;

import dev.pubsub.autoconfigure.PubSubAutoConfiguration;
import dev.pubsub.autoconfigure.RealtimePubSubAutoConfiguration;
import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.listener.PubSubListener;
import dev.pubsub.test.realtime.EmbeddedRealtime;
import dev.pubsub.test.realtime.EmbeddedRealtimeGateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End to end, as a user wires it: properties create the client bean, {@code @PubSubListener}
 * patterns subscribe remotely, gateway frames reach the methods converted with Jackson, and return
 * values go back as replies.
 */
@SpringBootTest(classes = RealtimeListenerEndToEndTests.App.class,
		properties = { "pubsub.clients.gateway.reconnect.initial-delay=20ms",
				"pubsub.clients.gateway.reconnect.max-delay=200ms" })
@EmbeddedRealtime(client = "gateway")
class RealtimeListenerEndToEndTests {

	@Autowired
	private EmbeddedRealtimeGateway gateway;

	@Autowired
	private RealtimeClient client;

	@Autowired
	private OrderListener listener;

	@Test
	void listenerReceivesConvertedPayloadsAndRepliesReachThePublisher() {
		String id = awaitSubscribed("orders");
		assertThat(id).isEqualTo(this.client.connectionInfo().id());
		DefaultRealtimeClient requester = RealtimeClients.client(this.gateway, "requester", RealtimeClients.all());
		try {
			requester.connect().join();
			RealtimeReply reply = requester.publish("orders", new Order("o-1", 3), "created")
				.waitForReply(Duration.ofSeconds(5))
				.join();
			assertThat(reply.dataAs(OrderAck.class)).isEqualTo(new OrderAck("o-1", "accepted"));
			assertThat(this.listener.types).contains("created");
		}
		finally {
			requester.destroy();
		}
	}

	@Test
	void throwingListenerIsCountedAndTheConnectionKeepsServingOtherListeners() {
		awaitSubscribed("orders");
		long errorsBefore = this.client.metrics().listenerErrors();
		this.gateway.publish("orders", "poison", Map.of("id", "bad", "amount", -1));
		this.gateway.publish("orders", "created", Map.of("id", "o-2", "amount", 1));
		await().until(() -> this.listener.orders.contains(new Order("o-2", 1)));
		await().until(() -> this.client.metrics().listenerErrors() == errorsBefore + 1);
		assertThat(this.client.isConnected()).isTrue();
	}

	@Test
	void subscriptionsComeBackAfterTheGatewayDropsTheConnection() {
		String first = awaitSubscribed("orders");
		this.gateway.drop(first);
		await().until(() -> this.client.isConnected() && !first.equals(this.client.connectionInfo().id()));
		String second = awaitSubscribed("orders");
		this.gateway.publish("orders", "created", Map.of("id", "o-3", "amount", 5));
		await().until(() -> this.listener.orders.contains(new Order("o-3", 5)));
		assertThat(second).isNotEqualTo(first);
	}

	private String awaitSubscribed(String topic) {
		await().until(() -> this.client.isConnected()
				&& this.gateway.subscribers(topic).contains(this.client.connectionInfo().id()));
		return this.client.connectionInfo().id();
	}

	record Order(String id, int amount) {
	}

	record OrderAck(String id, String status) {
	}

	static class OrderListener {

		final List<Order> orders = new CopyOnWriteArrayList<>();

		final List<String> types = new CopyOnWriteArrayList<>();

		@PubSubListener(value = "orders.*", client = "gateway")
		OrderAck onOrder(Order order, @Header(PubSubHeaders.MESSAGE_TYPE) String type) {
			if (order.amount() < 0) {
				throw new IllegalArgumentException("negative amount");
			}
			this.orders.add(order);
			this.types.add(type);
			return new OrderAck(order.id(), "accepted");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ PubSubAutoConfiguration.class, RealtimePubSubAutoConfiguration.class })
	static class App {

		@Bean
		OrderListener orderListener() {
			return new OrderListener();
		}

	}

}
