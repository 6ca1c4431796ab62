package dev.pubsub.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.core.retry.RetryPolicy;

import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOff;

import dev.pubsub.core.OverflowPolicy;
import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.SubscribeOptions;
import dev.pubsub.listener.retry.LoggingPubSubRecoverer;
import dev.pubsub.listener.retry.PubSubRecoverer;

/**
 * Creates {@link PubSubListenerContainer}s with shared defaults: concurrency, queue capacity,
 * overflow policy, shutdown timeout, auto-startup, the error handler, the retry policy, the
 * recoverer and, optionally, the method factory. Spring Boot's auto-configuration defines one from
 * {@code pubsub.listener.*}; a factory of your own gets the same properties through Boot's
 * {@code PubSubListenerContainerFactoryConfigurer}, and {@link PubSubListener#containerFactory()}
 * picks a factory per listener.
 */
public class PubSubListenerContainerFactory {

	private final @Nullable MessageHandlerMethodFactory messageHandlerMethodFactory;

	private int concurrency = 1;

	private int queueCapacity = 10_000;

	private OverflowPolicy overflowPolicy = OverflowPolicy.BLOCK;

	private boolean autoStartup = true;

	private Duration shutdownTimeout = SubscribeOptions.DEFAULT_SHUTDOWN_TIMEOUT;

	private PubSubListenerErrorHandler errorHandler = new LoggingPubSubListenerErrorHandler();

	private @Nullable RetryPolicy retryPolicy;

	private final List<Class<? extends Throwable>> notRetryableExceptions = new ArrayList<>();

	private PubSubRecoverer recoverer = new LoggingPubSubRecoverer();

	private PubSubListenerObserver observer = PubSubListenerObserver.NONE;


	/**
	 * Create a factory whose listeners use the method factory of the
	 * {@link PubSubListenerEndpointRegistrar} (a {@link PubSubMessageHandlerMethodFactory} with the
	 * context's validator unless a {@link PubSubListenerConfigurer} set another).
	 */
	public PubSubListenerContainerFactory() {
		this.messageHandlerMethodFactory = null;
	}

	/**
	 * Create a factory whose listeners use the given method factory, whatever the
	 * {@link PubSubListenerEndpointRegistrar} has.
	 * @param messageHandlerMethodFactory the method factory
	 */
	public PubSubListenerContainerFactory(MessageHandlerMethodFactory messageHandlerMethodFactory) {
		Assert.notNull(messageHandlerMethodFactory, "messageHandlerMethodFactory must not be null");
		this.messageHandlerMethodFactory = messageHandlerMethodFactory;
	}

	public void setConcurrency(int concurrency) {
		Assert.isTrue(concurrency >= 1, "concurrency must be at least 1");
		this.concurrency = concurrency;
	}

	public void setQueueCapacity(int queueCapacity) {
		Assert.isTrue(queueCapacity >= 1, "queueCapacity must be at least 1");
		this.queueCapacity = queueCapacity;
	}

	public void setOverflowPolicy(OverflowPolicy overflowPolicy) {
		this.overflowPolicy = overflowPolicy;
	}

