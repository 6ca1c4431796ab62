package dev.pubsub.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

import dev.pubsub.core.PubSubClient;

/**
 * Exports every client's counters as Micrometer meters when Micrometer and a
 * {@link MeterRegistry} are present.
 */
@AutoConfiguration(after = PubSubAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public final class PubSubMetricsAutoConfiguration {

	@Bean
	PubSubClientMetricsBinder pubSubClientMetricsBinder(ObjectProvider<PubSubClient> clients) {
		return new PubSubClientMetricsBinder(clients);
	}

}
