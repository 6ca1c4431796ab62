package com.example.orders;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.pubsub.test.realtime.EmbeddedRealtime;
import dev.pubsub.test.realtime.EmbeddedRealtimeGateway;
import dev.pubsub.test.realtime.GatewayConnection;
import dev.pubsub.test.realtime.RecordedFrame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * README's listener in a new project: the embedded Realtime gateway publishes an order on
 * {@code orders}, and the reply the listener returns comes back to the gateway (a reply is a
 * publish to {@code priv/<sender>}, here the gateway itself), which shows the listener received it.
 */
@SpringBootTest
@EmbeddedRealtime(client = "gateway")
class OrderListenerTests {

	@Autowired
	private EmbeddedRealtimeGateway gateway;

	@Test
	void listenerReceivesAnOrderPublishedThroughTheGatewayAndReplies() {
		await().atMost(Duration.ofSeconds(60)).until(() -> !this.gateway.subscribers("orders").isEmpty());
		GatewayConnection client = this.gateway.connections().get(0);

		assertThat(this.gateway.publish("orders", "created", Map.of("id", "order-4711", "item", "book")))
			.isEqualTo(1);

		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(client.receivedFrames())
			.map(RecordedFrame::text)
			.anySatisfy((frame) -> assertThat(frame).contains("priv/" + EmbeddedRealtimeGateway.SERVER_CONNECTION_ID)
				.contains("\"order-4711\"")
				.contains("accepted created")));
	}

}
