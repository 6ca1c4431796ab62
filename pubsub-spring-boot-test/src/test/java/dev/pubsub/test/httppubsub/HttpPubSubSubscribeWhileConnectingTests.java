package dev.pubsub.test.httppubsub;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.pubsub.core.ConnectionState;
import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.httppubsub.DefaultHttpPubSubClient;
import dev.pubsub.httppubsub.HttpPubSubAuth;
import dev.pubsub.httppubsub.HttpPubSubSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A subscription added while the connect's {@code set_subscriptions} is in flight (what a
 * {@code @PubSubListener} container does at start-up, right after the client began connecting) must
 * reach the broadcaster without waiting for the resync interval. A gate in front of the embedded
 * broadcaster holds the connect's request until the test has subscribed.
 */
class HttpPubSubSubscribeWhileConnectingTests {

	private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "expect", "upgrade");

	private final CountDownLatch release = new CountDownLatch(1);

	private final CountDownLatch held = new CountDownLatch(1);

	private final ExecutorService gateThreads = Executors.newCachedThreadPool();

	private final HttpClient forwarder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private EmbeddedHttpPubSubBroadcaster broadcaster;

	private HttpServer gate;

	private DefaultHttpPubSubClient client;

	@AfterEach
	void close() {
		this.release.countDown();
		if (this.client != null) {
			this.client.destroy();
		}
		if (this.gate != null) {
			this.gate.stop(0);
		}
		if (this.broadcaster != null) {
			this.broadcaster.stop();
		}
		this.gateThreads.shutdownNow();
	}

	@Test
	void subscriptionAddedDuringConnectReachesTheBroadcasterWithoutAResync() throws Exception {
		this.broadcaster = EmbeddedHttpPubSubBroadcaster.create().start();
		this.gate = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
		this.gate.setExecutor(this.gateThreads);
		this.gate.createContext("/", this::forward);
		this.gate.start();
		this.client = new DefaultHttpPubSubClient("orders", JsonMapper.builder().build(),
				new ReconnectPolicy(true, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.1,
						ReconnectPolicy.UNLIMITED),
				Duration.ofSeconds(5),
				new HttpPubSubSettings(
						List.of(URI.create("http://127.0.0.1:" + this.gate.getAddress().getPort())),
						() -> "http://127.0.0.1:9/receive", null, HttpPubSubAuth.none(), HttpPubSubAuth.none(),
						Duration.ofHours(1), Duration.ofSeconds(30), 1024 * 1024, 1, Duration.ofMillis(100)));
		this.client.subscribe("orders/early", (message) -> {
		});

		CompletableFuture<Void> connected = this.client.connect();
		assertThat(this.held.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.client.state()).isEqualTo(ConnectionState.CONNECTING);
		this.client.subscribe("orders/late", (message) -> {
		});
		this.release.countDown();
		connected.get(10, TimeUnit.SECONDS);

		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.broadcaster.subscriptionCount(this.client.receiveUrl()) == 2);
		assertThat(this.client.checkSubscriptions().get(10, TimeUnit.SECONDS)).isTrue();
	}

	/**
	 * Forward a request to the embedded broadcaster, holding the first set_subscriptions until released.
	 */
	private void forward(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getRawPath();
			if (path.endsWith("/set_subscriptions") && this.held.getCount() > 0) {
				this.held.countDown();
				if (!this.release.await(30, TimeUnit.SECONDS)) {
					exchange.sendResponseHeaders(504, -1);
					return;
				}
			}
			HttpRequest.Builder request = HttpRequest
				.newBuilder(URI.create(this.broadcaster.url() + exchange.getRequestURI()))
				.POST(HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()));
			exchange.getRequestHeaders().forEach((name, values) -> {
				if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
					values.forEach((value) -> request.header(name, value));
				}
			});
			HttpResponse<byte[]> response = this.forwarder.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
			response.headers().firstValue("Content-Type")
				.ifPresent((type) -> exchange.getResponseHeaders().set("Content-Type", type));
			byte[] body = response.body();
			exchange.sendResponseHeaders(response.statusCode(), (body.length > 0) ? body.length : -1);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

}
