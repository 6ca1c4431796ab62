package dev.pubsub.listener;

import java.lang.reflect.Method;
import java.util.List;

import org.jspecify.annotations.Nullable;

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
 */
public record PubSubListenerEndpoint(String id, List<String> patterns, @Nullable String clientName, Object bean,
		String beanName, Method method, @Nullable Integer concurrency, @Nullable Boolean autoStartup,
		@Nullable String errorHandlerBeanName, @Nullable Boolean remoteSubscribe,
		@Nullable String containerFactoryBeanName) {

	public PubSubListenerEndpoint {
		patterns = List.copyOf(patterns);
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
