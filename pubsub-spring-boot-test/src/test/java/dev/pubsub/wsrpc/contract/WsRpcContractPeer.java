package dev.pubsub.wsrpc.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import dev.pubsub.test.contract.ContractPeer;
import dev.pubsub.test.wsrpc.EmbeddedWsRpcServer;
import dev.pubsub.wsrpc.WsRpcTopics;
import dev.pubsub.wsrpc.server.WsRpcAuthorizer;
import dev.pubsub.wsrpc.server.WsRpcEndpointSettings;

/**
 * The embedded fastapi_websocket_pubsub endpoint as a contract peer: contract messages are notifications on
 * topic {@value #TOPIC}. The endpoint queues each session's outbound frames without blocking and closes a
 * session whose queue passes its byte budget (by design, 1013), so its floods stay a bounded window ahead of
 * what the client delivered, as a flow-controlled server would; the large flood's window is larger than the
 * client's byte budget, so the client's back-pressure is still exercised.
 */
final class WsRpcContractPeer implements ContractPeer {

	static final String TOPIC = "contract.item";

	/** The client's text message limit: large deliveries (200 KB) fit, oversized frames (600 KB) do not. */
	static final long MAX_MESSAGE = 256 * 1024;

	/**
	 * Bytes the large flood may be ahead of the client: more than the client's 4 MiB budget, so its
	 * back-pressure is exercised, well inside the endpoint's outbound budget below, and small enough that
	 * the server's queue (in the same JVM) does not blur the client's heap measurement.
	 */
	private static final long WINDOW_BYTES = 8L * 1024 * 1024;

	private final EmbeddedWsRpcServer server = new EmbeddedWsRpcServer(0,
			new WsRpcEndpointSettings(1000, 64 * 1024 * 1024, Duration.ofSeconds(60), Duration.ofSeconds(5)),
			WsRpcAuthorizer.ALLOW_ALL);

	@Override
	public void start() {
		this.server.start();
	}

	@Override
	public void stop() {
		this.server.stop();
	}

	@Override
	public Map<String, Object> clientProperties(String clientName) {
		String prefix = "pubsub.clients." + clientName + ".";
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put(prefix + "type", "wsrpc");
		properties.put(prefix + "wsrpc.url", this.server.endpointUrl());
		properties.put(prefix + "wsrpc.max-text-message-size", MAX_MESSAGE + "B");
		return properties;
	}

	@Override
	public String pattern() {
		return TOPIC;
	}

	@Override
	public List<String> overlappingPatterns() {
		return List.of("contract.*", TOPIC);
	}

	@Override
	public boolean hasSubscriber() {
		return this.server.notifier().subscriberCount(TOPIC) + this.server.notifier()
			.subscriberCount(WsRpcTopics.ALL_TOPICS) > 0;
	}

	@Override
	public void publish(String id) {
		this.server.publisher().publish(TOPIC, Map.of("id", id)).join();
	}

	@Override
	public int dropAllConnections() {
		return this.server.faults().dropAll();
	}

	@Override
	public void acceptThenClose(boolean enabled) {
		this.server.faults().acceptThenClose(enabled);
	}

	@Override
	public List<Instant> acceptTimes() {
		return this.server.faults().acceptTimes();
	}

	@Override
	public int sendGarbage(int count) {
		for (int i = 0; i < count; i++) {
			this.server.faults().sendTextToAll("not json " + i + "\r\nFORGED");
		}
		return count;
	}

	@Override
	public int sendOversized(int count) {
		String huge = "{\"request\":{\"method\":\"notify\",\"arguments\":{\"data\":\"" + "x".repeat((int) MAX_MESSAGE * 2)
				+ "\"},\"call_id\":\"c\"}}";
		for (int i = 0; i < count; i++) {
			this.server.faults().sendTextToAll(huge);
		}
		// the client discards each one, part by part, and counts it as malformed; the connection stays
		return count;
	}

	@Override
	public long maxInboundMessageBytes() {
		return MAX_MESSAGE;
	}

	@Override
	public long flood(String idPrefix, Duration duration, LongSupplier delivered) {
		// small messages: a window of 10,000 keeps the client busy without a long drain after the flood
		long window = 10_000;
		long end = System.nanoTime() + duration.toNanos();
		long sent = 0;
		while (System.nanoTime() - end < 0) {
			if (sent - delivered.getAsLong() >= window) {
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
				continue;
			}
			this.server.publisher().publish(TOPIC, Map.of("id", idPrefix + sent));
			sent++;
		}
		return sent;
	}

	@Override
	public int floodLarge(String idPrefix, int count, int size, LongSupplier delivered) {
		long window = Math.max(4, WINDOW_BYTES / size);
		String pad = "x".repeat(size);
		this.server.faults().suspendReading();
		try {
			for (int i = 0; i < count; i++) {
				while (i - delivered.getAsLong() >= window) {
					LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
				}
				this.server.publisher().publish(TOPIC, Map.of("id", idPrefix + i, "pad", pad));
			}
		}
		finally {
			this.server.faults().resumeReading();
		}
		return count;
	}

}
