package dev.pubsub.test.context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.support.TestPropertySourceUtils;
import org.springframework.util.Assert;

import dev.pubsub.test.EmbeddedPubSubDeclaration;
import dev.pubsub.test.EmbeddedPubSubServer;

/**
 * Starts the declared embedded servers while the application context is prepared, registers each as a
 * singleton bean that is stopped when the context closes, and adds their client properties as the property
 * source {@value #PROPERTY_SOURCE_NAME}. That source ranks just below inlined test properties
 * ({@code @SpringBootTest(properties = ...)}, {@code @TestPropertySource}), so a test can still override a
 * single key, and above {@code application.yml}, so a production URL never leaks into the test.
 * <p>
 * Equal declarations give equal customizers, so Spring's context cache shares one context (and one server)
 * between test classes that declare the same servers.
 */
final class EmbeddedPubSubContextCustomizer implements ContextCustomizer {

	static final String PROPERTY_SOURCE_NAME = "embeddedPubSubServers";

	private final List<EmbeddedPubSubDeclaration> declarations;

	EmbeddedPubSubContextCustomizer(List<EmbeddedPubSubDeclaration> declarations) {
		this.declarations = List.copyOf(declarations);
	}

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		Assert.isInstanceOf(DefaultSingletonBeanRegistry.class, beanFactory);
		Map<String, Object> properties = new LinkedHashMap<>();
		for (EmbeddedPubSubDeclaration declaration : this.declarations) {
			EmbeddedPubSubServer server = declaration.createServer();
			server.start();
			String beanName = declaration.beanName();
			beanFactory.registerSingleton(beanName, server);
			((DefaultSingletonBeanRegistry) beanFactory).registerDisposableBean(beanName, server::stop);
			properties.putAll(declaration.properties(server));
		}
		MutablePropertySources sources = context.getEnvironment().getPropertySources();
		MapPropertySource source = new MapPropertySource(PROPERTY_SOURCE_NAME, properties);
		if (sources.contains(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME)) {
			sources.addAfter(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME, source);
		}
		else {
			sources.addFirst(source);
		}
	}

	@Override
	public boolean equals(Object other) {
		return (this == other) || (other instanceof EmbeddedPubSubContextCustomizer that
				&& this.declarations.equals(that.declarations));
	}

	@Override
	public int hashCode() {
		return this.declarations.hashCode();
	}

}
