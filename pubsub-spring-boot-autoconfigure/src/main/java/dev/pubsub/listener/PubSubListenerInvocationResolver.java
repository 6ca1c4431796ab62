package dev.pubsub.listener;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.util.StringUtils;
import org.springframework.util.backoff.BackOff;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.listener.retry.PubSubRecoverer;

/**
 * Resolves, when a listener is registered, what decides its invocation beyond the method itself:
 * its own retry policy and recoverer ({@link PubSubListener#retryPolicy()},
 * {@link PubSubListener#recoverer()}) and its {@link SendTo @SendTo} destination. Every problem
 * fails startup with a message naming the method.
 */
final class PubSubListenerInvocationResolver {

	private final ListableBeanFactory beanFactory;

	private final Function<String, @Nullable Object> expressionResolver;

	/**
	 * Create a resolver.
	 * @param beanFactory the bean factory, for beans and clients by name
	 * @param expressionResolver resolves placeholders and {@code #{...}} in attribute values
	 */
	PubSubListenerInvocationResolver(ListableBeanFactory beanFactory,
			Function<String, @Nullable Object> expressionResolver) {
		this.beanFactory = beanFactory;
		this.expressionResolver = expressionResolver;
	}

	/**
	 * Return the endpoint with its retry policy, recoverer and forwarding resolved.
	 * @param endpoint the endpoint
	 * @param annotation its annotation
	 * @param client the listener's client
	 * @return the resolved endpoint
	 */
	PubSubListenerEndpoint resolve(PubSubListenerEndpoint endpoint, PubSubListener annotation, PubSubClient client) {
		String description = endpoint.methodDescription();
		RetryPolicy retryPolicy = retryPolicy(resolve(annotation.retryPolicy(), "retryPolicy", description),
				description);
		String recovererName = resolve(annotation.recoverer(), "recoverer", description);
		PubSubRecoverer recoverer = (recovererName != null)
				? bean(recovererName, PubSubRecoverer.class, "recoverer", description) : null;
		PubSubForwarding sendTo = sendTo(endpoint.method(), description, client);
		return endpoint.withInvocation(retryPolicy, recoverer, sendTo);
	}

	private @Nullable RetryPolicy retryPolicy(@Nullable String name, String description) {
		if (name == null) {
			return null;
		}
		if (this.beanFactory.containsBean(name)) {
			Object bean = this.beanFactory.getBean(name);
			if (bean instanceof RetryPolicy policy) {
				return policy;
			}
			if (bean instanceof BackOff backOff) {
				return RetryPolicy.builder().backOff(backOff).build();
			}
		}
		throw new IllegalStateException("@PubSubListener method " + description + " names retryPolicy '" + name
				+ "', but there is no RetryPolicy or BackOff bean of that name");
	}

	private <T> T bean(String name, Class<T> type, String attribute, String description) {
		if (!this.beanFactory.containsBean(name) || !this.beanFactory.isTypeMatch(name, type)) {
			throw new IllegalStateException("@PubSubListener method " + description + " names " + attribute + " '"
					+ name + "', but there is no " + type.getSimpleName() + " bean of that name");
		}
		return this.beanFactory.getBean(name, type);
	}

	private @Nullable PubSubForwarding sendTo(Method method, String description, PubSubClient client) {
		SendTo sendTo = AnnotatedElementUtils.findMergedAnnotation(method, SendTo.class);
		if (sendTo == null) {
			sendTo = AnnotatedElementUtils.findMergedAnnotation(method.getDeclaringClass(), SendTo.class);
		}
		if (sendTo == null) {
			return null;
		}
		if (sendTo.value().length != 1) {
			throw new IllegalStateException("@SendTo on @PubSubListener method " + description
					+ " must name exactly one \"client:destination\", but has " + Arrays.toString(sendTo.value()));
		}
		Object resolved = this.expressionResolver.apply(sendTo.value()[0]);
		if (!(resolved instanceof String value) || !StringUtils.hasText(value)) {
			throw new IllegalStateException("@SendTo on @PubSubListener method " + description
					+ " must resolve to a non-empty \"client:destination\" String, but resolved to " + resolved);
		}
		List<String> clients = Arrays.asList(this.beanFactory.getBeanNamesForType(PubSubClient.class));
		try {
			return PubSubForwarding.parse(value, description, client,
					(name) -> clients.contains(name) ? this.beanFactory.getBean(name, PubSubClient.class) : null);
		}
		catch (IllegalStateException ex) {
			throw new IllegalStateException(ex.getMessage() + "; configured clients: " + clients, ex);
		}
	}

	private @Nullable String resolve(String value, String attribute, String description) {
		Object resolved = this.expressionResolver.apply(value);
		if (resolved == null) {
			return null;
		}
		if (!(resolved instanceof String text)) {
			throw new IllegalStateException("@PubSubListener." + attribute + " of " + description
					+ " must resolve to a bean name, not " + resolved.getClass().getName());
		}
		return StringUtils.hasText(text) ? text.trim() : null;
	}

}
