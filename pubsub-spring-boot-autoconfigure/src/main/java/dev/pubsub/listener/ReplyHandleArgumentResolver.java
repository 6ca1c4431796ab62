package dev.pubsub.listener;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.messaging.handler.invocation.MethodArgumentResolutionException;

import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.ReplyHandle;

/**
 * Resolves {@link ReplyHandle} parameters of listener methods. A message that cannot be replied
 * to (for example a Realtime delivery without the sender's connection id) fails the invocation.
 */
final class ReplyHandleArgumentResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return ReplyHandle.class.isAssignableFrom(parameter.getParameterType());
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, Message<?> message) {
		PubSubMessage raw = PubSubListenerMessages.rawMessage(message);
		return raw.replyHandle()
			.orElseThrow(() -> new MethodArgumentResolutionException(message, parameter,
					"message on '" + raw.routingKey() + "' cannot be replied to"));
	}

}
