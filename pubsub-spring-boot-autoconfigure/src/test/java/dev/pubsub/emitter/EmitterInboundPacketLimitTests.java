package dev.pubsub.emitter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.pubsub.core.ReconnectPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hostile broker declares packets larger than {@code max-inbound-packet-size}: the client drops the
 * connection without waiting for (or allocating) the body, counts it, and reconnects with its backoff;
 * a packet exactly at the limit is delivered.
 */
class EmitterInboundPacketLimitTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final Duration INITIAL_DELAY = Duration.ofMillis(400);

	private static final int LIMIT = 4096;

	private static final int HUGE = 200 * 1024 * 1024;

	private HostileMqttBroker broker;

	private PahoEmitterClient client;

	private final List<String> received = new CopyOnWriteArrayList<>();

	@AfterEach
	void stop() throws Exception {
		if (this.client != null) {
			this.client.destroy();
		}
		if (this.broker != null) {
			this.broker.close();
		}
	}

	@Test
	void aPacketDeclaring200MegabytesDropsTheConnectionBeforeItsBodyIsSent() throws Exception {
		connectAndSubscribe();
		HostileMqttBroker.Connection first = this.broker.connection(0);
		// the header only: a client that waited for the body (after allocating it) would never close
		first.write(MqttPacketLimitInputStreamTests.header(0x30, HUGE));
		assertRefusedAndRecovered(first);
	}

	@Test
	void aTrickledHeaderOfAHugePacketIsRefusedAsWell() throws Exception {
		connectAndSubscribe();
		HostileMqttBroker.Connection first = this.broker.connection(0);
		// one byte at a time, slower than Paho's 1 s socket read timeout
		for (byte value : MqttPacketLimitInputStreamTests.header(0x30, HUGE)) {
			first.write(new byte[] { value });
			Thread.sleep(1200);
		}
		assertRefusedAndRecovered(first);
	}

	@Test
	void aTrickledHeaderOfALegitimatePacketKeepsThePacketBoundary() throws Exception {
		connectAndSubscribe();
		HostileMqttBroker.Connection first = this.broker.connection(0);
		byte[] packet = HostileMqttBroker.publish("items/", payload("slow", 200));
		int bodyStart = 1 + lengthBytes(packet);
		for (int i = 0; i < bodyStart; i++) {
			first.write(new byte[] { packet[i] });
			Thread.sleep(1200);
		}
		first.write(Arrays.copyOfRange(packet, bodyStart, packet.length));
		first.write(HostileMqttBroker.publish("items/", payload("next", 10)));
		await().atMost(WAIT).until(() -> this.received.size() == 2);
		assertThat(this.received).containsExactly("slow", "next");
		assertThat(first.closedAt()).isNull();
		assertThat(this.client.metrics().malformed()).isZero();
	}

	@Test
	void aPacketExactlyAtTheLimitIsDeliveredAndOneByteMoreIsRefused() throws Exception {
		connectAndSubscribe();
		HostileMqttBroker.Connection first = this.broker.connection(0);
		byte[] atLimit = HostileMqttBroker.publish("items/", payload("at-limit", LIMIT - 2 - "items/".length()));
		assertThat(atLimit.length - 1 - lengthBytes(atLimit)).isEqualTo(LIMIT);
		first.write(atLimit);
		await().atMost(WAIT).until(() -> this.received.contains("at-limit"));
		assertThat(this.client.metrics().malformed()).isZero();
		first.write(HostileMqttBroker.publish("items/", payload("over", LIMIT + 1 - 2 - "items/".length())));
		assertRefusedAndRecovered(first);
		assertThat(this.received).containsExactly("at-limit", "after");
	}

	private void assertRefusedAndRecovered(HostileMqttBroker.Connection first) throws Exception {
		await().atMost(WAIT).until(() -> first.closedAt() != null);
		assertThat(this.client.metrics().malformed()).isEqualTo(1);
		await().atMost(WAIT).until(() -> this.broker.connections().size() >= 2
				&& this.broker.connection(1).subscribed().size() == 1 && this.client.isConnected());
		HostileMqttBroker.Connection second = this.broker.connection(1);
		// the reconnect waited for the backoff's first delay (a lower bound, never an upper one)
		assertThat(Duration.between(first.closedAt(), second.acceptedAt()))
			.isGreaterThanOrEqualTo(INITIAL_DELAY.multipliedBy(8).dividedBy(10));
		second.write(HostileMqttBroker.publish("items/", payload("after", 10)));
		await().atMost(WAIT).until(() -> this.received.contains("after"));
		assertThat(this.client.metrics().malformed()).isEqualTo(1);
		assertThat(this.broker.connections()).hasSize(2);
	}

	private void connectAndSubscribe() throws Exception {
		this.broker = new HostileMqttBroker();
		EmitterClientSettings settings = EmitterClientSettings.of("127.0.0.1", this.broker.port())
			.withMaxInboundPacketSize(LIMIT);
		this.client = new PahoEmitterClient("hostile", settings, JsonMapper.builder().build(),
				new ReconnectPolicy(true, INITIAL_DELAY, Duration.ofSeconds(2), 2.0, 0.0, ReconnectPolicy.UNLIMITED),
				Duration.ofSeconds(5));
		this.client.connect().get(10, TimeUnit.SECONDS);
		this.client.subscribe("KEY", "items", 0, (message) -> {
			String text = message.asString();
			this.received.add(text.substring(0, text.indexOf(':')));
		}).get(10, TimeUnit.SECONDS);
		assertThat(this.broker.connection(0).subscribed()).containsExactly("KEY/items/?last=0");
	}

	private static byte[] payload(String id, int size) {
		byte[] payload = new byte[size];
		Arrays.fill(payload, (byte) 'x');
		byte[] prefix = (id + ":").getBytes(StandardCharsets.UTF_8);
		System.arraycopy(prefix, 0, payload, 0, Math.min(prefix.length, size));
		return payload;
	}

	private static int lengthBytes(byte[] packet) {
		int count = 1;
		while ((packet[count] & 0x80) != 0) {
			count++;
		}
		return count;
	}

}
