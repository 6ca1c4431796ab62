package dev.pubsub.listener;

import java.time.Duration;
import java.util.Map;

import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.util.Assert;

import dev.pubsub.core.OverflowPolicy;
import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.SubscribeOptions;

/**
 * Creates {@link PubSubListenerContainer}s with shared defaults: concurrency, queue capacity,
 * overflow policy, shutdown timeout, auto-startup, the error handler and the method factory. Spring Boot's
 * auto-configuration defines one from {@code pubsub.listener.*}.
 */
public class PubSubListenerContainerFactory {

	private final MessageHandlerMethodFactory messageHandlerMethodFactory;

	private int concurrency = 1;

	private int queueCapacity = 10_000;

	private OverflowPolicy overflowPolicy = OverflowPolicy.BLOCK;

	private boolean autoStartup = true;

	private Duration shutdownTimeout = SubscribeOptions.DEFAULT_SHUTDOWN_TIMEOUT;

	private PubSubListenerErrorHandler errorHandler = new LoggingPubSubListenerErrorHandler();

	public PubSubListenerContainerFactory(MessageHandlerMethodFactory messageHandlerMethodFactory) {
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

	public MessageHandlerMethodFactory getMessageHandlerMethodFactory() {
		return this.messageHandlerMethodFactory;
	}

	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	/**
	 * Create a container binding the endpoint to the client.
	 * @param endpoint the endpoint
	 * @param client the client
	 * @param errorHandler the endpoint's own error handler, or {@code null} for the default
	 * @return the container
	 */
	public PubSubListenerContainer createContainer(PubSubListenerEndpoint endpoint, PubSubClient client,
			PubSubListenerErrorHandler errorHandler) {
		int threads = (endpoint.concurrency() != null) ? endpoint.concurrency() : this.concurrency;
		boolean remote = (endpoint.remoteSubscribe() != null) ? endpoint.remoteSubscribe() : true;
		SubscribeOptions options = new SubscribeOptions(threads, this.queueCapacity, this.overflowPolicy, remote,
				Map.of(), this.shutdownTimeout);
		PubSubListenerMessageHandler handler = new PubSubListenerMessageHandler(endpoint, client,
				this.messageHandlerMethodFactory.createInvocableHandlerMethod(endpoint.bean(), endpoint.method()),
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
