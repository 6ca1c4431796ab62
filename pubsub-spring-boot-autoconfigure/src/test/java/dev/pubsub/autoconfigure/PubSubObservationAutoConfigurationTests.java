package dev.pubsub.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.pubsub.listener.PubSubListenerContainerFactory;
import dev.pubsub.listener.PubSubListenerObserver;
import dev.pubsub.listener.observation.ObservationPubSubListenerObserver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PubSubObservationAutoConfiguration}: which factories get an observer, and the
 * startup failures when observations are on but cannot run.
 */
class PubSubObservationAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PubSubAutoConfiguration.class, RealtimePubSubAutoConfiguration.class,
				PubSubObservationAutoConfiguration.class));

	@Test
	void offByDefault() {
		this.contextRunner.withUserConfiguration(Registry.class)
			.run((context) -> assertThat(context.getBean(PubSubListenerContainerFactory.class).getObserver())
				.isSameAs(PubSubListenerObserver.NONE));
	}

	@Test
	void enabledGloballyObservesListenersOfEveryFactory() {
		this.contextRunner.withUserConfiguration(Registry.class, OwnFactory.class)
			.withPropertyValues("pubsub.observation.enabled=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean("pubSubListenerContainerFactory", PubSubListenerContainerFactory.class)
					.getObserver()).isInstanceOf(ObservationPubSubListenerObserver.class);
				assertThat(context.getBean("ownFactory", PubSubListenerContainerFactory.class).getObserver())
					.isInstanceOf(ObservationPubSubListenerObserver.class);
				assertThat(context.getBean("ownObserverFactory", PubSubListenerContainerFactory.class).getObserver())
					.isSameAs(OwnFactory.OBSERVER);
			});
	}

	@Test
	void enabledForOneClientObservesListeners() {
		this.contextRunner.withUserConfiguration(Registry.class)
			.withPropertyValues(RealtimePubSubAutoConfigurationTests.realtime("gateway"))
			.withPropertyValues("pubsub.clients.gateway.observation-enabled=true")
			.run((context) -> assertThat(context.getBean(PubSubListenerContainerFactory.class).getObserver())
				.isInstanceOf(ObservationPubSubListenerObserver.class));
	}

	@Test
	void enabledWithoutObservationRegistryBeanFailsStartup() {
		this.contextRunner.withPropertyValues("pubsub.observation.enabled=true").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(PubSubSetupException.class)
				.hasMessageContaining("no ObservationRegistry bean")
				.hasMessageContaining("spring-boot-micrometer-observation");
		});
	}

	@Test
	void enabledWithoutMicrometerObservationFailsStartup() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
			.withPropertyValues("pubsub.observation.enabled=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(PubSubSetupException.class)
					.hasMessageContaining("io.micrometer:micrometer-observation");
			});
	}

	@Test
	void withoutMicrometerObservationAndDisabledStartsNormally() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Configuration(proxyBeanMethods = false)
	static class Registry {

		@Bean
		ObservationRegistry observationRegistry() {
			return ObservationRegistry.create();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnFactory {

		static final PubSubListenerObserver OBSERVER = (endpoint, client, message) -> PubSubListenerObserver.Delivery.NONE;

		@Bean
		PubSubListenerContainerFactory ownFactory() {
			return new PubSubListenerContainerFactory();
		}

		@Bean
		PubSubListenerContainerFactory ownObserverFactory() {
			PubSubListenerContainerFactory factory = new PubSubListenerContainerFactory();
			factory.setObserver(OBSERVER);
			return factory;
		}

	}

}
