package dev.pubsub.autoconfigure;

import java.util.Map;

import org.springframework.beans.factory.config.SingletonBeanRegistry;
import org.springframework.core.env.Environment;

/**
 * The {@code pubsub.clients} entries bound once per application context and shared by everything that
 * reads them: the {@link PubSubClientsValidator}, every provider registrar and every client bean's factory
 * method. Binding every client's nested properties is a noticeable part of the starter's startup cost,
 * and six registrars plus one factory call per client would otherwise bind the whole map a dozen times.
 * <p>
 * The result is kept as a singleton in the bean factory, tied to the {@link Environment} it was bound
 * from. An AOT-processed application runs no registrar, so its first client bean binds (from the runtime
 * environment) and the others reuse that.
 */
final class PubSubClientsBinding {

	/** The name of the singleton that holds the binding. */
	static final String BEAN_NAME = "dev.pubsub.autoconfigure.internalPubSubClientsBinding";

	private final Environment environment;

	private final Map<String, PubSubClientProperties> clients;

	private PubSubClientsBinding(Environment environment, Map<String, PubSubClientProperties> clients) {
		this.environment = environment;
		this.clients = clients;
	}

	/**
	 * Return the entries bound from {@code environment}: the ones already bound in this bean factory, or
	 * bound now (see {@link PubSubClientsBinder}) and kept there.
	 * @param registry the bean factory or registry; without a singleton registry nothing is kept
	 * @param environment the environment
	 * @param classLoader the class loader used to check provider libraries
	 * @return the entries by name, in configuration order
	 */
	static Map<String, PubSubClientProperties> clients(Object registry, Environment environment,
			ClassLoader classLoader) {
		if (!(registry instanceof SingletonBeanRegistry singletons)) {
			return PubSubClientsBinder.bind(environment, classLoader);
		}
		Object existing = singletons.getSingleton(BEAN_NAME);
		if (existing instanceof PubSubClientsBinding binding && binding.environment == environment) {
			return binding.clients;
		}
		Map<String, PubSubClientProperties> clients = PubSubClientsBinder.bind(environment, classLoader);
		if (existing == null) {
			try {
				singletons.registerSingleton(BEAN_NAME, new PubSubClientsBinding(environment, clients));
			}
			catch (IllegalStateException ex) {
				// another thread kept its binding of the same environment first
			}
		}
		return clients;
	}

}
