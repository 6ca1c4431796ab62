package dev.pubsub.realtime.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import dev.pubsub.test.contract.ContractPeer;
import dev.pubsub.test.realtime.EmbeddedRealtimeGateway;
import dev.pubsub.test.realtime.GatewayConnection;
import dev.pubsub.test.realtime.JwtTestTokens;

/**
 * The embedded Realtime gateway as a contract peer: contract messages go to topic {@value #TOPIC} with
 * message type {@code item} (routing key {@code contract.item}). The gateway's sends block while the
 * client does not read, so its floods are paced by TCP alone.
 */
final class RealtimeContractPeer implements ContractPeer {

	static final String TOPIC = "contract";

	/** The client's frame limit: large deliveries (200 KB) fit, oversized frames (600 KB) do not. */
	static final long MAX_FRAME = 256 * 1024;

	private final EmbeddedRealtimeGateway gateway = EmbeddedRealtimeGateway.builder().build();

	@Override
	public void start() {
		this.gateway.start();
	}

	@Override
	public void stop() {
		this.gateway.stop();
	}

	@Override
	public Map<String, Object> clientProperties(String clientName) {
		String prefix = "pubsub.clients." + clientName + ".";
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put(prefix + "type", "realtime");
		properties.put(prefix + "realtime.url", this.gateway.url());
		properties.put(prefix + "realtime.app-id", this.gateway.appId());
		properties.put(prefix + "realtime.access-token", this.gateway.tokens().mint(clientName, JwtTestTokens.ALL_TOPICS));
		properties.put(prefix + "realtime.max-frame-size", MAX_FRAME + "B");
		return properties;
	}

	@Override
	public String pattern() {
		return TOPIC + ".*";
	}

	@Override
	public List<String> overlappingPatterns() {
		return List.of(TOPIC + ".*", TOPIC + ".item");
	}

	@Override
	public boolean hasSubscriber() {
		return !this.gateway.subscribers(TOPIC).isEmpty();
	}

	@Override
	public void publish(String id) {
		this.gateway.publish(TOPIC, "item", Map.of("id", id));
	}

	@Override
	public int dropAllConnections() {
		return this.gateway.dropAll();
	}

	@Override
	public void acceptThenClose(boolean enabled) {
		this.gateway.faults().acceptThenClose(enabled);
	}

	@Override
	public List<Instant> acceptTimes() {
		return this.gateway.connectionHistory().stream().map(GatewayConnection::connectedAt).toList();
	}

	@Override
	public int sendGarbage(int count) {
		for (int i = 0; i < count; i++) {
			this.gateway.injectTextToAll("not json " + i + "\r\nFORGED");
		}
		return count;
	}

	@Override
	public int sendOversized(int count) {
		String huge = "{\"topic\":\"" + TOPIC + "\",\"messageType\":\"item\",\"data\":{\"payload\":\""
				+ "x".repeat((int) MAX_FRAME * 2) + "\"}}";
		for (int i = 0; i < count; i++) {
			this.gateway.injectTextToAll(huge);
		}
		// the client discards each one whole and counts it as malformed; the connection stays
		return count;
	}

	@Override
	public long maxInboundMessageBytes() {
		return MAX_FRAME;
	}

	@Override
	public long flood(String idPrefix, Duration duration, LongSupplier delivered) {
		long end = System.nanoTime() + duration.toNanos();
		long sent = 0;
		while (System.nanoTime() - end < 0) {
			this.gateway.publish(TOPIC, "item", Map.of("id", idPrefix + sent));
			sent++;
		}
		return sent;
	}

	@Override
	public int floodLarge(String idPrefix, int count, int size, LongSupplier delivered) {
		String pad = "x".repeat(size);
		this.gateway.faults().suspendReading();
		try {
			for (int i = 0; i < count; i++) {
				this.gateway.publish(TOPIC, "item", Map.of("id", idPrefix + i, "pad", pad));
			}
		}
		finally {
			this.gateway.faults().resumeReading();
		}
		return count;
	}

}
