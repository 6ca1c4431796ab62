package dev.pubsub.realtimex.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import dev.pubsub.test.contract.ContractPeer;
import dev.pubsub.test.realtimex.EmbeddedRealtimeXServer;

/**
 * The embedded RealtimeX (Socket.IO v4) server as a contract peer: contract messages are
 * {@code server-event}s on channel {@value #CHANNEL} with event {@code item} (routing key
 * {@code contract.item}). The server writes each socket's frames with blocking sends, so its floods are
 * paced by TCP alone.
 */
final class RealtimeXContractPeer implements ContractPeer {

	static final String CHANNEL = "contract";

	/** The client's frame limit: large deliveries (200 KB) fit, oversized frames (512 KiB) do not. */
	static final long MAX_MESSAGE = 256 * 1024;

	private final EmbeddedRealtimeXServer server = new EmbeddedRealtimeXServer(0, "contract-api-key", "contract-app",
			"contract-app-secret");

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
		properties.put(prefix + "type", "realtimex");
		properties.put(prefix + "realtimex.ws-host", this.server.host());
		properties.put(prefix + "realtimex.ws-port", this.server.port());
		properties.put(prefix + "realtimex.encrypted", false);
		properties.put(prefix + "realtimex.path", this.server.path());
		properties.put(prefix + "realtimex.api-key", this.server.apiKey());
		properties.put(prefix + "realtimex.max-frame-size", MAX_MESSAGE + "B");
		return properties;
	}

	@Override
	public String pattern() {
		return CHANNEL + ".*";
	}

	@Override
	public List<String> overlappingPatterns() {
		return List.of(CHANNEL + ".*", CHANNEL + ".item");
	}

	@Override
	public boolean hasSubscriber() {
		return !this.server.subscribers(CHANNEL).isEmpty();
	}

	@Override
	public void publish(String id) {
		this.server.publish(CHANNEL, "item", Map.of("id", id));
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
			this.server.faults().sendTextToAll("42[not json " + i + "\r\nFORGED");
		}
		return count;
	}

	@Override
	public int sendOversized(int count) {
		String huge = "42[\"server-event\",{\"channel\":\"" + CHANNEL + "\",\"event\":\"item\",\"data\":\""
				+ "x".repeat((int) MAX_MESSAGE * 2) + "\"}]";
		for (int i = 0; i < count; i++) {
			this.server.faults().sendTextToAll(huge);
		}
		// the client discards each one part by part and counts it as malformed; the connection stays
		return count;
	}

	@Override
	public long maxInboundMessageBytes() {
		return MAX_MESSAGE;
	}

	@Override
	public long flood(String idPrefix, Duration duration, LongSupplier delivered) {
		long end = System.nanoTime() + duration.toNanos();
		long sent = 0;
		while (System.nanoTime() - end < 0) {
			publish(idPrefix + sent);
			sent++;
		}
		return sent;
	}

	@Override
	public int floodLarge(String idPrefix, int count, int size, LongSupplier delivered) {
		String pad = "x".repeat(size);
		this.server.faults().suspendReading(true);
		try {
			for (int i = 0; i < count; i++) {
				this.server.publish(CHANNEL, "item", Map.of("id", idPrefix + i, "pad", pad));
			}
		}
		finally {
			this.server.faults().suspendReading(false);
		}
		return count;
	}

}
