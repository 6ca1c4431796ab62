package dev.pubsub.httppubsub.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
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

import dev.pubsub.httppubsub.HttpPubSubProtocol;
import dev.pubsub.httppubsub.WireWriter;
import dev.pubsub.test.contract.ContractPeer;
import dev.pubsub.test.httppubsub.EmbeddedHttpPubSubBroadcaster;

import static org.awaitility.Awaitility.await;

/**
 * The embedded httppubsub broadcaster with the client on the {@code websocket} transport (one connection
 * to {@code /v1/websocket}) as a contract peer. Contract messages are notifications on topic
 * {@value #TOPIC}: {@link #publish} POSTs them to {@code /v1/notify} as another service would, the floods
 * notify from inside the broadcaster. The broadcaster keeps at most three RECEIVE_STREAM parts
 * unacknowledged per socket (lonelypss's default), so its floods are flow-controlled by the client's
 * acknowledgements; for the large deliveries while it does not read, it lifts that window and its writes
 * block on TCP back-pressure only.
 * <p>
 * The protocol has no way to skip a bad message: the client closes the connection on a message it cannot
 * decode (garbage) or one over its frame limit (oversized), counts it as malformed and reconnects. So each
 * garbage or oversized frame goes to a restored connection, and only a few of them are sent.
 */
final class HttpPubSubWebsocketContractPeer implements ContractPeer {

	static final String TOPIC = "contract/item";

	/** The client's max-message-size: large deliveries (200 KB) fit, oversized frames do not. */
	static final long MAX_MESSAGE = 256 * 1024;

	/** Each bad frame closes the connection: this many are sent whatever the kit asks for. */
	private static final int BAD_FRAMES = 3;

	/** Default part size (1 MiB): every contract message is one RECEIVE_STREAM part. */
	private final EmbeddedHttpPubSubBroadcaster broadcaster = EmbeddedHttpPubSubBroadcaster.create();

	private final HttpClient http = HttpClient.newHttpClient();

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
		String prefix = "pubsub.clients." + clientName + ".";
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put(prefix + "type", "httppubsub");
		properties.put(prefix + "httppubsub.transport", "websocket");
		properties.put(prefix + "httppubsub.broadcasters", this.broadcaster.url());
		properties.put(prefix + "httppubsub.to-broadcaster.type", "none");
		properties.put(prefix + "httppubsub.to-subscriber.type", "none");
		properties.put(prefix + "httppubsub.max-message-size", MAX_MESSAGE + "B");
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
		return this.broadcaster.websocketSubscriptionCount() > 0;
	}

	@Override
	public void publish(String id) {
		byte[] topic = TOPIC.getBytes(StandardCharsets.UTF_8);
		byte[] message = ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
		byte[] sha512 = HttpPubSubProtocol.sha512(message);
		byte[] identifier = id.getBytes(StandardCharsets.UTF_8);
		byte[] prefix = HttpPubSubProtocol.notifyPrefix(topic, sha512, new byte[0], identifier, message.length);
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.broadcaster.url() + HttpPubSubProtocol.NOTIFY))
			.header("Content-Type", HttpPubSubProtocol.CONTENT_TYPE)
			.POST(HttpRequest.BodyPublishers.ofByteArray(new WireWriter().bytes(prefix).bytes(message).toByteArray()))
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

	private void notifyInside(String json) {
		this.broadcaster.notify(TOPIC.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public int dropAllConnections() {
		return this.broadcaster.websocketFaults().dropAll();
	}

	@Override
	public void acceptThenClose(boolean enabled) {
		this.broadcaster.websocketFaults().acceptThenClose(enabled);
	}

	@Override
	public List<Instant> acceptTimes() {
		return this.broadcaster.websocketFaults().acceptTimes();
	}

	@Override
	public int sendGarbage(int count) {
		// u16 flags, u16 type 999: no such broadcaster message type
		return sendBadFrames(new byte[] { 0, 1, 3, (byte) 0xE7, 'F', 'O', 'R', 'G', 'E', 'D' });
	}

	@Override
	public int sendOversized(int count) {
		// over the client's frame limit (max-message-size plus its header allowance of 256 KiB)
		return sendBadFrames(new byte[(int) (MAX_MESSAGE * 4)]);
	}

	private int sendBadFrames(byte[] frame) {
		for (int i = 0; i < BAD_FRAMES; i++) {
			int accepted = acceptTimes().size();
			if (this.broadcaster.sendRawToWebsockets(frame) != 1) {
				throw new IllegalStateException("Expected one configured websocket");
			}
			await().atMost(Duration.ofSeconds(60))
				.until(() -> acceptTimes().size() > accepted && this.broadcaster.websocketFaults().sessions().size() == 1
						&& hasSubscriber());
		}
		return BAD_FRAMES;
	}

	@Override
	public long maxInboundMessageBytes() {
		return MAX_MESSAGE;
	}

	@Override
	public long flood(String idPrefix, Duration duration, LongSupplier delivered) {
		// each notify returns once the socket took the message, at most three unacknowledged
		long end = System.nanoTime() + duration.toNanos();
		long sent = 0;
		while (System.nanoTime() - end < 0) {
			notifyInside("{\"id\":\"" + idPrefix + sent + "\"}");
			sent++;
		}
		return sent;
	}

	@Override
	public int floodLarge(String idPrefix, int count, int size, LongSupplier delivered) {
		String pad = "x".repeat(size);
		this.broadcaster.liftWebsocketAckWindow(true);
		this.broadcaster.websocketFaults().suspendReading();
		try {
			for (int i = 0; i < count; i++) {
				notifyInside("{\"id\":\"" + idPrefix + i + "\",\"pad\":\"" + pad + "\"}");
			}
		}
		finally {
			this.broadcaster.websocketFaults().resumeReading();
			this.broadcaster.liftWebsocketAckWindow(false);
		}
		return count;
	}

}
