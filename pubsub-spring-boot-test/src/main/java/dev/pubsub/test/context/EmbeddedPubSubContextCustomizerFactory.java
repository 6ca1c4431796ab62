package dev.pubsub.test.context;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;

import dev.pubsub.test.EmbeddedPubSubDeclaration;

/**
 * Registered in {@code META-INF/spring.factories}: for test classes that carry a provider annotation
 * meta-annotated with {@link dev.pubsub.test.EmbeddedPubSub} (such as
 * {@link dev.pubsub.test.realtime.EmbeddedRealtime @EmbeddedRealtime}), contributes a customizer that starts the
 * servers with the application context. The model is spring-kafka-test's
 * {@code EmbeddedKafkaContextCustomizerFactory}.
 */
public class EmbeddedPubSubContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		List<EmbeddedPubSubDeclaration> declarations = EmbeddedPubSubDeclaration.find(testClass);
		return declarations.isEmpty() ? null : new EmbeddedPubSubContextCustomizer(declarations);
	}

}
