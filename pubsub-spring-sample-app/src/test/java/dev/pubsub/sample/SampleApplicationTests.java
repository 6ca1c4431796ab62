package dev.pubsub.sample;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import dev.pubsub.realtime.RealtimeClient;
import dev.pubsub.sample.emitter.SensorListener;
import dev.pubsub.sample.emitter.SensorPublisher;
import dev.pubsub.sample.realtime.GreetingPublisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample runs on its embedded defaults: greetings published over the Realtime gateway are
 * replied to, Emitter readings reach their listener, an httppubsub notify reaches the sample's own
 * listener, and a publish on the hosted wsrpc endpoint reaches both its listener and the feed client.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = { "sample.realtime.publish-initial-delay=100ms", "sample.realtime.publish-interval=200ms",
				"sample.emitter.publish-initial-delay=100ms", "sample.emitter.publish-interval=200ms" })
class SampleApplicationTests {

	@Autowired
	private GreetingPublisher publisher;

	@Autowired
	private RealtimeClient gateway;

	@Autowired
	private SensorPublisher sensorPublisher;

	@Autowired
	private SensorListener sensorListener;

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void freeServerPort(DynamicPropertyRegistry registry) throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			int free = socket.getLocalPort();
			registry.add("server.port", () -> free);
		}
	}

	@Test
	void greetingsAreRepliedTo() {
		await().until(() -> this.publisher.replies() >= 3);
		assertThat(this.gateway.isConnected()).isTrue();
	}

	@Test
	void emitterReadingsPublishedThroughTheEmbeddedBrokerReachTheListener() {
		await().until(() -> this.sensorPublisher.acknowledged() >= 3 && this.sensorListener.latest().isPresent());
	}

	@Test
	void wsrpcServerPublishReachesTheHostedEndpointsListenerAndTheFeedClient() {
		RestClient rest = RestClient.create("http://127.0.0.1:" + this.port);
		await().untilAsserted(() -> {
			rest.post()
				.uri("/wsrpc/publish?topic=sample.greeting")
				.contentType(MediaType.APPLICATION_JSON)
				.body("\"hi\"")
				.retrieve()
				.toBodilessEntity();
			List<String> received = rest.get()
				.uri("/wsrpc/received")
				.retrieve()
				.body(new ParameterizedTypeReference<List<String>>() {
				});
			assertThat(received).anyMatch((line) -> line.startsWith("server sample.greeting"))
				.anyMatch((line) -> line.startsWith("client sample.greeting"));
		});
	}

	@Test
	void emitterReadingsAreForwardedToTheHostedWsRpcEndpoint() {
		RestClient rest = RestClient.create("http://127.0.0.1:" + this.port);
		await().untilAsserted(() -> {
			List<String> received = rest.get()
				.uri("/wsrpc/received")
				.retrieve()
				.body(new ParameterizedTypeReference<List<String>>() {
				});
			// @SendTo("wsrpcServer:sample.temperature") on the Emitter listener: the endpoint's own listener
			// and the feed client (a session of the endpoint, like a Python client) both get the reading
			assertThat(received).anyMatch((line) -> line.startsWith("server sample.temperature {\"sensor\""))
				.anyMatch((line) -> line.startsWith("client sample.temperature {\"sensor\""));
		});
	}

	@Test
	void httpPubSubNotifyReachesTheSamplesOwnListener() {
		RestClient rest = RestClient.create("http://127.0.0.1:" + this.port);
		await().untilAsserted(() -> {
			Map<String, Object> answer = rest.post()
				.uri("/httppubsub/orders")
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("id", 7, "item", "book"))
				.retrieve()
				.body(new ParameterizedTypeReference<Map<String, Object>>() {
				});
			assertThat(answer).containsEntry("notified", 1);
		});
		await().until(() -> rest.get()
			.uri("/httppubsub/orders")
			.retrieve()
			.body(new ParameterizedTypeReference<List<Map<String, Object>>>() {
			})
			.stream()
			.anyMatch((order) -> Integer.valueOf(7).equals(order.get("id"))));
	}

}
