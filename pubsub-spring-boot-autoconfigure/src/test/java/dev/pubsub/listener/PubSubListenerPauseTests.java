package dev.pubsub.listener;

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
import dev.pubsub.core.AwaitLimit;
import dev.pubsub.core.PubSubHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for pausing and resuming listener containers, one by id and all through the registry: the
 * subscription stays, messages queue in order and arrive after resume.
 */
class PubSubListenerPauseTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PubSubAutoConfiguration.class))
		.withUserConfiguration(OneClient.class, TwoListeners.class);

	@Test
	void pausedContainerKeepsItsSubscriptionAndDeliversInOrderAfterResume() {
		this.contextRunner.run((context) -> {
			LoopbackPubSubClient client = context.getBean(LoopbackPubSubClient.class);
			TwoListeners listeners = context.getBean(TwoListeners.class);
			PubSubListenerContainer container = context.getBean(PubSubListenerEndpointRegistry.class)
				.getListenerContainer("orders");
			send(client, "orders", "o-1");
			await().until(() -> listeners.orders.contains("o-1"));

			container.pause();
			assertThat(container.isPaused()).isTrue();
			assertThat(container.isRunning()).isTrue();
			for (int i = 2; i <= 5; i++) {
				send(client, "orders", "o-" + i);
			}
			send(client, "audit", "a-1");
			// the other listener still works, and the paused one's thread took o-2 and holds it
			await().until(() -> listeners.audit.contains("a-1") && container.heldWhilePaused() == 1);
			assertThat(listeners.orders).containsExactly("o-1");
			assertThat(client.timeline).noneMatch((event) -> event.startsWith("unsubscribe:"));
			assertThat(client.metrics().dropped()).isZero();

			container.resume();
			assertThat(container.isPaused()).isFalse();
			await().until(() -> listeners.orders.size() == 5);
			assertThat(listeners.orders).containsExactly("o-1", "o-2", "o-3", "o-4", "o-5");
			send(client, "orders", "o-6");
			await().until(() -> listeners.orders.contains("o-6"));
		});
	}

	@Test
	void registryPausesAndResumesEveryContainer() {
		this.contextRunner.run((context) -> {
			LoopbackPubSubClient client = context.getBean(LoopbackPubSubClient.class);
			TwoListeners listeners = context.getBean(TwoListeners.class);
			PubSubListenerEndpointRegistry registry = context.getBean(PubSubListenerEndpointRegistry.class);
			registry.pause();
			assertThat(registry.getListenerContainers()).allMatch(PubSubListenerContainer::isPaused);
			send(client, "orders", "o-1");
			send(client, "audit", "a-1");
			send(client, "audit", "a-2");
			await().until(() -> registry.getListenerContainer("orders").heldWhilePaused() == 1
					&& registry.getListenerContainer("audit").heldWhilePaused() == 1);
			assertThat(listeners.orders).isEmpty();
			assertThat(listeners.audit).isEmpty();
			registry.resume();
			await().until(() -> listeners.orders.size() == 1 && listeners.audit.size() == 2);
			assertThat(listeners.audit).containsExactly("a-1", "a-2");
		});
	}

	@Test
	void containerPausedBeforeStartStartsPausedAndStopDrainsWhatItHolds() {
		this.contextRunner.withPropertyValues("pubsub.listener.auto-startup=false").run((context) -> {
			LoopbackPubSubClient client = context.getBean(LoopbackPubSubClient.class);
			TwoListeners listeners = context.getBean(TwoListeners.class);
			PubSubListenerContainer container = context.getBean(PubSubListenerEndpointRegistry.class)
				.getListenerContainer("orders");
			container.pause();
			container.start();
			send(client, "orders", "o-1");
			send(client, "orders", "o-2");
			await().until(() -> container.heldWhilePaused() == 1);
			assertThat(listeners.orders).isEmpty();
			// stopping a paused container never silently loses what it holds: it drains
			assertThat(AwaitLimit.join(container.stopAsync())).isZero();
			assertThat(listeners.orders).containsExactly("o-1", "o-2");
			assertThat(client.metrics().discardedOnShutdown()).isZero();
			assertThat(container.isPaused()).isTrue();
			container.start();
			send(client, "orders", "o-3");
			await().until(() -> container.heldWhilePaused() == 1);
			container.resume();
			await().until(() -> listeners.orders.contains("o-3"));
		});
	}

	@Test
	void pausedBlockingContainerHoldsTheDeliveringThreadOnceItsQueueIsFull() {
		this.contextRunner
			.withPropertyValues("pubsub.listener.overflow-policy=block", "pubsub.listener.queue-capacity=1")
			.run((context) -> {
				LoopbackPubSubClient client = context.getBean(LoopbackPubSubClient.class);
				TwoListeners listeners = context.getBean(TwoListeners.class);
				PubSubListenerContainer container = context.getBean(PubSubListenerEndpointRegistry.class)
					.getListenerContainer("orders");
				container.pause();
				send(client, "orders", "o-1");
				await().until(() -> container.heldWhilePaused() == 1);
				send(client, "orders", "o-2");
				// the queue (capacity 1) is full: the next delivery blocks the "reading" thread
				Thread reader = new Thread(() -> send(client, "orders", "o-3"), "test-reader");
				reader.start();
				await().until(() -> reader.getState() == Thread.State.WAITING);
				assertThat(listeners.orders).isEmpty();
				container.resume();
				reader.join(30_000);
				await().until(() -> listeners.orders.size() == 3);
				assertThat(listeners.orders).containsExactly("o-1", "o-2", "o-3");
				assertThat(client.metrics().dropped()).isZero();
			});
	}

	private static void send(LoopbackPubSubClient client, String topic, String id) {
		client.deliver(topic, "event", "\"" + id + "\"", Map.of(PubSubHeaders.MESSAGE_ID, id));
	}

	@Configuration(proxyBeanMethods = false)
	static class OneClient {

		@Bean
		LoopbackPubSubClient gateway() {
			return new LoopbackPubSubClient("gateway", false);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoListeners {

		final List<String> orders = new CopyOnWriteArrayList<>();

		final List<String> audit = new CopyOnWriteArrayList<>();

		@PubSubListener(id = "orders", patterns = "orders.*")
		void onOrder(@Header(PubSubHeaders.MESSAGE_ID) String id) {
			this.orders.add(id);
		}

		@PubSubListener(id = "audit", patterns = "audit.*")
		void onAudit(@Header(PubSubHeaders.MESSAGE_ID) String id) {
			this.audit.add(id);
		}

	}

}
