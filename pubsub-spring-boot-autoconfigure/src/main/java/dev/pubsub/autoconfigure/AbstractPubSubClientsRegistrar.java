package dev.pubsub.autoconfigure;

import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.thread.Threading;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.Assert;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.support.AbstractPubSubClient;

/**
 * Registers one client bean per {@code pubsub.clients.<name>} entry of one provider type, named
 * after the key. An entry whose name is already a bean definition (one the user declared) is left
 * to the user's bean.
 * <p>
 * The bean definitions are ones Spring's AOT processing can write out as code: each names a static
 * factory method of the concrete registrar (see {@link #factoryMethodName(PubSubClientProperties)})
 * with the client's name as its only explicit argument, and the {@link BeanFactory} autowired. The
 * client's settings are bound from {@code pubsub.clients.<name>} when the bean is created (once for all
 * clients of the context, {@link PubSubClientsBinding}), so with
 * an AOT-processed application the set of clients and their types are fixed at build time while
 * addresses, ports and credentials still come from the runtime environment.
 *
 * @param <C> the provider's client type
 */
public abstract class AbstractPubSubClientsRegistrar<C extends PubSubClient> extends PubSubClientsBindingSupport {

	@Override
	public void registerBeanDefinitions(AnnotationMetadata importingClassMetadata, BeanDefinitionRegistry registry) {
		Map<String, PubSubClientProperties> clients = bindClients(registry);
		clients.forEach((name, client) -> {
			if (client.getType() == type() && !registry.containsBeanDefinition(name)) {
				RootBeanDefinition definition = new RootBeanDefinition(getClass());
				definition.setFactoryMethodName(factoryMethodName(client));
				definition.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
				definition.getConstructorArgumentValues().addIndexedArgumentValue(0, name);
				registry.registerBeanDefinition(name, definition);
			}
		});
	}

	/**
	 * Create the client named {@code name} from its current {@code pubsub.clients.<name>} entry;
	 * called by the static factory methods the bean definitions name.
	 * @param name the client and bean name
	 * @param beanFactory the bean factory
	 * @param factoryMethodName the name of the calling factory method
	 * @return the client
	 * @throws IllegalStateException when the entry is gone or now needs another factory method than
	 * at registration (possible when the application was AOT-processed with another configuration)
	 */
	final C create(String name, BeanFactory beanFactory, String factoryMethodName) {
		Environment environment = beanFactory.getBean(Environment.class);
		ClassLoader loader = (beanFactory instanceof ConfigurableBeanFactory configurable
				&& configurable.getBeanClassLoader() != null) ? configurable.getBeanClassLoader() : classLoader();
		PubSubClientProperties properties = PubSubClientsBinding.clients(beanFactory, environment, loader).get(name);
		if (properties == null || properties.getType() != type()
				|| !factoryMethodName.equals(factoryMethodName(properties))) {
			throw new IllegalStateException("Client bean '" + name + "' was registered for pubsub.clients." + name
					+ " of type " + type().id() + " (" + factoryMethodName + ") but the configuration now has "
					+ ((properties != null) ? "another type or transport" : "no such entry")
					+ "; an AOT-processed application fixes its clients at build time: rebuild it");
		}
		C created = createClient(name, properties, beanFactory);
		WebSocketSendLimitsConfigurer.configure(name, properties, created);
		if (created instanceof AbstractPubSubClient client) {
			client.setInboundMaxBufferedBytes(properties.getInbound().getMaxBufferedBytes().toBytes());
			client.setCallbackThreads(properties.getCallbackThreads());
			// as Boot's TaskExecutionAutoConfiguration: spring.threads.virtual.enabled on Java 21+
			client.setVirtualThreads(Threading.VIRTUAL.isActive(environment));
		}
		return created;
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
	 * Return the name of the registrar's static factory method that creates the client: a method
	 * taking {@code (String name, BeanFactory beanFactory)} and calling
	 * {@link #create(String, BeanFactory, String)} on a new registrar, whose declared return type is the
	 * client's bean type.
	 * @param properties the client's properties
	 * @return the method name
	 */
	protected abstract String factoryMethodName(PubSubClientProperties properties);

	/**
	 * Create one client.
	 * @param name the client and bean name
	 * @param properties the client's properties
	 * @param beanFactory the bean factory, for optional collaborators
	 * @return the client
	 */
	protected abstract C createClient(String name, PubSubClientProperties properties, BeanFactory beanFactory);

}
