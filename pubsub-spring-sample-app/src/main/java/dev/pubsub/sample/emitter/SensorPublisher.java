package dev.pubsub.sample.emitter;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import dev.pubsub.emitter.EmitterClient;
import dev.pubsub.emitter.EmitterPublishOptions;

/**
 * Publishes a kitchen temperature reading to {@code sensors/kitchen/temp/} every few seconds at
 * QoS 1, stored for a minute (ttl) so that a subscriber asking for {@code last} readings gets them.
 */
@Component
@ConditionalOnProperty(name = "pubsub.clients.sensors.type", havingValue = "emitter")
public class SensorPublisher {

	private static final Log logger = LogFactory.getLog(SensorPublisher.class);

	private final EmitterClient client;

	private final String key;

	private final AtomicLong acknowledged = new AtomicLong();

	public SensorPublisher(@Qualifier("sensors") EmitterClient client, @Value("${sample.emitter.key}") String key) {
		this.client = client;
		this.key = key;
	}

	@Scheduled(initialDelayString = "${sample.emitter.publish-initial-delay:1s}",
			fixedDelayString = "${sample.emitter.publish-interval:3s}")
	void publish() {
		SensorReading reading = new SensorReading("kitchen-1", 18 + ThreadLocalRandom.current().nextInt(80) / 10.0);
		this.client
			.publish(this.key, "sensors/kitchen/temp", reading,
					EmitterPublishOptions.defaults().withTtl(60).withAtLeastOnce())
			.whenComplete((receipt, ex) -> {
				if (ex != null) {
					logger.warn("Reading not published: " + ex.getMessage());
				}
				else {
					this.acknowledged.incrementAndGet();
				}
			});
	}

	/**
	 * Return the number of readings the broker acknowledged.
	 * @return the count
	 */
	public long acknowledged() {
		return this.acknowledged.get();
	}

}
