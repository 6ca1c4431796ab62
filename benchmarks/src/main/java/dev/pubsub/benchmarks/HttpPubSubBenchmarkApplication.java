package dev.pubsub.benchmarks;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Side A's application, configured the way a user would: auto-configuration, a servlet web server
 * for the receive endpoint, an httppubsub client from {@code pubsub.clients.bench.*} properties, and
 * one listener bean.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class HttpPubSubBenchmarkApplication {

	@Bean
	HttpPubSubTickListener httpPubSubTickListener() {
		return new HttpPubSubTickListener();
	}

}
