package dev.pubsub.autoconfigure;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * The base of the registrars that read {@code pubsub.clients} before any bean exists (the
 * {@link PubSubClientsValidator} and the provider registrars): it keeps the environment and class
 * loader Spring hands to an {@link ImportBeanDefinitionRegistrar} and binds the entries with them.
 */
abstract class PubSubClientsBindingSupport implements ImportBeanDefinitionRegistrar, EnvironmentAware,
		BeanClassLoaderAware {

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

	/**
	 * The class loader Spring set, or the default one.
	 * @return the class loader
	 */
	ClassLoader classLoader() {
		return this.classLoader;
	}

	/**
	 * Return every {@code pubsub.clients.<name>} entry, bound once per bean factory
	 * ({@link PubSubClientsBinding}), failing on a missing or unknown type or a missing library (see
	 * {@link PubSubClientsBinder}).
	 * @param registry the registry the registrar was handed
	 * @return the entries by name
	 */
	Map<String, PubSubClientProperties> bindClients(BeanDefinitionRegistry registry) {
		Assert.state(this.environment != null, "Environment not set");
		return PubSubClientsBinding.clients(registry, this.environment, this.classLoader);
	}

}
