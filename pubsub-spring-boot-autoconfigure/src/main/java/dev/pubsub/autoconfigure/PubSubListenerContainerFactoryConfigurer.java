package dev.pubsub.autoconfigure;

import org.jspecify.annotations.Nullable;

import dev.pubsub.listener.PubSubListenerContainerFactory;
import dev.pubsub.listener.PubSubListenerErrorHandler;

/**
 * Configures a {@link PubSubListenerContainerFactory} with Spring Boot's defaults: the
 * {@code pubsub.listener.*} properties and the context's only {@link PubSubListenerErrorHandler}
 * bean, if any. The auto-configured factory uses it; so can a factory of your own, like
 * {@code ConcurrentKafkaListenerContainerFactoryConfigurer} for spring-kafka:
 *
 * <pre class="code">
 * &#64;Bean
 * PubSubListenerContainerFactory bulkFactory(PubSubListenerContainerFactoryConfigurer configurer) {
 *     PubSubListenerContainerFactory factory = new PubSubListenerContainerFactory();
 *     configurer.configure(factory);
 *     factory.setConcurrency(8);
 *     return factory;
 * }
 * </pre>
 */
public class PubSubListenerContainerFactoryConfigurer {

	private final PubSubListenerProperties properties;

	private final @Nullable PubSubListenerErrorHandler errorHandler;

	private final @Nullable PubSubListenerRecoveryConfigurer recoveryConfigurer;

	/**
	 * Create a configurer that applies no retry or dead-letter settings.
	 * @param properties the {@code pubsub.listener.*} properties
	 * @param errorHandler the error handler to set, or {@code null} to keep the factory's
	 */
	public PubSubListenerContainerFactoryConfigurer(PubSubListenerProperties properties,
			@Nullable PubSubListenerErrorHandler errorHandler) {
		this(properties, errorHandler, null);
	}

	/**
	 * Create a configurer.
	 * @param properties the {@code pubsub.listener.*} properties
	 * @param errorHandler the error handler to set, or {@code null} to keep the factory's
	 * @param recoveryConfigurer applies {@code pubsub.listener.retry.*}, {@code dead-letter.*} and the
	 * context's recoverer, or {@code null} to keep the factory's
	 */
	public PubSubListenerContainerFactoryConfigurer(PubSubListenerProperties properties,
			@Nullable PubSubListenerErrorHandler errorHandler,
			@Nullable PubSubListenerRecoveryConfigurer recoveryConfigurer) {
		this.properties = properties;
		this.errorHandler = errorHandler;
		this.recoveryConfigurer = recoveryConfigurer;
	}

	/**
	 * Apply the {@code pubsub.listener.*} properties (retry and dead-letter included), the error
	 * handler and the recoverer to the factory.
	 * @param factory the factory to configure
	 */
	public void configure(PubSubListenerContainerFactory factory) {
		factory.setConcurrency(this.properties.getConcurrency());
		factory.setQueueCapacity(this.properties.getQueueCapacity());
		factory.setOverflowPolicy(this.properties.getOverflowPolicy());
		factory.setAutoStartup(this.properties.isAutoStartup());
		factory.setShutdownTimeout(this.properties.getShutdownTimeout());
		if (this.errorHandler != null) {
			factory.setErrorHandler(this.errorHandler);
		}
		if (this.recoveryConfigurer != null) {
			this.recoveryConfigurer.configure(factory);
		}
	}

}
