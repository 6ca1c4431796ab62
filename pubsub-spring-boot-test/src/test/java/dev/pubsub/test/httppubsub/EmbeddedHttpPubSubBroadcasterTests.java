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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.ReconnectPolicy;
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

	@Test
	void exactAndGlobDeliveryUnsubscribeAndResync() throws Exception {
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
		this.receiver.createContext("/receive", (exchange) -> answer(exchange, this.client.handleReceive(
				exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Repr-Digest"),
				exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestBody())));
		this.receiver.createContext("/recover", (exchange) -> answer(exchange, this.client.handleMissed(
				exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Content-Type"),
				exchange.getRequestBody())));
		this.receiver.start();

		List<PubSubMessage> exact = new CopyOnWriteArrayList<>();
		List<PubSubMessage> glob = new CopyOnWriteArrayList<>();
		Subscription exactSubscription = this.client.subscribe("orders/created", exact::add);
		this.client.subscribe("invoices/[!x]*", glob::add);
		this.client.connect().get(10, TimeUnit.SECONDS);
		assertThat(this.broadcaster.subscriptionCount(this.client.receiveUrl())).isEqualTo(2);

		assertThat(this.client.notify("orders/created", "one").get(10, TimeUnit.SECONDS)).isEqualTo(1);
		assertThat(this.client.notify("invoices/a/b", "two").get(10, TimeUnit.SECONDS)).isEqualTo(1);
		assertThat(this.client.notify("invoices/xyz", "three").get(10, TimeUnit.SECONDS)).isZero();
		await().until(() -> exact.size() == 1 && glob.size() == 1);
		assertThat(glob.get(0).topic()).isEqualTo("invoices/a/b");

		this.broadcaster.clearSubscriptions();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.broadcaster.subscriptionCount(this.client.receiveUrl()) == 2);

		exactSubscription.cancel();
		await().until(() -> this.broadcaster.subscriptionCount(this.client.receiveUrl()) == 1);
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
