package dev.pubsub.listener;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.util.backoff.FixedBackOff;

import dev.pubsub.core.OverflowPolicy;
import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.SubscribeOptions;
import dev.pubsub.listener.retry.LoggingPubSubRecoverer;
import dev.pubsub.listener.retry.PubSubRecoverer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Unit tests for {@link PubSubListenerContainerFactory} without an application context: its
 * defaults and their validation, which of the endpoint's attributes override them, and that the
 * retry policy, not-retryable types, recoverer, observer and method factory reach the listener.
 */
class PubSubListenerContainerFactoryUnitTests {

	private final LoopbackPubSubClient client = new LoopbackPubSubClient("gateway", false);

	private final Listener listener = new Listener();

	private final MessageHandlerMethodFactory registrarMethodFactory = new PubSubMessageHandlerMethodFactory(
			new DefaultListableBeanFactory());

	private final PubSubListenerErrorHandler errorHandler = (message, failure) -> null;

	private final List<PubSubListenerContainer> containers = new CopyOnWriteArrayList<>();

	@AfterEach
	void stop() {
		this.containers.forEach(PubSubListenerContainer::stop);
		this.client.destroy();
	}

	@Test
	void defaults() {
		PubSubListenerContainerFactory factory = new PubSubListenerContainerFactory();
		assertThat(factory.getConcurrency()).isEqualTo(1);
		assertThat(factory.getQueueCapacity()).isEqualTo(10_000);
		assertThat(factory.getOverflowPolicy()).isEqualTo(OverflowPolicy.BLOCK);
		assertThat(factory.isAutoStartup()).isTrue();
		assertThat(factory.getShutdownTimeout()).isEqualTo(SubscribeOptions.DEFAULT_SHUTDOWN_TIMEOUT);
		assertThat(factory.getErrorHandler()).isInstanceOf(LoggingPubSubListenerErrorHandler.class);
		assertThat(factory.getRecoverer()).isInstanceOf(LoggingPubSubRecoverer.class);
		assertThat(factory.getObserver()).isSameAs(PubSubListenerObserver.NONE);
		assertThat(factory.getRetryPolicy()).isNull();
		assertThat(factory.getMessageHandlerMethodFactory()).isNull();
		SubscribeOptions options = create(factory, endpoint(null, null, null)).getSubscribeOptions();
		assertThat(options).isEqualTo(new SubscribeOptions(1, 10_000, OverflowPolicy.BLOCK, true, Map.of(),
				SubscribeOptions.DEFAULT_SHUTDOWN_TIMEOUT));
	}

	@Test
	void invalidSettingsAreRejectedAndTheSmallestValidOnesAccepted() {
		PubSubListenerContainerFactory factory = new PubSubListenerContainerFactory();
		assertThatIllegalArgumentException().isThrownBy(() -> factory.setConcurrency(0))
			.withMessage("concurrency must be at least 1");
		assertThatIllegalArgumentException().isThrownBy(() -> factory.setQueueCapacity(0))
			.withMessage("queueCapacity must be at least 1");
		assertThatIllegalArgumentException().isThrownBy(() -> factory.setShutdownTimeout(Duration.ofMillis(-1)))
			.withMessage("shutdownTimeout must not be negative");
		assertThatIllegalArgumentException().isThrownBy(() -> factory.setShutdownTimeout(null));
		assertThatIllegalArgumentException().isThrownBy(() -> factory.setObserver(null));
		assertThatIllegalArgumentException().isThrownBy(() -> factory.setRecoverer(null));
		assertThatIllegalArgumentException().isThrownBy(() -> new PubSubListenerContainerFactory(null));
		factory.setConcurrency(1);
		factory.setQueueCapacity(1);
		factory.setShutdownTimeout(Duration.ZERO);
		assertThat(create(factory, endpoint(null, null, null)).getSubscribeOptions())
			.isEqualTo(new SubscribeOptions(1, 1, OverflowPolicy.BLOCK, true, Map.of(), Duration.ZERO));
	}

