package dev.pubsub.autoconfigure;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Fails startup early, with a message naming the client and the fix, when an entry under
 * {@code pubsub.clients} has no type, an unknown type, or a type whose library is missing.
 */
class PubSubClientsValidator extends PubSubClientsBindingSupport {

	@Override
	public void registerBeanDefinitions(AnnotationMetadata importingClassMetadata, BeanDefinitionRegistry registry) {
		bindClients(registry);
	}

}
