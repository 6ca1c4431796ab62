package dev.pubsub.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

import dev.pubsub.core.observation.ObservationPublishObserver;
import dev.pubsub.core.observation.PubSubPublishObservationConvention;
import dev.pubsub.core.support.AbstractPubSubClient;
import dev.pubsub.listener.PubSubListenerContainerFactory;
import dev.pubsub.listener.PubSubListenerObserver;
import dev.pubsub.listener.observation.ObservationPubSubListenerObserver;
import dev.pubsub.listener.observation.PubSubListenerObservationConvention;

/**
 * Sets the observation observers on every client ({@code pubsub.publish}, when that client is
 * observed) and on every {@link PubSubListenerContainerFactory}, the auto-configured one and the
 * user's own ({@code pubsub.listener}, deciding per client at each delivery). Does nothing when
 * observations are off for every client. A factory that already has an observer of its own keeps
 * it.
 */
class PubSubObservationBeanPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<PubSubProperties> properties;

	private final ObjectProvider<ObservationRegistry> registry;

	private final ObjectProvider<PubSubListenerObservationConvention> listenerConvention;

	private final ObjectProvider<PubSubPublishObservationConvention> publishConvention;

	private @Nullable ObservationRegistry resolvedRegistry;

	PubSubObservationBeanPostProcessor(ObjectProvider<PubSubProperties> properties,
			ObjectProvider<ObservationRegistry> registry,
			ObjectProvider<PubSubListenerObservationConvention> listenerConvention,
			ObjectProvider<PubSubPublishObservationConvention> publishConvention) {
		this.properties = properties;
		this.registry = registry;
		this.listenerConvention = listenerConvention;
		this.publishConvention = publishConvention;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof AbstractPubSubClient client) {
			PubSubProperties properties = this.properties.getObject();
			if (properties.getObservation().isEnabledFor(properties.getClients(), client.name())) {
				client.setPublishObserver(
						new ObservationPublishObserver(registry(), this.publishConvention.getIfUnique()));
			}
		}
		else if (bean instanceof PubSubListenerContainerFactory factory
				&& factory.getObserver() == PubSubListenerObserver.NONE) {
			PubSubProperties properties = this.properties.getObject();
			if (properties.getObservation().isEnabledForAny(properties.getClients())) {
				factory.setObserver(new ObservationPubSubListenerObserver(registry(),
						this.listenerConvention.getIfUnique(), (clientName) -> properties.getObservation()
							.isEnabledFor(properties.getClients(), clientName)));
			}
		}
		return bean;
	}

	private ObservationRegistry registry() {
		ObservationRegistry registry = this.resolvedRegistry;
		if (registry == null) {
			registry = this.registry.getIfUnique();
			if (registry == null) {
				throw new PubSubSetupException("pubsub.observation.enabled (or a client's observation-enabled) turns"
						+ " on Micrometer observations, but the application context has no ObservationRegistry bean.",
						"Add the dependency org.springframework.boot:spring-boot-micrometer-observation (or"
								+ " spring-boot-starter-actuator), define an ObservationRegistry bean, or turn"
								+ " pubsub observations off.");
			}
			this.resolvedRegistry = registry;
		}
		return registry;
	}

}
