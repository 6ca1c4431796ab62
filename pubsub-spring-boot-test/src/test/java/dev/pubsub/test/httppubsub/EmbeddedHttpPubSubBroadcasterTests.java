package dev.pubsub.test.httppubsub;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.core.SubscribeOptions;
import dev.pubsub.core.Subscription;
import dev.pubsub.httppubsub.DefaultHttpPubSubClient;
import dev.pubsub.httppubsub.HttpPubSubAuth;
import dev.pubsub.httppubsub.HttpPubSubMissedEvent;
import dev.pubsub.httppubsub.HttpPubSubSettings;
import dev.pubsub.httppubsub.InboundResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The httppubsub client against the embedded broadcaster, with HMAC both ways: exact and glob
 * delivery (which the real broadcaster on SQLite cannot do), unsubscribe, missed notices, and a
 * broadcaster that lost its store.
 */
class EmbeddedHttpPubSubBroadcasterTests {

	private static final String SECRET = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]);

	private EmbeddedHttpPubSubBroadcaster broadcaster;

	private HttpServer receiver;

	private DefaultHttpPubSubClient client;

	@AfterEach
	void close() {
		if (this.client != null) {
			this.client.destroy();
		}
		if (this.receiver != null) {
			this.receiver.stop(0);
		}
		if (this.broadcaster != null) {
			this.broadcaster.stop();
		}
	}

	private void start() throws IOException {
		this.broadcaster = new EmbeddedHttpPubSubBroadcaster(0, HttpPubSubAuth.hmac(SECRET), HttpPubSubAuth.hmac(SECRET))
			.start();
		this.receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
		int port = this.receiver.getAddress().getPort();
		this.client = new DefaultHttpPubSubClient("orders", JsonMapper.builder().build(),
				new ReconnectPolicy(true, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.1, ReconnectPolicy.UNLIMITED),
				Duration.ofSeconds(5),
				new HttpPubSubSettings(List.of(URI.create(this.broadcaster.url())),
						() -> "http://127.0.0.1:" + port + "/receive#a", () -> "http://127.0.0.1:" + port + "/recover#a",
						HttpPubSubAuth.hmac(SECRET), HttpPubSubAuth.hmac(SECRET), Duration.ofMillis(300),
						Duration.ofSeconds(30), 1024 * 1024, 1, Duration.ofMillis(100)));
		this.receiver.createContext("/receive", (exchange) -> answer(exchange, this.client.handleReceive(glob(exchange),
				exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Repr-Digest"),
				exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestBody())));
		this.receiver.createContext("/recover", (exchange) -> answer(exchange, this.client.handleMissed(
				exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Content-Type"),
				exchange.getRequestBody())));
		this.receiver.start();
	}

	/** The {@code glob} query parameter the client registers each glob's URL with. */
	private static @Nullable String glob(HttpExchange exchange) {
		String query = exchange.getRequestURI().getRawQuery();
		return (query != null && query.startsWith("glob=")) ? query.substring("glob=".length()) : null;
	}

	@Test
	void exactAndGlobDeliveryUnsubscribeAndResync() throws Exception {
		start();
		String globUrl = this.client.receiveUrl("invoices/[!x]*");
		assertThat(globUrl).startsWith(this.client.receiveUrl().replace("#a", "?glob=")).endsWith("#a");

		List<PubSubMessage> exact = new CopyOnWriteArrayList<>();
		List<PubSubMessage> glob = new CopyOnWriteArrayList<>();
		Subscription exactSubscription = this.client.subscribe("orders/created", exact::add);
		this.client.subscribe("invoices/[!x]*", glob::add);
		this.client.connect().get(10, TimeUnit.SECONDS);
		assertThat(this.broadcaster.subscriptionCount(this.client.receiveUrl())).isEqualTo(1);
		assertThat(this.broadcaster.subscriptionCount(globUrl)).isEqualTo(1);

		assertThat(this.client.notify("orders/created", "one").get(10, TimeUnit.SECONDS)).isEqualTo(1);
		assertThat(this.client.notify("invoices/a/b", "two").get(10, TimeUnit.SECONDS)).isEqualTo(1);
		assertThat(this.client.notify("invoices/xyz", "three").get(10, TimeUnit.SECONDS)).isZero();
		await().until(() -> exact.size() == 1 && glob.size() == 1);
		assertThat(glob.get(0).topic()).isEqualTo("invoices/a/b");

		this.broadcaster.clearSubscriptions();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.broadcaster.subscriptionCount(this.client.receiveUrl()) == 1
					&& this.broadcaster.subscriptionCount(globUrl) == 1);

		exactSubscription.cancel();
		await().until(() -> this.broadcaster.subscriptionCount(this.client.receiveUrl()) == 0);
		assertThat(this.client.notify("orders/created", "gone").get(10, TimeUnit.SECONDS)).isZero();

		List<HttpPubSubMissedEvent> missed = new CopyOnWriteArrayList<>();
		this.client.addMissedListener(missed::add);
		this.receiver.removeContext("/receive");
		this.receiver.createContext("/receive", (exchange) -> answer(exchange, new InboundResponse(503, new byte[0])));
		assertThat(this.client.notify("invoices/b", "missed").get(10, TimeUnit.SECONDS)).isZero();
		await().until(() -> missed.size() == 1);
		assertThat(missed.get(0).topic()).isEqualTo("invoices/b");
		assertThat(exact).hasSize(1);
	}

	/**
	 * The broadcaster sends one copy per matching subscription, each with a fresh identifier; the client
	 * dispatches each message once to each subscription that matches it, however many of its patterns
	 * (and of the client's) match: through the exact copy when an exact pattern names the topic, else
	 * through the copy of its least matching glob.
	 */
	@Test
	void overlappingPatternsAreDispatchedOncePerSubscription() throws Exception {
		start();
		List<String> all = new CopyOnWriteArrayList<>();
		List<String> orders = new CopyOnWriteArrayList<>();
		List<String> created = new CopyOnWriteArrayList<>();
		List<String> twoGlobs = new CopyOnWriteArrayList<>();
		this.client.subscribe(List.of("orders/*", "orders/created", "*/created"), (message) -> all.add(message.asString()),
				SubscribeOptions.defaults());
		this.client.subscribe("orders/*", (message) -> orders.add(message.asString()));
		this.client.subscribe("*/created", (message) -> created.add(message.asString()));
		this.client.subscribe(List.of("orders/cr*", "orders/c*"), (message) -> twoGlobs.add(message.asString()),
				SubscribeOptions.defaults());
		this.client.connect().get(10, TimeUnit.SECONDS);
		assertThat(this.broadcaster.subscriptionCount(this.client.receiveUrl())).isEqualTo(1);
		for (String glob : List.of("orders/*", "*/created", "orders/cr*", "orders/c*")) {
			assertThat(this.broadcaster.subscriptionCount(this.client.receiveUrl(glob))).as(glob).isEqualTo(1);
		}

		// one exact and four glob subscriptions match: five copies, each confirmed
		assertThat(this.client.notify("orders/created", "created-1").get(10, TimeUnit.SECONDS)).isEqualTo(5);
		// no exact one: the copies of orders/* and orders/c*
		assertThat(this.client.notify("orders/cat", "cat-1").get(10, TimeUnit.SECONDS)).isEqualTo(2);
		assertThat(this.client.notify("orders/created", "end").get(10, TimeUnit.SECONDS)).isEqualTo(5);
		await().until(() -> all.contains("end") && orders.contains("end") && created.contains("end")
				&& twoGlobs.contains("end"));

		assertThat(all).containsExactly("created-1", "cat-1", "end");
		assertThat(orders).containsExactly("created-1", "cat-1", "end");
		assertThat(created).containsExactly("created-1", "end");
		assertThat(twoGlobs).containsExactly("created-1", "cat-1", "end");
		assertThat(this.client.metrics().received()).isEqualTo(3);
		assertThat(this.client.inboundMetrics().refused()).isZero();
	}

	private static void answer(HttpExchange exchange, InboundResponse response) throws IOException {
		try (exchange) {
			exchange.sendResponseHeaders(response.status(), (response.body().length > 0) ? response.body().length : -1);
			if (response.body().length > 0) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(response.body());
				}
			}
		}
	}

}
