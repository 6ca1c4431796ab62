package com.example.orders;

import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.listener.PubSubListener;

@Component
public class OrderListener {

	public record Order(String id, String item) {
	}

	public record OrderAck(String id, String status) {
	}

	// "orders.*" subscribes the client to the "orders" topic; the routing key is topic.messageType
	@PubSubListener("orders.*")
	OrderAck onOrder(Order order, @Header(PubSubHeaders.MESSAGE_TYPE) String type) {
		return new OrderAck(order.id(), "accepted " + type);   // sent back as the reply
	}

}
