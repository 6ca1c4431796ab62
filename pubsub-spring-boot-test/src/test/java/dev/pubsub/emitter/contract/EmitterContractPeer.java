package dev.pubsub.emitter.contract;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import dev.pubsub.test.contract.ContractPeer;
import dev.pubsub.test.contract.ContractPoint;
import dev.pubsub.test.emitter.EmbeddedEmitterBroker;

import static org.awaitility.Awaitility.await;

/**
 * The embedded Emitter broker (MQTT 3.1.1) as a contract peer: contract messages are published by the
 * broker itself on channel {@value #CHANNEL}. The broker writes each connection's packets with blocking
 * socket writes, so its floods are paced by TCP alone.
 */
final class EmitterContractPeer implements ContractPeer {

	static final String CHANNEL = "contract/item/";

	/** The largest contract message: the client's {@code max-inbound-packet-size}. */
	static final int LARGEST_MESSAGE = 256 * 1024;

	private final EmbeddedEmitterBroker broker = new EmbeddedEmitterBroker();

	@Override
	public void start() {
		this.broker.start();
	}

	@Override
	public void stop() {
		this.broker.stop();
	}

	@Override
	public Map<String, Object> clientProperties(String clientName) {
		String prefix = "pubsub.clients." + clientName + ".";
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put(prefix + "type", "emitter");
		properties.put(prefix + "emitter.host", this.broker.host());
		properties.put(prefix + "emitter.port", this.broker.port());
		properties.put(prefix + "emitter.tls", false);
		properties.put(prefix + "emitter.max-inbound-packet-size", LARGEST_MESSAGE);
		// read and write only: no 'l', so a subscribe replays nothing and every delivery is a new publish
		properties.put(prefix + "emitter.channel-keys[contract]", this.broker.createKey("contract/#/", "rw"));
		return properties;
	}

	@Override
	public String pattern() {
		return "contract/";
	}

	@Override
	public List<String> overlappingPatterns() {
		return List.of("contract/", CHANNEL);
	}

	@Override
	public boolean hasSubscriber() {
		return this.broker.faults().hasSubscriber(CHANNEL);
	}

	@Override
	public void publish(String id) {
		send("{\"id\":\"" + id + "\"}");
	}

	private void send(String json) {
		this.broker.faults().publish(CHANNEL, json.getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public int dropAllConnections() {
		return this.broker.faults().dropAll();
	}

	@Override
	public void acceptThenClose(boolean enabled) {
		this.broker.faults().acceptThenClose(enabled);
	}

	@Override
	public List<Instant> acceptTimes() {
		return this.broker.faults().acceptTimes();
	}

	@Override
	public int sendGarbage(int count) {
		// MQTT is a byte stream: a broken packet cannot be skipped, so garbage is a well-framed broker
		// message (an emitter/ topic) whose payload is not the JSON object the protocol requires
		for (int i = 0; i < count; i++) {
			this.broker.sendToAll("emitter/error/", "not json " + i + "\r\nFORGED");
		}
		return count;
	}

	@Override
	public int sendOversized(int count) {
		// MQTT cannot skip a packet: the client refuses one by its header and drops the connection, so the
		// next one goes to the restored connection (each one is counted once)
		byte[] oversized = new byte[LARGEST_MESSAGE + 1024];
		for (int i = 0; i < count; i++) {
			int accepted = this.broker.faults().acceptTimes().size();
			this.broker.faults().publish(CHANNEL, oversized);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> this.broker.faults().acceptTimes().size() > accepted
						&& this.broker.connectionCount() == 1 && hasSubscriber());
		}
		return count;
	}

	@Override
	public long maxInboundMessageBytes() {
		return LARGEST_MESSAGE;
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
		this.broker.faults().suspendReading();
		try {
			for (int i = 0; i < count; i++) {
				send("{\"id\":\"" + idPrefix + i + "\",\"pad\":\"" + pad + "\"}");
			}
		}
		finally {
			this.broker.faults().resumeReading();
		}
		return count;
	}

	@Override
	public @Nullable String limitation(ContractPoint point) {
		return null;
	}

}
