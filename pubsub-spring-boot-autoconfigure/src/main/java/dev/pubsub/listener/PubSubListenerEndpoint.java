package dev.pubsub.listener;

import java.lang.reflect.Method;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.core.retry.RetryPolicy;

import dev.pubsub.listener.retry.PubSubRecoverer;

/**
 * A resolved {@link PubSubListener}: one annotated method on one bean, with its attributes after
 * placeholder and SpEL resolution. {@code null} attributes fall back to the container factory's
 * defaults.
 *
 * @param id the unique container id
 * @param patterns the routing-key patterns
 * @param clientName the client name, or {@code null} for "the only client"
 * @param bean the bean (possibly a proxy)
 * @param beanName the bean name
 * @param method the method to invoke on the bean
 * @param concurrency the concurrency, or {@code null}
 * @param autoStartup the auto-startup flag, or {@code null}
 * @param errorHandlerBeanName the error handler bean, or {@code null}
 * @param remoteSubscribe the remote-subscribe flag, or {@code null}
 * @param containerFactoryBeanName the bean name of the container factory, or {@code null} for the
 * default one
 * @param retryPolicy the listener's own retry policy ({@link PubSubListener#retryPolicy()}), or
 * {@code null} for the container factory's
 * @param recoverer the listener's own recoverer ({@link PubSubListener#recoverer()}), or {@code null}
 * for the container factory's
 * @param sendTo where return values are published ({@code @SendTo}), or {@code null} to reply
 */
public record PubSubListenerEndpoint(String id, List<String> patterns, @Nullable String clientName, Object bean,
		String beanName, Method method, @Nullable Integer concurrency, @Nullable Boolean autoStartup,
		@Nullable String errorHandlerBeanName, @Nullable Boolean remoteSubscribe,
		@Nullable String containerFactoryBeanName, @Nullable RetryPolicy retryPolicy,
		@Nullable PubSubRecoverer recoverer, @Nullable PubSubForwarding sendTo) {

	public PubSubListenerEndpoint {
		patterns = List.copyOf(patterns);
	}

	/**
	 * Create an endpoint with the container factory's retry policy and recoverer, replying with
	 * return values.
	 * @param id the unique container id
	 * @param patterns the routing-key patterns
	 * @param clientName the client name, or {@code null} for "the only client"
	 * @param bean the bean (possibly a proxy)
	 * @param beanName the bean name
	 * @param method the method to invoke on the bean
	 * @param concurrency the concurrency, or {@code null}
	 * @param autoStartup the auto-startup flag, or {@code null}
	 * @param errorHandlerBeanName the error handler bean, or {@code null}
	 * @param remoteSubscribe the remote-subscribe flag, or {@code null}
	 */
	public PubSubListenerEndpoint(String id, List<String> patterns, @Nullable String clientName, Object bean,
			String beanName, Method method, @Nullable Integer concurrency, @Nullable Boolean autoStartup,
			@Nullable String errorHandlerBeanName, @Nullable Boolean remoteSubscribe) {
		this(id, patterns, clientName, bean, beanName, method, concurrency, autoStartup, errorHandlerBeanName,
				remoteSubscribe, null, null, null, null);
	}

	/**
	 * Create an endpoint on a named container factory, with that factory's retry policy and
	 * recoverer, replying with return values.
	 * @param id the unique container id
	 * @param patterns the routing-key patterns
	 * @param clientName the client name, or {@code null} for "the only client"
	 * @param bean the bean (possibly a proxy)
	 * @param beanName the bean name
	 * @param method the method to invoke on the bean
	 * @param concurrency the concurrency, or {@code null}
	 * @param autoStartup the auto-startup flag, or {@code null}
	 * @param errorHandlerBeanName the error handler bean, or {@code null}
	 * @param remoteSubscribe the remote-subscribe flag, or {@code null}
	 * @param containerFactoryBeanName the container factory bean, or {@code null} for the default one
	 */
	public PubSubListenerEndpoint(String id, List<String> patterns, @Nullable String clientName, Object bean,
			String beanName, Method method, @Nullable Integer concurrency, @Nullable Boolean autoStartup,
			@Nullable String errorHandlerBeanName, @Nullable Boolean remoteSubscribe,
			@Nullable String containerFactoryBeanName) {
		this(id, patterns, clientName, bean, beanName, method, concurrency, autoStartup, errorHandlerBeanName,
				remoteSubscribe, containerFactoryBeanName, null, null, null);
	}

	/**
	 * Return a copy with the given retry policy, recoverer and forwarding.
	 * @param retryPolicy the retry policy, or {@code null} for the container factory's
	 * @param recoverer the recoverer, or {@code null} for the container factory's
	 * @param sendTo the forwarding, or {@code null} to reply
	 * @return the copy
	 */
	public PubSubListenerEndpoint withInvocation(@Nullable RetryPolicy retryPolicy, @Nullable PubSubRecoverer recoverer,
			@Nullable PubSubForwarding sendTo) {
		return new PubSubListenerEndpoint(this.id, this.patterns, this.clientName, this.bean, this.beanName,
				this.method, this.concurrency, this.autoStartup, this.errorHandlerBeanName, this.remoteSubscribe,
				this.containerFactoryBeanName, retryPolicy, recoverer, sendTo);
	}

	/**
	 * Describe the method for error messages: {@code declaringClass.method(ParamType, ...)}.
	 * @return the description
	 */
	public String methodDescription() {
		return describe(this.method);
	}

	static String describe(Method method) {
		StringBuilder builder = new StringBuilder(method.getDeclaringClass().getName()).append('.')
			.append(method.getName())
			.append('(');
		Class<?>[] types = method.getParameterTypes();
		for (int i = 0; i < types.length; i++) {
			builder.append((i > 0) ? ", " : "").append(types[i].getSimpleName());
		}
		return builder.append(')').toString();
	}

}
