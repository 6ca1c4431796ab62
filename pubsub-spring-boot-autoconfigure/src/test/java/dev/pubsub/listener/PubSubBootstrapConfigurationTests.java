package dev.pubsub.listener;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.type.AnnotationMetadata;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PubSubBootstrapConfiguration} without a context: it registers the annotation processor
 * and the endpoint registry as infrastructure beans (so they are not candidates for the application's
 * own injection points and not reported as application beans), and keeps definitions already present.
 */
class PubSubBootstrapConfigurationTests {

	private final DefaultListableBeanFactory registry = new DefaultListableBeanFactory();

	@Test
	void registersTheProcessorAndTheRegistryAsInfrastructure() {
		register();
		BeanDefinition processor = this.registry
			.getBeanDefinition(PubSubListenerConfigUtils.PUBSUB_LISTENER_ANNOTATION_PROCESSOR_BEAN_NAME);
		BeanDefinition endpoints = this.registry
			.getBeanDefinition(PubSubListenerConfigUtils.PUBSUB_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME);
		assertThat(processor.getBeanClassName()).isEqualTo(PubSubListenerAnnotationBeanPostProcessor.class.getName());
		assertThat(processor.getRole()).isEqualTo(BeanDefinition.ROLE_INFRASTRUCTURE);
		assertThat(endpoints.getBeanClassName()).isEqualTo(PubSubListenerEndpointRegistry.class.getName());
		assertThat(endpoints.getRole()).isEqualTo(BeanDefinition.ROLE_INFRASTRUCTURE);
	}

	@Test
	void keepsADefinitionAlreadyRegistered() {
		RootBeanDefinition own = new RootBeanDefinition(PubSubListenerEndpointRegistry.class);
		this.registry.registerBeanDefinition(PubSubListenerConfigUtils.PUBSUB_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME, own);
		register();
		assertThat(this.registry.getBeanDefinition(PubSubListenerConfigUtils.PUBSUB_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME))
			.isSameAs(own);
	}

	private void register() {
		new PubSubBootstrapConfiguration().registerBeanDefinitions(AnnotationMetadata.introspect(Object.class),
				this.registry);
	}

}
