package dev.pubsub.benchmarks;

import java.nio.charset.StandardCharsets;

import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The publisher of the {@code emitter} benchmark: a bare Paho client that writes QoS 0 ticks
 * ({@code {"seq":N,"sentNanos":T}}) to one MQTT topic. A tick with a negative sequence number is a
 * probe that tells a subscriber its subscription is in place.
 */
final class PahoTickPublisher implements TickSource, AutoCloseable {

	private final MqttAsyncClient paho;

	private final String topic;

	private final StringBuilder payload = new StringBuilder(64);

	private PahoTickPublisher(MqttAsyncClient paho, String topic) {
		this.paho = paho;
		this.topic = topic;
	}

	static PahoTickPublisher connect(String serverUri, String topic) throws Exception {
		MqttAsyncClient paho = new MqttAsyncClient(serverUri, "bench-publisher", new MemoryPersistence());
		MqttConnectOptions options = new MqttConnectOptions();
		options.setCleanSession(true);
		options.setMaxInflight(65_535);
		paho.connect(options).waitForCompletion(10_000);
		return new PahoTickPublisher(paho, topic);
	}

	@Override
	public void publish(String run, long seq) throws Exception {
		StringBuilder payload = this.payload;
		payload.setLength(0);
		long sentNanos = System.nanoTime();
		payload.append("{\"seq\":").append(seq).append(",\"sentNanos\":").append(sentNanos).append('}');
		MqttMessage message = new MqttMessage(payload.toString().getBytes(StandardCharsets.US_ASCII));
		message.setQos(0);
		this.paho.publish(this.topic, message);
	}

	/**
	 * Publish probes until {@code seen} reports one arrived.
	 * @param seen whether the subscriber has seen a probe
	 * @throws Exception if none arrives within 10 seconds
	 */
	void probeUntil(java.util.function.BooleanSupplier seen) throws Exception {
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (!seen.getAsBoolean()) {
			if (System.nanoTime() - deadline > 0) {
				throw new java.util.concurrent.TimeoutException("The subscriber received no probe within 10 s");
			}
			publish("probe", -1);
			Thread.sleep(5);
		}
	}

	@Override
	public void close() throws Exception {
		this.paho.disconnect().waitForCompletion(5_000);
		this.paho.close();
	}

}
