package dev.pubsub.benchmarks;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Scenario B's application in the {@code emitter} benchmark, configured the way a user would:
 * auto-configuration, an Emitter client from {@code pubsub.clients.bench.*} properties, and one
 * listener bean.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class EmitterBenchmarkApplication {

	@Bean
	EmitterTickListener emitterTickListener() {
		return new EmitterTickListener();
	}

}
