package dev.pubsub.listener;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Headers;
import org.springframework.messaging.handler.annotation.Payload;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.ReplyHandle;

/**
 * Checks a listener method's signature against its client when the listener is registered, so a
 * wrong signature fails at startup with a message naming the method and the parameter, instead of
 * at the first message.
 */
final class PubSubListenerMethodValidator {

	private static final Log logger = LogFactory.getLog(PubSubListenerMethodValidator.class);

	private PubSubListenerMethodValidator() {
	}

	/**
	 * Validate the endpoint's method.
	 * @param endpoint the endpoint
	 * @param client the client it binds to
	 * @throws IllegalStateException describing the problem
	 */
	static void validate(PubSubListenerEndpoint endpoint, PubSubClient client) {
		validate(endpoint, client, (parameter) -> false);
	}

	/**
	 * Validate the endpoint's method, skipping the parameters a custom argument resolver takes.
	 * @param endpoint the endpoint
	 * @param client the client it binds to
	 * @param customResolved whether a custom argument resolver supports a parameter
	 * @throws IllegalStateException describing the problem
	 */
	static void validate(PubSubListenerEndpoint endpoint, PubSubClient client,
			Predicate<MethodParameter> customResolved) {
		Method method = endpoint.method();
		List<String> payloadParameters = new ArrayList<>();
		for (int i = 0; i < method.getParameterCount(); i++) {
			MethodParameter parameter = new MethodParameter(method, i);
			Class<?> type = parameter.getParameterType();
			if (customResolved.test(parameter)) {
				continue;
			}
			if (parameter.hasParameterAnnotation(Headers.class)) {
				if (!Map.class.isAssignableFrom(type)) {
					throw problem(endpoint, "parameter " + i + " is annotated with @Headers but is a "
							+ type.getSimpleName() + "; it must be a Map or MessageHeaders");
				}
				continue;
			}
			if (parameter.hasParameterAnnotation(Header.class) || type == MessageHeaders.class) {
				continue;
			}
			if (ReplyHandle.class.isAssignableFrom(type)) {
				if (!client.supportsReplies()) {
					throw problem(endpoint, "parameter " + i + " is a ReplyHandle but client '" + client.name()
							+ "' (type " + client.type() + ") has no replies");
				}
				continue;
			}
			if (PubSubMessage.class.isAssignableFrom(type) || Message.class.isAssignableFrom(type)) {
				continue;
			}
			if (hasForeignAnnotationOnly(parameter)) {
				throw problem(endpoint, "parameter " + i + " (" + type.getSimpleName()
						+ ") has an annotation the listener cannot resolve; use @Payload, @Header or @Headers");
			}
			payloadParameters.add(i + " (" + type.getSimpleName() + ")");
		}
		if (payloadParameters.size() > 1) {
			throw problem(endpoint, "more than one parameter could receive the payload: " + payloadParameters
					+ "; annotate the payload with @Payload and the others with @Header, or remove them");
		}
		Class<?> returnType = method.getReturnType();
		boolean returnsValue = returnType != void.class && returnType != Void.class;
		if (returnsValue && !client.supportsReplies()) {
			logger.warn("Listener '" + endpoint.id() + "' (" + endpoint.methodDescription() + ") returns "
					+ returnType.getSimpleName() + " but client '" + client.name() + "' (type " + client.type()
					+ ") has no replies; return values will be discarded");
		}
		if (CompletionStage.class.isAssignableFrom(returnType) && !client.supportsReplies()) {
			logger.warn("Listener '" + endpoint.id() + "' returns a CompletionStage that no reply will use");
		}
	}

	private static boolean hasForeignAnnotationOnly(MethodParameter parameter) {
		for (Annotation annotation : parameter.getParameterAnnotations()) {
			if (annotation instanceof Payload) {
				return false;
			}
			String name = annotation.annotationType().getName();
			if (!name.startsWith("org.jspecify") && !name.startsWith("jakarta.validation")
					&& !name.startsWith("org.springframework.validation")
					&& !name.endsWith(".Nullable") && !name.endsWith(".NonNull")) {
				return true;
			}
		}
		return false;
	}

	private static IllegalStateException problem(PubSubListenerEndpoint endpoint, String what) {
		return new IllegalStateException(
				"Invalid @PubSubListener method " + endpoint.methodDescription() + " on bean '" + endpoint.beanName()
						+ "': " + what);
	}

}