	@Test
	void theFactorysSettingsApplyWhenTheEndpointHasNone() {
		PubSubListenerContainerFactory factory = new PubSubListenerContainerFactory();
		factory.setConcurrency(3);
		factory.setQueueCapacity(7);
		factory.setOverflowPolicy(OverflowPolicy.DROP_OLDEST);
		factory.setShutdownTimeout(Duration.ofSeconds(4));
		factory.setAutoStartup(false);
		assertThat(factory.isAutoStartup()).isFalse();
		PubSubListenerContainer container = create(factory, endpoint(null, null, null));
		assertThat(container.getSubscribeOptions()).isEqualTo(new SubscribeOptions(3, 7, OverflowPolicy.DROP_OLDEST,
				true, Map.of(), Duration.ofSeconds(4)));
		assertThat(container.isAutoStartup()).isFalse();
		assertThat(container.getClient()).isSameAs(this.client);
		assertThat(container.getId()).isEqualTo("jobs");
	}

	@Test
	void theEndpointsAttributesOverrideTheFactorys() {
		PubSubListenerContainerFactory factory = new PubSubListenerContainerFactory();
		factory.setConcurrency(3);
		factory.setAutoStartup(true);
		PubSubListenerContainer container = create(factory, endpoint(5, false, false));
		assertThat(container.getSubscribeOptions().concurrency()).isEqualTo(5);
		assertThat(container.getSubscribeOptions().remoteSubscribe()).isFalse();
		assertThat(container.isAutoStartup()).isFalse();
		factory.setAutoStartup(false);
		assertThat(create(factory, endpoint(null, true, true)).isAutoStartup()).isTrue();
	}

	@Test
	void aFactoryWithItsOwnMethodFactoryUsesItInsteadOfTheRegistrars() {
		List<String> created = new CopyOnWriteArrayList<>();
		MessageHandlerMethodFactory own = (bean, method) -> {
			created.add(method.getName());
			return this.registrarMethodFactory.createInvocableHandlerMethod(bean, method);
		};
		PubSubListenerContainerFactory factory = new PubSubListenerContainerFactory(own);
		assertThat(factory.getMessageHandlerMethodFactory()).isSameAs(own);
		factory.createContainer(endpoint(null, null, null), this.client, (bean, method) -> {
			throw new AssertionError("the registrar's method factory was used");
		}, this.errorHandler);
		factory.createContainer(endpoint(null, null, null), this.client, this.errorHandler);
		assertThat(created).containsExactly("onJob", "onJob");
	}

