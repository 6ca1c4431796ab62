package dev.pubsub.autoconfigure;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.pubsub.core.observation.PubSubPublishObservationConvention;
import dev.pubsub.listener.observation.PubSubListenerObservationConvention;

/**
 * Micrometer observations of listener deliveries ({@code pubsub.listener}) and publishes
 * ({@code pubsub.publish}) when {@code pubsub.observation.enabled} or a client's
 * {@code pubsub.clients.<name>.observation-enabled} is {@code true}, with the context's
 * {@link ObservationRegistry} and any {@link PubSubListenerObservationConvention} or
 * {@link PubSubPublishObservationConvention} bean. Timers follow when the registry has Boot's
 * meter observation handler. Turning observations on without Micrometer Observation, or without an
 * {@code ObservationRegistry} bean, fails startup.
 */
@AutoConfiguration(after = PubSubAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
public final class PubSubObservationAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ObservationRegistry.class)
	static class ObservationConfiguration {

		@Bean
		static PubSubObservationBeanPostProcessor pubSubObservationBeanPostProcessor(
				ObjectProvider<PubSubProperties> properties, ObjectProvider<ObservationRegistry> registry,
				ObjectProvider<PubSubListenerObservationConvention> listenerConvention,
				ObjectProvider<PubSubPublishObservationConvention> publishConvention) {
			return new PubSubObservationBeanPostProcessor(properties, registry, listenerConvention, publishConvention);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("pubsub.observation.enabled")
	@ConditionalOnMissingClass("io.micrometer.observation.ObservationRegistry")
	static class ObservationCannotRun {

		ObservationCannotRun() {
			throw new PubSubSetupException("pubsub.observation.enabled=true turns on Micrometer observations, but"
					+ " Micrometer Observation (io.micrometer:micrometer-observation) is not on the class path.",
					"Add the dependency org.springframework.boot:spring-boot-micrometer-observation (or"
							+ " spring-boot-starter-actuator), or set pubsub.observation.enabled=false.");
		}

	}

}
