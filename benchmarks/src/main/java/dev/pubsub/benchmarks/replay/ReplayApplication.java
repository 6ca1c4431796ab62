package dev.pubsub.benchmarks.replay;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The subscriber's application, configured the way a user would: auto-configuration and one client
 * from properties; the listener variant adds one of {@link ReplayListeners}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class ReplayApplication {

}
