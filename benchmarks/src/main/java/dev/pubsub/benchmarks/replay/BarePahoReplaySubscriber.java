package dev.pubsub.benchmarks.replay;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The floor for Emitter: a bare Paho {@link MqttAsyncClient} subscribed to the channel's topic
 * ({@code key/bench/?last=0}, as the Emitter client subscribes) that parses every payload with Jackson
 * on Paho's callback thread.
 */
final class BarePahoReplaySubscriber implements MqttCallback, AutoCloseable {

	private final MqttAsyncClient paho;

	private final ReplayMeter meter;

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private BarePahoReplaySubscriber(MqttAsyncClient paho, ReplayMeter meter) {
		this.paho = paho;
		this.meter = meter;
	}

	static BarePahoReplaySubscriber connect(int port, ReplayMeter meter) throws Exception {
		MqttAsyncClient paho = new MqttAsyncClient("tcp://127.0.0.1:" + port, "replay-bare", new MemoryPersistence());
		BarePahoReplaySubscriber subscriber = new BarePahoReplaySubscriber(paho, meter);
		paho.setCallback(subscriber);
		MqttConnectOptions options = new MqttConnectOptions();
		options.setCleanSession(true);
		paho.connect(options).waitForCompletion(10_000);
		paho.subscribe(ReplayTopics.EMITTER_KEY + "/" + ReplayTopics.EMITTER_CHANNEL + "?last=0", 0)
			.waitForCompletion(10_000);
		return subscriber;
	}

	@Override
	public void messageArrived(String topic, MqttMessage message) {
		JsonNode payload = this.jsonMapper.readTree(message.getPayload());
		payload.get("seq").asLong();
		this.meter.hit(payload.get("sentNanos").asLong());
	}

	@Override
	public void connectionLost(Throwable cause) {
		System.err.println("bare Paho subscriber lost its connection: " + cause);
	}

	@Override
	public void deliveryComplete(IMqttDeliveryToken token) {
	}

	@Override
	public void close() throws Exception {
		this.paho.disconnectForcibly(1_000, 1_000);
		this.paho.close();
	}

}