	@Test
	void withoutAMethodFactoryTheRegistrarsMustBePassed() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new PubSubListenerContainerFactory().createContainer(endpoint(null, null, null),
					this.client, this.errorHandler))
			.withMessageContaining("has no MessageHandlerMethodFactory");
	}

	@Test
	void theFactorysRetryNotRetryableTypesRecovererObserverAndErrorHandlerReachTheListener() {
		Recoveries recoveries = new Recoveries();
		List<String> observed = new CopyOnWriteArrayList<>();
		List<String> handled = new CopyOnWriteArrayList<>();
		PubSubListenerContainerFactory factory = new PubSubListenerContainerFactory();
		factory.setBackOff(new FixedBackOff(0, 2));
		factory.addNotRetryableExceptions(IllegalArgumentException.class);
		factory.setRecoverer(recoveries);
		factory.setObserver((endpoint, client, message) -> {
			observed.add(endpoint.id() + ":" + message.headers().get(PubSubHeaders.MESSAGE_ID));
			return PubSubListenerObserver.Delivery.NONE;
		});
		PubSubListenerContainer container = start(factory.createContainer(endpoint(null, null, null), this.client,
				this.registrarMethodFactory, (message, failure) -> {
					handled.add(String.valueOf(message.headers().get(PubSubHeaders.MESSAGE_ID)));
					return null;
				}));
		assertThat(container.isRunning()).isTrue();
		this.client.deliver("jobs", "fail", "1", Map.of(PubSubHeaders.MESSAGE_ID, "j-1"));
		this.client.deliver("jobs", "bad", "2", Map.of(PubSubHeaders.MESSAGE_ID, "j-2"));
		await().until(() -> recoveries.recovered.size() == 2);
		assertThat(recoveries.recovered).containsExactly("j-1 after 3", "j-2 after 1");
		assertThat(handled).containsExactly("j-1", "j-2");
		assertThat(observed).containsExactly("jobs:j-1", "jobs:j-2");
		assertThat(this.listener.calls).containsExactly("j-1", "j-1", "j-1", "j-2");
	}

	@Test
	void theEndpointsRetryPolicyAndRecovererWinOverTheFactorys() {
		Recoveries factoryRecoveries = new Recoveries();
		Recoveries endpointRecoveries = new Recoveries();
		PubSubListenerContainerFactory factory = new PubSubListenerContainerFactory();
		factory.setBackOff(new FixedBackOff(0, 5));
		factory.setRecoverer(factoryRecoveries);
		PubSubListenerEndpoint endpoint = endpoint(null, null, null).withInvocation(
				RetryPolicy.builder().backOff(new FixedBackOff(0, 1)).build(), endpointRecoveries, null);
		start(factory.createContainer(endpoint, this.client, this.registrarMethodFactory, this.errorHandler));
		this.client.deliver("jobs", "fail", "1", Map.of(PubSubHeaders.MESSAGE_ID, "j-3"));
		await().until(() -> endpointRecoveries.recovered.size() == 1);
		assertThat(endpointRecoveries.recovered).containsExactly("j-3 after 2");
		assertThat(factoryRecoveries.recovered).isEmpty();
	}

	@Test
	void aRetryPolicySetToNullMeansNoRetry() {
		Recoveries recoveries = new Recoveries();
		PubSubListenerContainerFactory factory = new PubSubListenerContainerFactory();
		factory.setRetryPolicy(RetryPolicy.builder().backOff(new FixedBackOff(0, 5)).build());
		assertThat(factory.getRetryPolicy()).isNotNull();
		factory.setRetryPolicy(null);
		factory.setRecoverer(recoveries);
		start(factory.createContainer(endpoint(null, null, null), this.client, this.registrarMethodFactory,
				this.errorHandler));
		this.client.deliver("jobs", "fail", "1", Map.of(PubSubHeaders.MESSAGE_ID, "j-4"));
		await().until(() -> recoveries.recovered.size() == 1);
		assertThat(recoveries.recovered).containsExactly("j-4 after 1");
	}

	@Test
	void theErrorHandlerSetOnTheFactoryIsItsDefault() {
		PubSubListenerErrorHandler own = (message, failure) -> "fallback";
		PubSubListenerContainerFactory factory = new PubSubListenerContainerFactory();
		factory.setErrorHandler(own);
		assertThat(factory.getErrorHandler()).isSameAs(own);
	}

	private PubSubListenerContainer create(PubSubListenerContainerFactory factory, PubSubListenerEndpoint endpoint) {
		return factory.createContainer(endpoint, this.client, this.registrarMethodFactory, this.errorHandler);
	}

	private PubSubListenerContainer start(PubSubListenerContainer container) {
		this.containers.add(container);
		container.start();
		return container;
	}

	private PubSubListenerEndpoint endpoint(@Nullable Integer concurrency, @Nullable Boolean autoStartup,
			@Nullable Boolean remoteSubscribe) {
		Method method;
		try {
			method = Listener.class.getDeclaredMethod("onJob", PubSubMessage.class);
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(ex);
		}
		return new PubSubListenerEndpoint("jobs", List.of("jobs.*"), "gateway", this.listener, "listener", method,
				concurrency, autoStartup, null, remoteSubscribe);
	}

	static class Listener {

		final List<String> calls = new CopyOnWriteArrayList<>();

		void onJob(PubSubMessage message) {
			this.calls.add(String.valueOf(message.headers().get(PubSubHeaders.MESSAGE_ID)));
			if ("bad".equals(message.messageType())) {
				throw new IllegalArgumentException("never retried");
			}
			throw new IllegalStateException("retried");
		}

	}

	static class Recoveries implements PubSubRecoverer {

		final List<String> recovered = new CopyOnWriteArrayList<>();

		@Override
		public void recover(PubSubMessage message, PubSubListenerExecutionFailedException failure, int attempts) {
			this.recovered.add(message.headers().get(PubSubHeaders.MESSAGE_ID) + " after " + attempts);
		}

	}

}
