package dev.pubsub.autoconfigure;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.support.AbstractPubSubClient;

/**
 * Registers one client bean per {@code pubsub.clients.<name>} entry of one provider type, named
 * after the key. An entry whose name is already a bean definition (one the user declared) is left
 * to the user's bean.
 *
 * @param <C> the provider's client type
 */
public abstract class AbstractPubSubClientsRegistrar<C extends PubSubClient>
		implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware, BeanClassLoaderAware {

	private @Nullable Environment environment;

	private @Nullable BeanFactory beanFactory;

	private ClassLoader classLoader = ClassUtils.getDefaultClassLoader();

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void setBeanClassLoader(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata importingClassMetadata, BeanDefinitionRegistry registry) {
		Assert.state(this.environment != null, "Environment not set");
		Map<String, PubSubProperties.Client> clients = PubSubClientsBinder.bind(this.environment, this.classLoader);
		clients.forEach((name, client) -> {
			if (client.getType() == type() && !registry.containsBeanDefinition(name)) {
				RootBeanDefinition definition = new RootBeanDefinition(clientClass(client));
				definition.setInstanceSupplier(() -> configure(createClient(name, client, beanFactory()), client));
				registry.registerBeanDefinition(name, definition);
			}
		});
	}

	private C configure(C created, PubSubProperties.Client properties) {
		if (created instanceof AbstractPubSubClient client) {
			client.setInboundMaxBufferedBytes(properties.getInbound().getMaxBufferedBytes().toBytes());
		}
		return created;
	}

	private BeanFactory beanFactory() {
		Assert.state(this.beanFactory != null, "BeanFactory not set");
		return this.beanFactory;
	}

	/**
	 * Return the shared JSON mapper: the context's, or a default one when there is none.
	 * @param beanFactory the bean factory
	 * @return the mapper
	 */
	protected static JsonMapper jsonMapper(BeanFactory beanFactory) {
		return beanFactory.getBeanProvider(JsonMapper.class).getIfAvailable(() -> JsonMapper.builder().build());
	}

	/**
	 * Return the provider type this registrar handles.
	 * @return the type
	 */
	protected abstract PubSubClientType type();

	/**
	 * Return the bean type of the clients.
	 * @return the class
	 */
	protected abstract Class<C> clientClass();

	/**
	 * Return the bean type of one client; override when the type depends on its properties.
	 * @param properties the client's properties
	 * @return the class
	 */
	protected Class<? extends C> clientClass(PubSubProperties.Client properties) {
		return clientClass();
	}

	/**
	 * Create one client.
	 * @param name the client and bean name
	 * @param properties the client's properties
	 * @param beanFactory the bean factory, for optional collaborators
	 * @return the client
	 */
	protected abstract C createClient(String name, PubSubProperties.Client properties, BeanFactory beanFactory);

}
