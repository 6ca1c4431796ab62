package dev.pubsub.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * Fails startup early, with a message naming the client and the fix, when an entry under
 * {@code pubsub.clients} has no type, an unknown type, or a type whose library is missing.
 */
class PubSubClientsValidator implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanClassLoaderAware {

	private @Nullable Environment environment;

	private ClassLoader classLoader = ClassUtils.getDefaultClassLoader();

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setBeanClassLoader(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata importingClassMetadata, BeanDefinitionRegistry registry) {
		Assert.state(this.environment != null, "Environment not set");
		PubSubClientsBinder.bind(this.environment, this.classLoader);
	}

}
