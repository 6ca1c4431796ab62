package dev.pubsub.test;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import org.springframework.beans.factory.annotation.ParameterResolutionDelegate;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * JUnit Jupiter extension behind {@link EmbeddedPubSub}: for each provider annotation on the test class it
 * starts the declared {@link EmbeddedPubSubServer} (on a free port unless the annotation names one) before
 * the class's tests, keeps it in the {@link ExtensionContext.Store}, resolves test-constructor and
 * test-method parameters whose type the server is assignable to, and stops it after the class's tests.
 * {@code @Nested} classes share the enclosing class's servers.
 * <p>
 * In Spring TestContext tests the servers belong to the application context instead (see
 * {@link dev.pubsub.test.context.EmbeddedPubSubContextCustomizerFactory}); this extension then only resolves
 * parameters, from that context's beans.
 */
public class EmbeddedPubSubExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

	private static final Namespace NAMESPACE = Namespace.create(EmbeddedPubSubExtension.class);

	@Override
	public void beforeAll(ExtensionContext context) {
		Class<?> testClass = context.getRequiredTestClass();
		if (EmbeddedPubSubDeclaration.isSpringTest(testClass)) {
			return;
		}
		Store store = context.getStore(NAMESPACE);
		for (EmbeddedPubSubDeclaration declaration : EmbeddedPubSubDeclaration.find(testClass)) {
			Class<?> key = declaration.annotation().annotationType();
			if (store.get(key) != null) {
				continue;
			}
			EmbeddedPubSubServer server = declaration.createServer();
			server.start();
			store.put(key, new StartedServer(context.getUniqueId(), server));
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		Store store = context.getStore(NAMESPACE);
		for (EmbeddedPubSubDeclaration declaration : EmbeddedPubSubDeclaration.find(context.getRequiredTestClass())) {
			Class<?> key = declaration.annotation().annotationType();
			StartedServer started = store.get(key, StartedServer.class);
			if (started != null && started.owner().equals(context.getUniqueId())) {
				store.remove(key);
				started.close();
			}
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		if (!EmbeddedPubSubServer.class.isAssignableFrom(parameterContext.getParameter().getType())) {
			return false;
		}
		// an @Autowired, @Qualifier or @Value parameter is the SpringExtension's to resolve
		return !(EmbeddedPubSubDeclaration.isSpringTest(extensionContext.getRequiredTestClass())
				&& ParameterResolutionDelegate.isAutowirable(parameterContext.getParameter(),
						parameterContext.getIndex()));
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> type = parameterContext.getParameter().getType();
		List<EmbeddedPubSubServer> candidates = new ArrayList<>();
		for (EmbeddedPubSubServer server : servers(extensionContext)) {
			if (type.isInstance(server)) {
				candidates.add(server);
			}
		}
		if (candidates.size() != 1) {
			throw new ParameterResolutionException("Cannot resolve parameter [" + parameterContext.getParameter()
					+ "]: " + candidates.size() + " embedded servers of type " + type.getName()
					+ " are declared on " + extensionContext.getRequiredTestClass().getName()
					+ " (expected exactly one; declare a server with a provider annotation such as @EmbeddedRealtime,"
					+ " or use the server's own type)");
		}
		return candidates.get(0);
	}

	private List<EmbeddedPubSubServer> servers(ExtensionContext context) {
		Class<?> testClass = context.getRequiredTestClass();
		List<EmbeddedPubSubServer> servers = new ArrayList<>();
		if (EmbeddedPubSubDeclaration.isSpringTest(testClass)) {
			ApplicationContext applicationContext = SpringExtension.getApplicationContext(context);
			servers.addAll(applicationContext.getBeansOfType(EmbeddedPubSubServer.class, false, false).values());
			return servers;
		}
		Store store = context.getStore(NAMESPACE);
		for (EmbeddedPubSubDeclaration declaration : EmbeddedPubSubDeclaration.find(testClass)) {
			StartedServer started = store.get(declaration.annotation().annotationType(), StartedServer.class);
			if (started != null) {
				servers.add(started.server());
			}
		}
		return servers;
	}

	/**
	 * A server this extension started, with the unique id of the extension context that owns it.
	 */
	private record StartedServer(String owner, EmbeddedPubSubServer server) implements AutoCloseable {

		@Override
		public void close() {
			this.server.stop();
		}

	}

}
