package dev.pubsub.benchmarks;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Scenario B's application, configured the way a user would: auto-configuration, a Realtime client
 * from {@code pubsub.clients.bench.*} properties, and one listener bean.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class ListenerBenchmarkApplication {

	@Bean
	TickListener tickListener() {
		return new TickListener();
	}

}
