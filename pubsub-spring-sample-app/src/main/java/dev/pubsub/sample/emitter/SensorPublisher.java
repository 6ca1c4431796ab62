package dev.pubsub.sample.emitter;

import java.util.concurrent.CompletableFuture;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.pubsub.core.PublishReceipt;
import dev.pubsub.emitter.EmitterClient;
import dev.pubsub.emitter.EmitterPublishOptions;

/**
 * Publishes readings to {@code sensors/<room>/temp/} at QoS 1, stored for a minute so that a
 * subscriber asking for {@code last} readings gets them.
 */
@Component
public class SensorPublisher {

	private final EmitterClient client;

	private final String key;

	public SensorPublisher(@Qualifier("sensors") EmitterClient client,
			@Value("${sample.emitter.key:sample-sensors-key}") String key) {
		this.client = client;
		this.key = key;
	}

	/**
	 * Publish one reading.
	 * @param room the room, a channel segment
	 * @param reading the reading
	 * @return a future completed when the broker acknowledged it
	 */
	public CompletableFuture<PublishReceipt> publish(String room, SensorReading reading) {
		return this.client.publish(this.key, "sensors/" + room + "/temp", reading,
				EmitterPublishOptions.defaults().withTtl(60).withAtLeastOnce());
	}

}
