package dev.pubsub.httppubsub.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import dev.pubsub.httppubsub.HttpPubSubProtocol;
import dev.pubsub.test.contract.ContractPeer;
import dev.pubsub.test.contract.ContractPoint;
import dev.pubsub.test.httppubsub.EmbeddedHttpPubSubBroadcaster;

/**
 * The embedded httppubsub broadcaster with the client on the {@code http} (webhook) transport as a contract
 * peer: the broadcaster POSTs each notification to the client's receive endpoint on the application's own
 * web server, whose port this peer picks, so it knows the receive URL the client registers. Contract
 * messages are notifications on topic {@value #TOPIC}, sent to the broadcaster's {@code /v1/notify} as
 * another service would.
 */
final class HttpPubSubWebhookContractPeer implements ContractPeer {

	static final String TOPIC = "contract/item";

	private static final String NO_CONNECTION = "the webhook transport holds no connection: each notification is its "
			+ "own HTTP request from the broadcaster to the application's receive endpoint, so there is nothing "
			+ "to drop, accept and close, or flood on one connection";

	private static final String DROPS_BY_DESIGN = "the receive endpoint answers on the web server's request "
			+ "threads and drops (counted, logged rate-limited) instead of blocking when the inbound budget is "
			+ "full, so that a broadcaster cannot hold the application's request threads (see 'Bounds and "
			+ "back-pressure'); nothing to back-pressure, and 'no loss' is not promised";

	private final EmbeddedHttpPubSubBroadcaster broadcaster = EmbeddedHttpPubSubBroadcaster.create();

	private final HttpClient http = HttpClient.newHttpClient();

	private final int appPort = freePort();

	private @Nullable String receiveUrl;

	@Override
	public void start() {
		this.broadcaster.start();
	}

	@Override
	public void stop() {
		this.broadcaster.stop();
	}

	@Override
	public Map<String, Object> clientProperties(String clientName) {
		this.receiveUrl = "http://127.0.0.1:" + this.appPort + "/pubsub/httppubsub/" + clientName + "/receive";
		String prefix = "pubsub.clients." + clientName + ".";
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put(prefix + "type", "httppubsub");
		properties.put(prefix + "httppubsub.transport", "http");
		properties.put(prefix + "httppubsub.broadcasters", this.broadcaster.url());
		properties.put(prefix + "httppubsub.to-broadcaster.type", "none");
		properties.put(prefix + "httppubsub.to-subscriber.type", "none");
		properties.put("server.port", this.appPort);
		properties.put("server.address", "127.0.0.1");
		return properties;
	}

	@Override
	public String pattern() {
		return TOPIC;
	}

	@Override
	public List<String> overlappingPatterns() {
		return List.of("contract/*", TOPIC);
	}

	@Override
	public boolean hasSubscriber() {
		String url = this.receiveUrl;
		return url != null && this.broadcaster.subscriptionCount(url) > 0;
	}

	@Override
	public void publish(String id) {
		byte[] topic = TOPIC.getBytes(StandardCharsets.UTF_8);
		byte[] message = ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
		byte[] sha512 = HttpPubSubProtocol.sha512(message);
		byte[] identifier = id.getBytes(StandardCharsets.UTF_8);
		byte[] prefix = HttpPubSubProtocol.notifyPrefix(topic, sha512, new byte[0], identifier, message.length);
		byte[] body = new byte[prefix.length + message.length];
		System.arraycopy(prefix, 0, body, 0, prefix.length);
		System.arraycopy(message, 0, body, prefix.length, message.length);
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.broadcaster.url() + HttpPubSubProtocol.NOTIFY))
			.header("Content-Type", HttpPubSubProtocol.CONTENT_TYPE)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		try {
			HttpResponse<Void> response = this.http.send(request, HttpResponse.BodyHandlers.discarding());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("The broadcaster answered notify with " + response.statusCode());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public int dropAllConnections() {
		throw new UnsupportedOperationException(NO_CONNECTION);
	}

	@Override
	public void acceptThenClose(boolean enabled) {
		throw new UnsupportedOperationException(NO_CONNECTION);
	}

	@Override
	public List<Instant> acceptTimes() {
		throw new UnsupportedOperationException(NO_CONNECTION);
	}

	@Override
	public int sendGarbage(int count) {
		throw new UnsupportedOperationException("not covered by the kit yet for the webhook transport");
	}

	@Override
	public int sendOversized(int count) {
		throw new UnsupportedOperationException("not covered by the kit yet for the webhook transport");
	}

	@Override
	public long maxInboundMessageBytes() {
		return 1024 * 1024;
	}

	@Override
	public long flood(String idPrefix, Duration duration, LongSupplier delivered) {
		throw new UnsupportedOperationException(DROPS_BY_DESIGN);
	}

	@Override
	public int floodLarge(String idPrefix, int count, int size, LongSupplier delivered) {
		throw new UnsupportedOperationException(DROPS_BY_DESIGN);
	}

	@Override
	public @Nullable String limitation(ContractPoint point) {
		return switch (point) {
			case RESTORE_AFTER_DROPS, RECONNECT_BACKOFF -> NO_CONNECTION;
			case FLOOD, LARGE_DELIVERIES_WHILE_NOT_READING -> DROPS_BY_DESIGN;
			case GARBAGE_FRAMES, OVERSIZED_FRAMES -> "not covered by the kit yet: hostile request bodies to the "
					+ "receive endpoint are tested by the endpoint's own tests (HttpPubSubReceive*), not here";
			default -> null;
		};
	}

	@Override
	public String describe() {
		String url = this.receiveUrl;
		return "receive URL subscriptions: " + ((url != null) ? this.broadcaster.subscriptionCount(url) : 0) + ", "
				+ this.broadcaster.describeFanOut();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
