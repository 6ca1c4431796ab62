package dev.pubsub.sample.emitter;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.pubsub.test.emitter.EmbeddedEmitterBroker;

/**
 * Starts an embedded Emitter-compatible broker for the sample, unless
 * {@code sample.emitter.embedded-broker=false} (then point {@code pubsub.clients.sensors.emitter.*}
 * at a real broker and set {@code sample.emitter.key} to a key generated there).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "sample.emitter.embedded-broker", havingValue = "true", matchIfMissing = true)
public class EmbeddedEmitterBrokerConfiguration {

	@Bean(destroyMethod = "stop")
	EmbeddedEmitterBroker embeddedEmitterBroker(@Value("${sample.emitter.port:18080}") int port,
			@Value("${sample.emitter.key:sample-sensors-key}") String key) {
		EmbeddedEmitterBroker broker = new EmbeddedEmitterBroker(port).start();
		broker.addKey(key, "sensors/#/", "rwslp");
		return broker;
	}

}
