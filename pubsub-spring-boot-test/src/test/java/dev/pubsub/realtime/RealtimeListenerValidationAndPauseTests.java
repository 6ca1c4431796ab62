package dev.pubsub.realtime;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;

import dev.pubsub.autoconfigure.PubSubAutoConfiguration;
import dev.pubsub.autoconfigure.RealtimePubSubAutoConfiguration;
import dev.pubsub.listener.PubSubListener;
import dev.pubsub.listener.PubSubListenerContainer;
import dev.pubsub.listener.PubSubListenerEndpointRegistry;
import dev.pubsub.listener.PubSubListenerErrorHandler;
import dev.pubsub.listener.PubSubListenerExceptions;
import dev.pubsub.test.realtime.EmbeddedRealtime;
import dev.pubsub.test.realtime.EmbeddedRealtimeGateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End to end against the embedded Realtime gateway: {@code @Valid} payloads validated by Spring
 * Boot's auto-configured hibernate-validator, and a listener paused by id that keeps its
 * subscription and gets, in order, what was published while it was paused.
 */
@SpringBootTest(classes = RealtimeListenerValidationAndPauseTests.App.class)
@EmbeddedRealtime(client = "gateway")
class RealtimeListenerValidationAndPauseTests {

	@Autowired
	private EmbeddedRealtimeGateway gateway;

	@Autowired
	private RealtimeClient client;

	@Autowired
	private Listeners listeners;

	@Autowired
	private PubSubListenerEndpointRegistry registry;

	@Test
	void invalidPayloadReachesTheErrorHandlerNamingTheFieldAndValidOneReachesTheMethod() {
		awaitSubscribed("orders");
		this.gateway.publish("orders", "created", Map.of("id", "v-bad", "amount", -1));
		this.gateway.publish("orders", "created", Map.of("id", "v-good", "amount", 2));
		await().until(() -> this.listeners.orders.contains("v-good") && !this.listeners.invalid.isEmpty());
		assertThat(this.listeners.orders).doesNotContain("v-bad");
		MethodArgumentNotValidException failure = this.listeners.invalid.get(0);
		assertThat(failure.getBindingResult().getFieldErrors()).singleElement()
			.satisfies((error) -> assertThat(error.getField()).isEqualTo("amount"));
		assertThat(failure.getBindingResult().getTarget()).isEqualTo(new Order("v-bad", -1));
	}

	@Test
	void pausedListenerKeepsItsSubscriptionAndGetsEverythingInOrderAfterResume() {
		awaitSubscribed("orders");
		awaitSubscribed("audit");
		PubSubListenerContainer orders = this.registry.getListenerContainer("orders");
		this.gateway.publish("orders", "created", Map.of("id", "p-0", "amount", 1));
		await().until(() -> this.listeners.orders.contains("p-0"));
		orders.pause();
		try {
			for (int i = 1; i <= 5; i++) {
				this.gateway.publish("orders", "created", Map.of("id", "p-" + i, "amount", 1));
			}
			// published after p-1..p-5 on the same connection: once it arrived, they have arrived too
			this.gateway.publish("audit", "entry", Map.of("id", "a-1", "amount", 1));
			await().until(() -> this.listeners.audit.contains("a-1"));
			assertThat(this.listeners.orders).noneMatch((id) -> id.startsWith("p-") && !id.equals("p-0"));
			assertThat(this.gateway.subscribers("orders")).contains(this.client.connectionInfo().id());
		}
		finally {
			orders.resume();
		}
		await().until(() -> this.listeners.orders.contains("p-5"));
		assertThat(this.listeners.orders).filteredOn((id) -> id.startsWith("p-"))
			.containsExactly("p-0", "p-1", "p-2", "p-3", "p-4", "p-5");
	}

	private void awaitSubscribed(String topic) {
		await().until(() -> this.client.isConnected()
				&& this.gateway.subscribers(topic).contains(this.client.connectionInfo().id()));
	}

	record Order(@NotBlank String id, @Positive int amount) {
	}

	static class Listeners {

		final List<String> orders = new CopyOnWriteArrayList<>();

		final List<String> audit = new CopyOnWriteArrayList<>();

		final List<MethodArgumentNotValidException> invalid = new CopyOnWriteArrayList<>();

		@PubSubListener(id = "orders", value = "orders.*", client = "gateway")
		void onOrder(@Valid Order order) {
			this.orders.add(order.id());
		}

		@PubSubListener(id = "audit", value = "audit.*", client = "gateway")
		void onAudit(Order entry) {
			this.audit.add(entry.id());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ PubSubAutoConfiguration.class, RealtimePubSubAutoConfiguration.class,
			ValidationAutoConfiguration.class })
	static class App {

		@Bean
		Listeners listeners() {
			return new Listeners();
		}

		@Bean
		PubSubListenerErrorHandler validationErrorHandler(Listeners listeners) {
			return (message, exception) -> {
				MethodArgumentNotValidException invalid = PubSubListenerExceptions.findValidationFailure(exception);
				if (invalid != null) {
					listeners.invalid.add(invalid);
				}
				return null;
			};
		}

	}

}