	/**
	 * Set how long a stopping container keeps delivering the messages queued for its method before
	 * it discards (and counts and logs) the rest.
	 * @param shutdownTimeout the timeout, not negative
	 */
	public void setShutdownTimeout(Duration shutdownTimeout) {
		Assert.isTrue(shutdownTimeout != null && !shutdownTimeout.isNegative(), "shutdownTimeout must not be negative");
		this.shutdownTimeout = shutdownTimeout;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	/**
	 * Set what wraps each delivery to the listeners of this factory (Micrometer observations when
	 * {@code pubsub.observation.enabled}); default {@link PubSubListenerObserver#NONE}.
	 * @param observer the observer
	 */
	public void setObserver(PubSubListenerObserver observer) {
		Assert.notNull(observer, "observer must not be null");
		this.observer = observer;
	}

	/**
	 * Return what wraps each delivery to the listeners of this factory.
	 * @return the observer
	 */
	public PubSubListenerObserver getObserver() {
		return this.observer;
	}

	public void setAutoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	public void setErrorHandler(PubSubListenerErrorHandler errorHandler) {
		this.errorHandler = errorHandler;
	}

	/**
	 * Return the method factory this factory was created with.
	 * @return the method factory, or {@code null} when the registrar's is used
	 */
	public @Nullable MessageHandlerMethodFactory getMessageHandlerMethodFactory() {
		return this.messageHandlerMethodFactory;
	}

	/**
	 * Return the default concurrency.
	 * @return the number of threads per listener
	 */
	public int getConcurrency() {
		return this.concurrency;
	}

	/**
	 * Return the queue capacity per listener thread.
	 * @return the capacity
	 */
	public int getQueueCapacity() {
		return this.queueCapacity;
	}

	/**
	 * Return the overflow policy.
	 * @return the policy
	 */
	public OverflowPolicy getOverflowPolicy() {
		return this.overflowPolicy;
	}

	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	/**
	 * Create a container binding the endpoint to the client, with this factory's method factory.
	 * @param endpoint the endpoint
	 * @param client the client
	 * @param errorHandler the error handler
	 * @return the container
	 * @throws IllegalStateException if this factory was created without a method factory
	 */
	public PubSubListenerContainer createContainer(PubSubListenerEndpoint endpoint, PubSubClient client,
			PubSubListenerErrorHandler errorHandler) {
		Assert.state(this.messageHandlerMethodFactory != null,
				"This container factory has no MessageHandlerMethodFactory; pass the registrar's");
		return createContainer(endpoint, client, this.messageHandlerMethodFactory, errorHandler);
	}

	/**
	 * Create a container binding the endpoint to the client.
	 * @param endpoint the endpoint
	 * @param client the client
	 * @param defaultMethodFactory the method factory to use unless this factory was created with one
	 * @param errorHandler the error handler
	 * @return the container
	 */
	public PubSubListenerContainer createContainer(PubSubListenerEndpoint endpoint, PubSubClient client,
			MessageHandlerMethodFactory defaultMethodFactory, PubSubListenerErrorHandler errorHandler) {
		MessageHandlerMethodFactory methodFactory = (this.messageHandlerMethodFactory != null)
				? this.messageHandlerMethodFactory : defaultMethodFactory;
		int threads = (endpoint.concurrency() != null) ? endpoint.concurrency() : this.concurrency;
		boolean remote = (endpoint.remoteSubscribe() != null) ? endpoint.remoteSubscribe() : true;
		SubscribeOptions options = new SubscribeOptions(threads, this.queueCapacity, this.overflowPolicy, remote,
				Map.of(), this.shutdownTimeout);
		PubSubListenerMessageHandler handler = new PubSubListenerMessageHandler(endpoint, client,
				methodFactory.createInvocableHandlerMethod(endpoint.bean(), endpoint.method()),
				errorHandler, createRetry(endpoint), (endpoint.recoverer() != null) ? endpoint.recoverer() : this.recoverer,
				this.observer);
		boolean start = (endpoint.autoStartup() != null) ? endpoint.autoStartup() : this.autoStartup;
		return new PubSubListenerContainer(endpoint, client, handler, options, start);
	}

	private PubSubListenerRetry createRetry(PubSubListenerEndpoint endpoint) {
		RetryPolicy policy = (endpoint.retryPolicy() != null) ? endpoint.retryPolicy() : this.retryPolicy;
		return new PubSubListenerRetry(policy, this.notRetryableExceptions);
	}

	/**
	 * Set the retry policy of the listeners (Spring Framework's {@link RetryPolicy}: which failures
	 * to retry and the {@link BackOff} between attempts). Default: none, a failed invocation is not
	 * retried. Retries run on the listener's thread, so a retrying message holds its lane.
	 * @param retryPolicy the policy, or {@code null} for no retry
	 */
	public void setRetryPolicy(@Nullable RetryPolicy retryPolicy) {
		this.retryPolicy = retryPolicy;
	}

	/**
	 * Retry every retryable failure with this back-off ({@code FixedBackOff},
	 * {@code ExponentialBackOff}); its own maximum of attempts ends the retries.
	 * @param backOff the back-off
	 */
	public void setBackOff(BackOff backOff) {
		this.retryPolicy = RetryPolicy.builder().backOff(backOff).build();
	}

	/**
	 * Return the retry policy.
	 * @return the policy, or {@code null} when listeners are not retried
	 */
	public @Nullable RetryPolicy getRetryPolicy() {
		return this.retryPolicy;
	}

	/**
	 * Never retry these exception types (matched anywhere in the cause chain), like spring-kafka's
	 * {@code addNotRetryableExceptions}; they go straight to the error handler and the recoverer.
	 * Conversion and validation failures are never retried anyway.
	 * @param types the exception types
	 */
	@SafeVarargs
	public final void addNotRetryableExceptions(Class<? extends Throwable>... types) {
		this.notRetryableExceptions.addAll(Arrays.asList(types));
	}

	/**
	 * Set the recoverer called when a listener failed for good and its error handler returned no
	 * reply value. Default: a {@link LoggingPubSubRecoverer}.
	 * @param recoverer the recoverer
	 */
	public void setRecoverer(PubSubRecoverer recoverer) {
		Assert.notNull(recoverer, "recoverer must not be null");
		this.recoverer = recoverer;
	}

	/**
	 * Return the default recoverer.
	 * @return the recoverer
	 */
	public PubSubRecoverer getRecoverer() {
		return this.recoverer;
	}

	/**
	 * Return the default error handler.
	 * @return the error handler
	 */
	public PubSubListenerErrorHandler getErrorHandler() {
		return this.errorHandler;
	}

}
