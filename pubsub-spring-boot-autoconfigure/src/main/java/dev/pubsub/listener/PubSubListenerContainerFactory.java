package dev.pubsub.listener;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.util.Assert;

import dev.pubsub.core.OverflowPolicy;
import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.SubscribeOptions;

/**
 * Creates {@link PubSubListenerContainer}s with shared defaults: concurrency, queue capacity,
 * overflow policy, shutdown timeout, auto-startup, the error handler and, optionally, the method factory.
 * Spring Boot's auto-configuration defines one from {@code pubsub.listener.*}; a factory of your own
 * gets the same properties through Boot's {@code PubSubListenerContainerFactoryConfigurer}, and
 * {@link PubSubListener#containerFactory()} picks a factory per listener.
 */
public class PubSubListenerContainerFactory {

	private final @Nullable MessageHandlerMethodFactory messageHandlerMethodFactory;

	private int concurrency = 1;

	private int queueCapacity = 10_000;

	private OverflowPolicy overflowPolicy = OverflowPolicy.DROP_NEWEST;

	private boolean autoStartup = true;

	private Duration shutdownTimeout = SubscribeOptions.DEFAULT_SHUTDOWN_TIMEOUT;

	private PubSubListenerErrorHandler errorHandler = new LoggingPubSubListenerErrorHandler();

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
				errorHandler);
		boolean start = (endpoint.autoStartup() != null) ? endpoint.autoStartup() : this.autoStartup;
		return new PubSubListenerContainer(endpoint, client, handler, options, start);
	}

	/**
	 * Return the default error handler.
	 * @return the error handler
	 */
	public PubSubListenerErrorHandler getErrorHandler() {
		return this.errorHandler;
	}

}
