package dev.pubsub.sample.emitter;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.messaging.handler.annotation.Header;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.listener.PubSubListener;

/**
 * Receives every temperature reading: {@code sensors/+/temp/} matches {@code sensors/kitchen/temp/}
 * and, since Emitter matches by prefix, also {@code sensors/kitchen/temp/raw/}. The client
 * subscribes with the key configured under {@code channel-keys.sensors}. Active when a client named
 * {@code sensors} of type {@code emitter} is configured.
 */
@Component
@ConditionalOnProperty(name = "pubsub.clients.sensors.type", havingValue = "emitter")
public class SensorListener {

	private static final Log logger = LogFactory.getLog(SensorListener.class);

	private final AtomicReference<SensorReading> latest = new AtomicReference<>();

	@PubSubListener(value = "sensors/+/temp/", client = "sensors")
	void onTemperature(SensorReading reading, @Header(PubSubHeaders.TOPIC) String channel) {
		this.latest.set(reading);
		logger.info("Temperature on " + channel + ": " + reading.celsius() + " C from " + reading.sensor());
	}

	/**
	 * Return the last reading received.
	 * @return the reading, if any arrived
	 */
	public Optional<SensorReading> latest() {
		return Optional.ofNullable(this.latest.get());
	}

}
