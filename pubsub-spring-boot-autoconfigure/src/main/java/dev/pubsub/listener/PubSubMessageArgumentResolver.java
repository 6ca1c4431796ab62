package dev.pubsub.listener;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;

import dev.pubsub.core.PubSubMessage;

/**
 * Resolves {@link PubSubMessage} parameters of listener methods.
 */
final class PubSubMessageArgumentResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return PubSubMessage.class.isAssignableFrom(parameter.getParameterType());
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, Message<?> message) {
		return PubSubListenerMessages.rawMessage(message);
	}

}
