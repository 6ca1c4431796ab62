package dev.pubsub.listener;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.Header;

import dev.pubsub.autoconfigure.PubSubAutoConfiguration;
import dev.pubsub.autoconfigure.PubSubListenerContainerFactoryConfigurer;
import dev.pubsub.autoconfigure.PubSubListenerProperties;
import dev.pubsub.core.OverflowPolicy;
import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.SubscribeOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for user-defined container factories: configured with {@code pubsub.listener.*} through
 * {@link PubSubListenerContainerFactoryConfigurer}, and chosen per listener with
 * {@link PubSubListener#containerFactory()}.
 */
class PubSubListenerContainerFactoryTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PubSubAutoConfiguration.class))
		.withPropertyValues("pubsub.listener.concurrency=3", "pubsub.listener.queue-capacity=7",
				"pubsub.listener.overflow-policy=drop-oldest", "pubsub.listener.shutdown-timeout=4s");

	@Test
	void userDefinedFactoryGetsTheListenerPropertiesThroughTheConfigurer() {
		this.contextRunner.withUserConfiguration(OneClient.class, Factories.class, Listeners.class).run((context) -> {
			PubSubListenerContainerFactory configured = context.getBean("configuredFactory",
					PubSubListenerContainerFactory.class);
			// configured, then its own concurrency
			assertThat(configured.getConcurrency()).isEqualTo(8);
			assertThat(configured.getQueueCapacity()).isEqualTo(7);
			assertThat(configured.getOverflowPolicy()).isEqualTo(OverflowPolicy.DROP_OLDEST);
			assertThat(configured.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(4));
			assertThat(configured.getErrorHandler()).isSameAs(context.getBean(PubSubListenerErrorHandler.class));
			// the auto-configured factory uses the same configurer
			PubSubListenerContainerFactory auto = context.getBean(
					PubSubListenerConfigUtils.DEFAULT_CONTAINER_FACTORY_BEAN_NAME, PubSubListenerContainerFactory.class);
			assertThat(auto.getConcurrency()).isEqualTo(3);
			assertThat(auto.getQueueCapacity()).isEqualTo(7);
			assertThat(auto.getErrorHandler()).isSameAs(context.getBean(PubSubListenerErrorHandler.class));
		});
	}

	@Test
	void containerFactoryAttributeChoosesTheFactoryPerListener() {
		this.contextRunner.withUserConfiguration(OneClient.class, Factories.class, Listeners.class).run((context) -> {
			PubSubListenerEndpointRegistry registry = context.getBean(PubSubListenerEndpointRegistry.class);
			SubscribeOptions byDefault = registry.getListenerContainer("default").getSubscribeOptions();
			SubscribeOptions bulk = registry.getListenerContainer("bulk").getSubscribeOptions();
			SubscribeOptions strict = registry.getListenerContainer("strict").getSubscribeOptions();
			assertThat(byDefault.concurrency()).isEqualTo(3);
			assertThat(byDefault.overflowPolicy()).isEqualTo(OverflowPolicy.DROP_OLDEST);
			// configured, then its own concurrency
			assertThat(bulk.concurrency()).isEqualTo(8);
			assertThat(bulk.queueCapacity()).isEqualTo(7);
			assertThat(bulk.overflowPolicy()).isEqualTo(OverflowPolicy.DROP_OLDEST);
			assertThat(bulk.shutdownTimeout()).isEqualTo(Duration.ofSeconds(4));
			// a plain factory: none of the properties
			assertThat(strict.concurrency()).isEqualTo(1);
			assertThat(strict.queueCapacity()).isEqualTo(2);
			assertThat(strict.overflowPolicy()).isEqualTo(OverflowPolicy.BLOCK);

			LoopbackPubSubClient client = context.getBean(LoopbackPubSubClient.class);
			Listeners listeners = context.getBean(Listeners.class);
			client.deliver("jobs", "run", "1", Map.of(PubSubHeaders.MESSAGE_ID, "j-1"));
			await().until(() -> listeners.received.size() == 3);
			assertThat(listeners.received).containsExactlyInAnyOrder("default:j-1", "bulk:j-1", "strict:j-1");
			// the strict factory's own error handler, the others the context's
			client.deliver("jobs", "fail", "2", Map.of(PubSubHeaders.MESSAGE_ID, "j-2"));
			await().until(() -> listeners.errors.size() == 3);
			assertThat(listeners.errors).containsExactlyInAnyOrder("context:default", "context:bulk", "strict:strict");
		});
	}

	@Test
	void configurerChoosesTheDefaultContainerFactory() {
		this.contextRunner.withUserConfiguration(OneClient.class, Factories.class, Listeners.class)
			.withBean(PubSubListenerConfigurer.class,
					() -> (registrar) -> registrar.setContainerFactoryBeanName("strictFactory"))
			.run((context) -> {
				PubSubListenerEndpointRegistry registry = context.getBean(PubSubListenerEndpointRegistry.class);
				// no containerFactory attribute: the registrar's default
				assertThat(registry.getListenerContainer("default").getSubscribeOptions().overflowPolicy())
					.isEqualTo(OverflowPolicy.BLOCK);
				// an explicit attribute still wins
				assertThat(registry.getListenerContainer("bulk").getSubscribeOptions().concurrency()).isEqualTo(8);
			});
	}

	@Test
	void unknownContainerFactoryFailsStartupNamingTheFactories() {
		this.contextRunner.withUserConfiguration(OneClient.class, MissingFactoryListener.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("names containerFactory 'nope'")
				.hasStackTraceContaining(PubSubListenerConfigUtils.DEFAULT_CONTAINER_FACTORY_BEAN_NAME));
	}

	@Test
	void userConfigurerBeanReplacesTheAutoConfiguredOne() {
		this.contextRunner.withUserConfiguration(OneClient.class, CustomFactoryConfigurer.class).run((context) -> {
			assertThat(context).hasSingleBean(PubSubListenerContainerFactoryConfigurer.class);
			assertThat(context.getBean(PubSubListenerContainerFactory.class).getConcurrency()).isEqualTo(5);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class OneClient {

		@Bean
		LoopbackPubSubClient gateway() {
			return new LoopbackPubSubClient("gateway", false);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Factories {

		@Bean
		PubSubListenerContainerFactory configuredFactory(PubSubListenerContainerFactoryConfigurer configurer) {
			PubSubListenerContainerFactory factory = new PubSubListenerContainerFactory();
			configurer.configure(factory);
			factory.setConcurrency(8);
			return factory;
		}

		@Bean
		PubSubListenerContainerFactory strictFactory(Listeners listeners) {
			PubSubListenerContainerFactory factory = new PubSubListenerContainerFactory();
			factory.setQueueCapacity(2);
			factory.setOverflowPolicy(OverflowPolicy.BLOCK);
			factory.setErrorHandler((message, exception) -> {
				listeners.errors.add("strict:" + exception.getListenerId());
				return null;
			});
			return factory;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Listeners {

		final List<String> received = new CopyOnWriteArrayList<>();

		final List<String> errors = new CopyOnWriteArrayList<>();

		@Bean
		PubSubListenerErrorHandler contextErrorHandler() {
			return (message, exception) -> {
				this.errors.add("context:" + exception.getListenerId());
				return null;
			};
		}

		@PubSubListener(id = "default", patterns = "jobs.*")
		void byDefault(@Header(PubSubHeaders.MESSAGE_ID) String id, @Header(PubSubHeaders.MESSAGE_TYPE) String type) {
			handle("default", id, type);
		}

		@PubSubListener(id = "bulk", patterns = "jobs.*", containerFactory = "configuredFactory")
		void bulk(@Header(PubSubHeaders.MESSAGE_ID) String id, @Header(PubSubHeaders.MESSAGE_TYPE) String type) {
			handle("bulk", id, type);
		}

		@PubSubListener(id = "strict", patterns = "jobs.*", containerFactory = "${app.strict-factory:strictFactory}")
		void strict(@Header(PubSubHeaders.MESSAGE_ID) String id, @Header(PubSubHeaders.MESSAGE_TYPE) String type) {
			handle("strict", id, type);
		}

		private void handle(String listener, String id, String type) {
			if (type.equals("fail")) {
				throw new IllegalStateException("failing on purpose");
			}
			this.received.add(listener + ":" + id);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MissingFactoryListener {

		@PubSubListener(patterns = "jobs.*", containerFactory = "nope")
		void onJob(String payload) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomFactoryConfigurer {

		@Bean
		PubSubListenerContainerFactoryConfigurer customConfigurer() {
			return new PubSubListenerContainerFactoryConfigurer(new PubSubListenerProperties(),
					null) {

				@Override
				public void configure(PubSubListenerContainerFactory factory) {
					super.configure(factory);
					factory.setConcurrency(5);
				}

			};
		}

	}

}
