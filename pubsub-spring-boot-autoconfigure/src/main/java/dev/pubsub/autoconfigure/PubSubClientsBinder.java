package dev.pubsub.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Binds {@code pubsub.clients} before any bean exists, so that one bean per entry can be
 * registered, and rejects bad entries with a message that says what to fix.
 */
final class PubSubClientsBinder {

	private static final Bindable<Map<String, PubSubClientProperties>> CLIENTS = Bindable
		.mapOf(String.class, PubSubClientProperties.class);

	private PubSubClientsBinder() {
	}

	/**
	 * Bind and validate the configured clients.
	 * @param environment the environment
	 * @param classLoader the class loader used to check provider libraries
	 * @return the clients by name, in configuration order
	 * @throws IllegalStateException naming the client and the problem
	 */
	static Map<String, PubSubClientProperties> bind(Environment environment, ClassLoader classLoader) {
		Map<String, PubSubClientProperties> clients;
		try {
			clients = Binder.get(environment).bind("pubsub.clients", CLIENTS).orElseGet(LinkedHashMap::new);
		}
		catch (BindException ex) {
			throw new IllegalStateException("Invalid pub/sub client configuration at '" + ex.getName() + "': "
					+ rootMessage(ex) + ". Valid types are: " + PubSubClientType.validIds(), ex);
		}
		clients.forEach((name, client) -> validate(name, client, classLoader));
		return clients;
	}

	private static void validate(String name, PubSubClientProperties client, ClassLoader classLoader) {
		PubSubClientType type = client.getType();
		if (type == null) {
			throw new IllegalStateException("pubsub.clients." + name + ".type is required; valid types are: "
					+ PubSubClientType.validIds());
		}
		if (!ClassUtils.isPresent(type.requiredClass(), classLoader)) {
			throw new IllegalStateException("pubsub.clients." + name + " has type '" + type.id()
					+ "', which needs " + type.requiredDependency() + " on the classpath");
		}
	}

	private static String rootMessage(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause.getMessage();
	}

}
