package dev.pubsub.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.SimpleBeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.env.MockEnvironment;

import dev.pubsub.core.PubSubClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PubSubClientsBinding}: {@code pubsub.clients} is bound once per bean factory and
 * environment, and the client beans are created from that binding.
 */
class PubSubClientsBindingTests {

	private final ClassLoader classLoader = getClass().getClassLoader();

	@Test
	void bindsOncePerBeanFactoryAndEnvironment() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		MockEnvironment environment = environment("ws://127.0.0.1:1");
		Map<String, PubSubClientProperties> first = PubSubClientsBinding.clients(beanFactory, environment,
				this.classLoader);
		assertThat(first).containsOnlyKeys("orders");
		assertThat(PubSubClientsBinding.clients(beanFactory, environment, this.classLoader)).isSameAs(first);
		assertThat(beanFactory.getSingleton(PubSubClientsBinding.BEAN_NAME)).isInstanceOf(PubSubClientsBinding.class);
	}

	@Test
	void anotherEnvironmentIsBoundAfresh() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		Map<String, PubSubClientProperties> first = PubSubClientsBinding.clients(beanFactory,
				environment("ws://127.0.0.1:1"), this.classLoader);
		Map<String, PubSubClientProperties> other = PubSubClientsBinding.clients(beanFactory,
				environment("ws://127.0.0.1:2"), this.classLoader);
		assertThat(other).isNotSameAs(first);
		assertThat(other.get("orders").getRealtime().getUrl()).isEqualTo("ws://127.0.0.1:2");
		assertThat(first.get("orders").getRealtime().getUrl()).isEqualTo("ws://127.0.0.1:1");
	}

	@Test
	void withoutASingletonRegistryBindsEveryTime() {
		SimpleBeanDefinitionRegistry registry = new SimpleBeanDefinitionRegistry();
		MockEnvironment environment = environment("ws://127.0.0.1:1");
		Map<String, PubSubClientProperties> first = PubSubClientsBinding.clients(registry, environment,
				this.classLoader);
		assertThat(PubSubClientsBinding.clients(registry, environment, this.classLoader)).isNotSameAs(first)
			.containsOnlyKeys("orders");
	}

	@Test
	void theClientBeansAreCreatedFromTheBindingTheRegistrarsUsed() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PubSubAutoConfiguration.class, RealtimePubSubAutoConfiguration.class))
			.withPropertyValues("pubsub.clients.orders.type=realtime", "pubsub.clients.orders.auto-connect=false",
					"pubsub.clients.orders.realtime.url=ws://127.0.0.1:1", "pubsub.clients.orders.realtime.app-id=app-1",
					"pubsub.clients.orders.realtime.access-token=t0ken",
					"pubsub.clients.audit.type=realtime", "pubsub.clients.audit.auto-connect=false",
					"pubsub.clients.audit.realtime.url=ws://127.0.0.1:2", "pubsub.clients.audit.realtime.app-id=app-1",
					"pubsub.clients.audit.realtime.access-token=t0ken")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBeansOfType(PubSubClient.class)).containsOnlyKeys("orders", "audit");
				Object binding = context.getBeanFactory().getSingleton(PubSubClientsBinding.BEAN_NAME);
				assertThat(binding).isInstanceOf(PubSubClientsBinding.class);
				assertThat(PubSubClientsBinding.clients(context.getBeanFactory(), context.getEnvironment(),
						this.classLoader)).containsOnlyKeys("orders", "audit");
			});
	}

	private static MockEnvironment environment(String url) {
		return new MockEnvironment().withProperty("pubsub.clients.orders.type", "realtime")
			.withProperty("pubsub.clients.orders.realtime.url", url);
	}

}
