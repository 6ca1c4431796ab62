package dev.pubsub.wsrpc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;

import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.interop.InteropPeers;
import dev.pubsub.listener.PubSubListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @PubSubListener} end to end: on a configured {@code type: wsrpc} client connected to the
 * real Python server, and on the Spring-hosted endpoint's own events ({@code wsrpcServer}).
 */
class WsRpcListenerTests {

	@Test
	void listenersOnAClientAndOnTheHostedEndpoint() throws Exception {
		int pythonPort = InteropPeers.freePort();
		try (PeerProcess python = PeerProcess.pythonServer(pythonPort);
				EndpointServer server = EndpointServer.start(List.of(Listeners.class), "pubsub.clients.py.type=wsrpc",
						"pubsub.clients.py.wsrpc.url=ws://127.0.0.1:" + pythonPort + "/pubsub",
						"pubsub.clients.py.reconnect.initial-delay=100ms")) {
			Listeners listeners = server.bean(Listeners.class);
			WsRpcPubSubClient py = server.bean("py") instanceof WsRpcPubSubClient client ? client : null;
			assertThat(py).isNotNull();
			await().until(() -> py.isConnected() && py.remoteTopics().contains(WsRpcTopics.ALL_TOPICS)
					&& py.remoteTopics().size() == 1);
			assertThat(py.call("ping", Map.of()).get(5, TimeUnit.SECONDS).asString()).isEqualTo("pong");
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pythonPort
						+ "/trigger?topic=orders.created&data=%7B%22id%22%3A42%2C%22item%22%3A%22book%22%7D"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			await().until(() -> listeners.orders.size() == 1);
			assertThat(listeners.orders.get(0)).isEqualTo("orders.created:42:book");

			DefaultWsRpcPubSubClient client = WsRpcTestClients.client("to-endpoint", server.url());
			try {
				client.connect().get(10, TimeUnit.SECONDS);
				assertThat(client.publish(List.of("alerts"), "disk full", true).get(5, TimeUnit.SECONDS)).isTrue();
				await().until(() -> listeners.alerts.size() == 1);
				assertThat(listeners.alerts).containsExactly("disk full");
			}
			finally {
				client.destroy();
			}
		}
	}

	record Order(int id, String item) {
	}

	@Configuration(proxyBeanMethods = false)
	static class Listeners {

		final List<String> orders = new CopyOnWriteArrayList<>();

		final List<String> alerts = new CopyOnWriteArrayList<>();

		@PubSubListener(value = "orders.*", client = "py")
		void onOrder(@Payload Order order, @Header(PubSubHeaders.TOPIC) String topic) {
			this.orders.add(topic + ":" + order.id() + ":" + order.item());
		}

		@PubSubListener(value = "alerts", client = "wsrpcServer")
		void onAlert(String text) {
			this.alerts.add(text);
		}

	}

}
