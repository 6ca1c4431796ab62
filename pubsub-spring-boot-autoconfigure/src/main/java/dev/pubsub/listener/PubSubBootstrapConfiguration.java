package dev.pubsub.listener;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers the {@link PubSubListenerAnnotationBeanPostProcessor} and the
 * {@link PubSubListenerEndpointRegistry} as infrastructure beans, unless already present.
 */
public class PubSubBootstrapConfiguration implements ImportBeanDefinitionRegistrar {

	@Override
	public void registerBeanDefinitions(AnnotationMetadata importingClassMetadata, BeanDefinitionRegistry registry) {
		register(registry, PubSubListenerConfigUtils.PUBSUB_LISTENER_ANNOTATION_PROCESSOR_BEAN_NAME,
				PubSubListenerAnnotationBeanPostProcessor.class);
		register(registry, PubSubListenerConfigUtils.PUBSUB_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME,
				PubSubListenerEndpointRegistry.class);
	}

	private static void register(BeanDefinitionRegistry registry, String name, Class<?> type) {
		if (!registry.containsBeanDefinition(name)) {
			RootBeanDefinition definition = new RootBeanDefinition(type);
			definition.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
			registry.registerBeanDefinition(name, definition);
		}
	}

}
