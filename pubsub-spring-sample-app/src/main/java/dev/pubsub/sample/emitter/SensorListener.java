package dev.pubsub.sample.emitter;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.listener.PubSubListener;

/**
 * Receives every temperature reading: {@code sensors/+/temp/} matches {@code sensors/kitchen/temp/}
 * and, since Emitter matches by prefix, also {@code sensors/kitchen/temp/raw/}. The client
 * subscribes with the key configured under {@code channel-keys.sensors}. Active when a client named
 * {@code sensors} of type {@code emitter} is configured.
 * <p>
 * Each reading is also forwarded ({@code @SendTo}) to the topic {@code sample.temperature} of the
 * fastapi_websocket_pubsub endpoint the sample hosts ({@code wsrpcServer}), so Python clients of that
 * endpoint get the Emitter readings; {@code sample.emitter.forward-to} names another
 * {@code client:destination}.
 */
@Component
@ConditionalOnProperty(name = "pubsub.clients.sensors.type", havingValue = "emitter")
public class SensorListener {

	private static final Log logger = LogFactory.getLog(SensorListener.class);

	private final AtomicReference<SensorReading> latest = new AtomicReference<>();

	// the return value is republished on the hosted fastapi_websocket_pubsub endpoint's topic
	// sample.temperature, where Python clients (and the feed client) receive it
	@PubSubListener(value = "sensors/+/temp/", client = "sensors")
	@SendTo("${sample.emitter.forward-to:wsrpcServer:sample.temperature}")
	SensorReading onTemperature(SensorReading reading, @Header(PubSubHeaders.TOPIC) String channel) {
		this.latest.set(reading);
		logger.info("Temperature on " + channel + ": " + reading.celsius() + " C from " + reading.sensor());
		return reading;
	}

	/**
	 * Return the last reading received.
	 * @return the reading, if any arrived
	 */
	public Optional<SensorReading> latest() {
		return Optional.ofNullable(this.latest.get());
	}

}
