package dev.pubsub.benchmarks;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scenario A of the {@code emitter} benchmark, the baseline: a bare Paho {@link MqttAsyncClient}
 * that subscribes to the benchmark topic and, on Paho's callback thread, parses each payload with
 * Jackson and reads the send timestamp. No client, no dispatcher, no listener machinery.
 */
final class BarePahoSubscriber implements BenchmarkSubscriber, MqttCallback {

	static final String CLIENT_ID = "bench-bare";

	private final MqttAsyncClient paho;

	private final String topic;

	private final PahoTickPublisher publisher;

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private volatile LatencyRecorder recorder = new LatencyRecorder(0);

	private volatile boolean probed;

	private BarePahoSubscriber(MqttAsyncClient paho, String topic, PahoTickPublisher publisher) {
		this.paho = paho;
		this.topic = topic;
		this.publisher = publisher;
	}

	static BarePahoSubscriber connect(String serverUri, String topic, PahoTickPublisher publisher) throws Exception {
		MqttAsyncClient paho = new MqttAsyncClient(serverUri, CLIENT_ID, new MemoryPersistence());
		BarePahoSubscriber subscriber = new BarePahoSubscriber(paho, topic, publisher);
		paho.setCallback(subscriber);
		MqttConnectOptions options = new MqttConnectOptions();
		options.setCleanSession(true);
		paho.connect(options).waitForCompletion(10_000);
		return subscriber;
	}

	@Override
	public String name() {
		return "A bare Paho";
	}

	@Override
	public void recordInto(LatencyRecorder recorder) {
		this.recorder = recorder;
	}

	@Override
	public void messageArrived(String topic, MqttMessage message) {
		JsonNode tick = this.jsonMapper.readTree(message.getPayload());
		long seq = tick.get("seq").asLong();
		if (seq < 0) {
			this.probed = true;
			return;
		}
		this.recorder.record(tick.get("sentNanos").asLong());
	}

	@Override
	public void start() throws Exception {
		this.probed = false;
		this.paho.subscribe(this.topic, 0).waitForCompletion(10_000);
		this.publisher.probeUntil(() -> this.probed);
	}

	@Override
	public void stop() throws Exception {
		this.paho.unsubscribe(this.topic).waitForCompletion(10_000);
	}

	@Override
	public void connectionLost(Throwable cause) {
		System.err.println("Scenario A lost its connection (the phase will stall): " + cause);
	}

	@Override
	public void deliveryComplete(IMqttDeliveryToken token) {
	}

	@Override
	public void close() throws Exception {
		this.paho.disconnect().waitForCompletion(5_000);
		this.paho.close();
	}

}
