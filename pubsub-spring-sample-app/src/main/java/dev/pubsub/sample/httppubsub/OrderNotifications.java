package dev.pubsub.sample.httppubsub;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.pubsub.httppubsub.HttpPubSubClient;
import dev.pubsub.listener.PubSubListener;

/**
 * httppubsub in the sample: {@code POST /httppubsub/orders} notifies {@code orders/created} and
 * answers how many subscribers were reached; the listener below (this application itself,
 * through its receive endpoint) records what arrives, visible at {@code GET /httppubsub/orders}.
 */
@RestController
class OrderNotifications {

	private static final Log logger = LogFactory.getLog(OrderNotifications.class);

	private final HttpPubSubClient client;

	private final List<Order> received = new CopyOnWriteArrayList<>();

	OrderNotifications(@Qualifier("notifications") HttpPubSubClient client) {
		this.client = client;
	}

	@PostMapping("/httppubsub/orders")
	CompletableFuture<Map<String, Long>> publish(@RequestBody Order order) {
		return this.client.notify("orders/created", order).thenApply((notified) -> Map.of("notified", notified));
	}

	@GetMapping("/httppubsub/orders")
	List<Order> received() {
		return this.received;
	}

	@PubSubListener(value = "orders/created", client = "notifications")
	void onOrderCreated(Order order) {
		logger.info("httppubsub: order " + order.id() + " created");
		this.received.add(order);
	}

	/**
	 * An order event.
	 * @param id the id
	 * @param item the item
	 */
	record Order(long id, String item) {
	}

}
