package dev.pubsub.test.context;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.support.TestPropertySourceUtils;

import dev.pubsub.test.realtime.EmbeddedRealtime;
import dev.pubsub.test.realtime.EmbeddedRealtimeGateway;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@link EmbeddedPubSubContextCustomizerFactory}: which classes get a customizer, cache-key
 * equality, property-source ranking, and the server's life with the context.
 */
class EmbeddedPubSubContextCustomizerFactoryTests {

	private final EmbeddedPubSubContextCustomizerFactory factory = new EmbeddedPubSubContextCustomizerFactory();

	@Test
	void noCustomizerWithoutAnEmbeddedServerAnnotation() {
		assertThat(this.factory.createContextCustomizer(Plain.class, List.of())).isNull();
	}

	@Test
	void equalDeclarationsGiveEqualCustomizersSoContextsAreShared() {
		ContextCustomizer first = this.factory.createContextCustomizer(First.class, List.of());
		ContextCustomizer second = this.factory.createContextCustomizer(SameAsFirst.class, List.of());
		ContextCustomizer other = this.factory.createContextCustomizer(Other.class, List.of());
		assertThat(first).isNotNull().isEqualTo(second).hasSameHashCodeAs(second).isNotEqualTo(other);
		assertThat(this.factory.createContextCustomizer(Inheriting.class, List.of())).isEqualTo(first);
	}

	@Test
	void serverStartsWithTheContextRanksBelowInlinedTestPropertiesAndStopsWithTheContext() {
		ContextCustomizer customizer = this.factory.createContextCustomizer(First.class, List.of());
		EmbeddedRealtimeGateway gateway;
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			TestPropertySourceUtils.addInlinedPropertiesToEnvironment(context,
					"pubsub.clients.realtime.realtime.app-id=overridden");
			context.getEnvironment()
				.getPropertySources()
				.addLast(new MapPropertySource("applicationYaml",
						java.util.Map.of("pubsub.clients.realtime.realtime.url", "wss://production.example")));
			customizer.customizeContext(context, (MergedContextConfiguration) null);
			context.refresh();
			gateway = context.getBean(EmbeddedRealtime.BEAN_NAME, EmbeddedRealtimeGateway.class);
			assertThat(gateway.isRunning()).isTrue();
			assertThat(context.getEnvironment().getProperty("pubsub.clients.realtime.realtime.url"))
				.isEqualTo(gateway.url());
			assertThat(context.getEnvironment().getProperty("pubsub.clients.realtime.realtime.app-id"))
				.isEqualTo("overridden");
		}
		assertThat(gateway.isRunning()).isFalse();
	}

	static class Plain {

	}

	@EmbeddedRealtime(appId = "a")
	static class First {

	}

	@EmbeddedRealtime(appId = "a")
	static class SameAsFirst {

	}

	@EmbeddedRealtime(appId = "b")
	static class Other {

	}

	static class Inheriting extends First {

	}

}
