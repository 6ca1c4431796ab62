package dev.pubsub.autoconfigure;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.listener.PubSubListenerContainerFactory;
import dev.pubsub.listener.retry.DeadLetterPublishingRecoverer;
import dev.pubsub.listener.retry.PubSubRecoverer;

/**
 * Applies {@code pubsub.listener.retry.*} and {@code pubsub.listener.dead-letter.*} to a
 * {@link PubSubListenerContainerFactory}: the retry policy (Spring Framework's {@link RetryPolicy}
 * with an exponential back-off), the not-retryable exception types, and the recoverer: the
 * context's only {@link PubSubRecoverer} bean if there is one, else a
 * {@link DeadLetterPublishingRecoverer} when {@code pubsub.listener.dead-letter.client} is set, else
 * the factory's default (log and count). Invalid settings fail startup with a message naming the
 * property.
 */
public class PubSubListenerRecoveryConfigurer {

	private final PubSubListenerProperties properties;

	private final @Nullable PubSubRecoverer recoverer;

	private final ListableBeanFactory beanFactory;

	/**
	 * Create a configurer.
	 * @param properties the {@code pubsub.listener.*} properties
	 * @param recoverer the context's only recoverer bean, or {@code null}
	 * @param beanFactory the bean factory, to find the dead-letter client
	 */
	public PubSubListenerRecoveryConfigurer(PubSubListenerProperties properties, @Nullable PubSubRecoverer recoverer,
			ListableBeanFactory beanFactory) {
		this.properties = properties;
		this.recoverer = recoverer;
		this.beanFactory = beanFactory;
	}

	/**
	 * Apply the retry and dead-letter settings to the factory.
	 * @param factory the factory
	 */
	public void configure(PubSubListenerContainerFactory factory) {
		factory.setRetryPolicy(retryPolicy(this.properties.getRetry()));
		for (String name : this.properties.getRetry().getNotRetryable()) {
			factory.addNotRetryableExceptions(exceptionType(name));
		}
		if (this.recoverer != null) {
			factory.setRecoverer(this.recoverer);
		}
		else if (StringUtils.hasText(this.properties.getDeadLetter().getClient())) {
			factory.setRecoverer(deadLetterRecoverer(this.properties.getDeadLetter()));
		}
	}

	/**
	 * Build the retry policy the properties describe.
	 * @param retry the properties
	 * @return the policy, or {@code null} when {@code max-attempts} is 1
	 */
	static @Nullable RetryPolicy retryPolicy(PubSubListenerRetryProperties retry) {
		if (retry.getMaxAttempts() < 1) {
			throw new IllegalStateException(
					"pubsub.listener.retry.max-attempts must be at least 1, but is " + retry.getMaxAttempts());
		}
		if (retry.getMaxAttempts() == 1) {
			return null;
		}
		requirePositive(retry.getInitialInterval(), "initial-interval");
		requirePositive(retry.getMaxInterval(), "max-interval");
		if (retry.getMultiplier() < 1) {
			throw new IllegalStateException(
					"pubsub.listener.retry.multiplier must be at least 1, but is " + retry.getMultiplier());
		}
		return RetryPolicy.builder()
			.maxRetries(retry.getMaxAttempts() - 1L)
			.delay(retry.getInitialInterval())
			.multiplier(retry.getMultiplier())
			.maxDelay(retry.getMaxInterval())
			.build();
	}

	private static void requirePositive(Duration duration, String property) {
		if (duration == null || duration.isNegative() || duration.isZero()) {
			throw new IllegalStateException("pubsub.listener.retry." + property + " must be positive, but is " + duration);
		}
	}

	@SuppressWarnings("unchecked")
	private Class<? extends Throwable> exceptionType(String name) {
		Class<?> type;
		try {
			type = ClassUtils.forName(name.trim(), this.beanFactory.getClass().getClassLoader());
		}
		catch (ClassNotFoundException | LinkageError ex) {
			throw new IllegalStateException("pubsub.listener.retry.not-retryable names '" + name
					+ "', which is not a class on the classpath", ex);
		}
		if (!Throwable.class.isAssignableFrom(type)) {
			throw new IllegalStateException("pubsub.listener.retry.not-retryable names '" + name
					+ "', which is not an exception type");
		}
		return (Class<? extends Throwable>) type;
	}

	private DeadLetterPublishingRecoverer deadLetterRecoverer(PubSubDeadLetterProperties deadLetter) {
		String clientName = deadLetter.getClient().trim();
		List<String> clients = List.of(this.beanFactory.getBeanNamesForType(PubSubClient.class, true, false));
		if (!clients.contains(clientName)) {
			throw new IllegalStateException("pubsub.listener.dead-letter.client names '" + clientName
					+ "', which is not a configured client; configured clients: " + clients);
		}
		String destination = deadLetter.getDestination();
		if (!StringUtils.hasText(destination)) {
			throw new IllegalStateException("pubsub.listener.dead-letter.destination must not be empty");
		}
		DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(
				(message) -> this.beanFactory.getBean(clientName, PubSubClient.class),
				(message, failure) -> destination.replace("{topic}", message.topic()));
		recoverer.setPublishTimeout(deadLetter.getPublishTimeout());
		return recoverer;
	}

}
