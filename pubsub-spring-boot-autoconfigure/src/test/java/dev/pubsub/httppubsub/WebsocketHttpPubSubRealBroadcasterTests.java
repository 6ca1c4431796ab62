package dev.pubsub.httppubsub;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.WebSocketClient;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.SubscribeOptions;
import dev.pubsub.core.Subscription;
import dev.pubsub.listener.PubSubListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The websocket transport ({@code transport: websocket}) against the real lonelypss broadcaster's
 * {@code /v1/websocket}, in each auth mode, with the secrets from {@code subscriber-secrets.json}.
 * The broadcaster is started with 1 MiB outgoing websocket messages, so the 8 MiB message arrives
 * in parts (CONTINUE_RECEIVE each); the client sends it in 1 MiB parts (CONTINUE_NOTIFY each). The
 * parts are counted on the wire, by a {@code WebSocketClient} bean that wraps Spring's.
 */
class WebsocketHttpPubSubRealBroadcasterTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final int WS_MESSAGE_SIZE = 1024 * 1024;

	@TempDir
	Path temp;

	@ParameterizedTest
	@ValueSource(strings = { "none", "token", "hmac" })
	void subscribeNotifyReceiveInPartsUnsubscribeAndSurviveARestart(String mode) throws Exception {
		try (RealBroadcaster broadcaster = RealBroadcaster
			.startWithWebsocketMessageSize(this.temp.resolve("broadcaster"), mode, WS_MESSAGE_SIZE);
				ConfigurableApplicationContext context = startApp(broadcaster, App.class)) {
			WebsocketHttpPubSubClient client = context.getBean("orders", WebsocketHttpPubSubClient.class);
			List<PubSubMessage> exact = new CopyOnWriteArrayList<>();
			Subscription subscription = client.subscribe("orders/created", exact::add);
			await().atMost(WAIT).until(client::isConnected);

			assertThat(client.notify("orders/created", "{\"id\":1}").get(30, TimeUnit.SECONDS)).isEqualTo(1);
			await().atMost(WAIT).until(() -> exact.size() == 1);
			assertThat(exact.get(0).asString()).isEqualTo("{\"id\":1}");
			assertThat(exact.get(0).topic()).isEqualTo("orders/created");
			assertThat(client.notify("orders/nobody", new byte[] { 1 }).get(30, TimeUnit.SECONDS)).isZero();

			byte[] large = new byte[8 * 1024 * 1024];
			new Random(7).nextBytes(large);
			Path file = this.temp.resolve("large.bin");
			Files.write(file, large);
			FrameCounter frames = context.getBean(FrameCounter.class);
			int receivedBefore = frames.count(WebsocketFrames.RECEIVE_STREAM);
			int continuedBefore = frames.count(WebsocketFrames.CONTINUE_NOTIFY);
			assertThat(client.notify("orders/created".getBytes(StandardCharsets.UTF_8), file).get(60, TimeUnit.SECONDS))
				.isEqualTo(1);
			await().atMost(WAIT).until(() -> exact.size() == 2);
			// 8 MiB in 1 MiB websocket messages: sent as 8 parts (the broadcaster asks for the 7 after
			// the first), received as 9 (each of the broadcaster's parts carries its headers too)
			assertThat(frames.count(WebsocketFrames.CONTINUE_NOTIFY) - continuedBefore).isEqualTo(7);
			assertThat(frames.count(WebsocketFrames.RECEIVE_STREAM) - receivedBefore).isEqualTo(9);
			assertThat(exact.get(1).asBytes()).isEqualTo(large);
			assertThat(exact.get(1).headers().get(DefaultHttpPubSubClient.SHA512_HEADER))
				.isEqualTo(HexFormat.of().formatHex(HttpPubSubProtocol.sha512(large)));

			broadcaster.stopAndWipe();
			await().atMost(WAIT).until(() -> !client.isConnected());
			broadcaster.start();
			await().atMost(WAIT).until(client::isConnected);
			assertThat(client.notify("orders/created", "again").get(30, TimeUnit.SECONDS)).isEqualTo(1);
			await().atMost(WAIT).until(() -> exact.size() == 3);
			assertThat(exact.get(2).asString()).isEqualTo("again");

			subscription.cancel();
			await().atMost(WAIT)
				.until(() -> client.notify("orders/created", "gone").get(30, TimeUnit.SECONDS) == 0);
			assertThat(exact).hasSize(3);
		}
	}

	@Test
	void notifiedCountsEveryWebsocketSubscriberAndGlobsMatch() throws Exception {
		try (RealBroadcaster broadcaster = RealBroadcaster.start(this.temp.resolve("broadcaster"), "hmac");
				ConfigurableApplicationContext first = startApp(broadcaster, App.class);
				ConfigurableApplicationContext second = startApp(broadcaster, App.class)) {
			WebsocketHttpPubSubClient one = first.getBean("orders", WebsocketHttpPubSubClient.class);
			WebsocketHttpPubSubClient two = second.getBean("orders", WebsocketHttpPubSubClient.class);
			List<PubSubMessage> exact = new CopyOnWriteArrayList<>();
			List<PubSubMessage> glob = new CopyOnWriteArrayList<>();
			one.subscribe("prices/eur", exact::add);
			two.subscribe("prices/*", glob::add);
			await().atMost(WAIT).until(() -> one.isConnected() && two.isConnected());
			// The broadcaster hands a message to its websocket subscribers (matching globs in Python)
			// only when its store has an entry for the topic; a glob alone is stored as an SQLite
			// GLOB that never matches (protocol note, defect 1). So the glob fires here thanks to the
			// exact subscription on the same topic, and not for a topic only the glob covers.
			assertThat(one.notify("prices/eur", "1.08").get(30, TimeUnit.SECONDS)).isEqualTo(2);
			await().atMost(WAIT).until(() -> exact.size() == 1 && glob.size() == 1);
			assertThat(exact.get(0).asString()).isEqualTo("1.08");
			assertThat(glob.get(0).topic()).isEqualTo("prices/eur");
			assertThat(two.notify("prices/usd", "1.00").get(30, TimeUnit.SECONDS)).isZero();
			assertThat(one.notify("prices/eur", "1.09").get(30, TimeUnit.SECONDS)).isEqualTo(2);
			await().atMost(WAIT).until(() -> exact.size() == 2 && glob.size() == 2);
			assertThat(glob).extracting(PubSubMessage::asString).containsExactly("1.08", "1.09");
		}
	}

	/**
	 * Remote subscriptions are counted per pattern (the shared registry): a pattern two subscriptions hold is
	 * kept while one of them remains; patterns added while connected are subscribed as a diff; and a message
	 * matching both patterns of one subscription is delivered to it once.
	 */
	@Test
	void sharedPatternsStayHeldUntilTheLastSubscriptionAndOverlappingPatternsDeliverOnce() throws Exception {
		try (RealBroadcaster broadcaster = RealBroadcaster.start(this.temp.resolve("broadcaster"), "token");
				ConfigurableApplicationContext context = startApp(broadcaster, App.class)) {
			WebsocketHttpPubSubClient client = context.getBean("orders", WebsocketHttpPubSubClient.class);
			await().atMost(WAIT).until(client::isConnected);
			List<String> first = new CopyOnWriteArrayList<>();
			List<String> second = new CopyOnWriteArrayList<>();
			List<String> overlap = new CopyOnWriteArrayList<>();
			Subscription a = client.subscribe("orders/1", (message) -> first.add(message.asString()));
			Subscription b = client.subscribe("orders/1", (message) -> second.add(message.asString()));
			Subscription c = client.subscribe(List.of("orders/*", "orders/1"), (message) -> overlap.add(message.asString()),
					SubscribeOptions.defaults());
			AtomicInteger probes = new AtomicInteger();
			String[] held = new String[1];
			await().atMost(WAIT).until(() -> {
				held[0] = "probe-" + probes.incrementAndGet();
				return client.notify("orders/1", held[0]).get(30, TimeUnit.SECONDS) == 1;
			});
			assertThat(client.notify("orders/1", "m1").get(30, TimeUnit.SECONDS)).isEqualTo(1);
			await().atMost(WAIT).until(() -> first.contains("m1"));
			a.cancel();
			assertThat(client.notify("orders/1", "m2").get(30, TimeUnit.SECONDS)).isEqualTo(1);
			await().atMost(WAIT).until(() -> second.contains("m2") && overlap.contains("m2"));
			assertThat(first).containsExactly(held[0], "m1");
			assertThat(second).containsExactly(held[0], "m1", "m2");
			assertThat(overlap).containsExactly(held[0], "m1", "m2");
			assertThat(client.isConnected()).isTrue();

			b.cancel();
			c.cancel();
			await().atMost(WAIT).until(() -> client.notify("orders/1", "gone").get(30, TimeUnit.SECONDS) == 0);
			assertThat(client.isConnected()).isTrue();
		}
	}

	@Test
	void pubSubListenerReceivesOverTheWebsocket() throws Exception {
		try (RealBroadcaster broadcaster = RealBroadcaster.start(this.temp.resolve("broadcaster"), "token");
				ConfigurableApplicationContext context = startApp(broadcaster, ListenerApp.class)) {
			WebsocketHttpPubSubClient client = context.getBean("orders", WebsocketHttpPubSubClient.class);
			await().atMost(WAIT).until(client::isConnected);
			assertThat(client.notify("orders/7", new Order(7, "pen")).get(30, TimeUnit.SECONDS)).isEqualTo(1);
			OrderListener listener = context.getBean(OrderListener.class);
			await().atMost(WAIT).until(() -> listener.orders.size() == 1);
			assertThat(listener.orders.get(0)).isEqualTo(new Order(7, "pen"));
		}
	}

	private ConfigurableApplicationContext startApp(RealBroadcaster broadcaster, Class<?> app) {
		return new SpringApplicationBuilder(app).web(WebApplicationType.NONE)
			.properties("pubsub.clients.orders.type=httppubsub",
					"pubsub.clients.orders.httppubsub.transport=websocket",
					"pubsub.clients.orders.reconnect.initial-delay=200ms",
					"pubsub.clients.orders.reconnect.max-delay=1s",
					"pubsub.clients.orders.httppubsub.broadcasters=" + broadcaster.url(),
					"pubsub.clients.orders.httppubsub.secrets-file=" + broadcaster.subscriberSecrets())
			.run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		FrameCounter frameCounter() {
			return new FrameCounter();
		}

	}

	/**
	 * The client's {@code WebSocketClient} (Spring's standard one), counting the binary frames the
	 * broadcaster sends by their type (the u16 after the flags).
	 */
	static class FrameCounter implements WebSocketClient {

		private final WebSocketClient delegate = new StandardWebSocketClient();

		private final Map<Integer, AtomicInteger> counts = new ConcurrentHashMap<>();

		int count(int type) {
			AtomicInteger count = this.counts.get(type);
			return (count != null) ? count.get() : 0;
		}

		@Override
		public CompletableFuture<WebSocketSession> execute(WebSocketHandler handler, String uriTemplate,
				Object... uriVariables) {
			return this.delegate.execute(counting(handler), uriTemplate, uriVariables);
		}

		@Override
		public CompletableFuture<WebSocketSession> execute(WebSocketHandler handler, WebSocketHttpHeaders headers,
				URI uri) {
			return this.delegate.execute(counting(handler), headers, uri);
		}

		private WebSocketHandler counting(WebSocketHandler handler) {
			return new WebSocketHandlerDecorator(handler) {

				@Override
				public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
					if (message instanceof BinaryMessage binary && binary.getPayloadLength() >= 4) {
						ByteBuffer payload = binary.getPayload();
						int type = Short.toUnsignedInt(payload.getShort(payload.position() + 2));
						FrameCounter.this.counts.computeIfAbsent(type, (key) -> new AtomicInteger()).incrementAndGet();
					}
					super.handleMessage(session, message);
				}

			};
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(OrderListener.class)
	static class ListenerApp {

	}

	record Order(int id, String item) {
	}

	static class OrderListener {

		final List<Order> orders = new CopyOnWriteArrayList<>();

		@PubSubListener(value = "orders/7", client = "orders")
		void onOrder(Order order) {
			this.orders.add(order);
		}

	}

}
