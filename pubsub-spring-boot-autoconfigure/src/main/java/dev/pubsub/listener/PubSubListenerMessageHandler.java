package dev.pubsub.listener;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.messaging.handler.invocation.MethodArgumentResolutionException;
import org.springframework.messaging.support.GenericMessage;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.PubSubMessageHandler;
import dev.pubsub.core.ReplyHandle;

/**
 * Invokes one listener method for each message: wraps the {@link PubSubMessage} into a Spring
 * {@link Message} (the pub/sub message as payload, its headers plus client, topic, routing key and
 * content type as headers), lets Spring Messaging resolve the arguments, sends a non-null return
 * value as the reply, and hands failures to the error handler.
 */
final class PubSubListenerMessageHandler implements PubSubMessageHandler {

	private static final Log logger = LogFactory.getLog(PubSubListenerMessageHandler.class);

	private final PubSubListenerEndpoint endpoint;

	private final PubSubClient client;

	private final InvocableHandlerMethod handlerMethod;

	private final PubSubListenerErrorHandler errorHandler;

	PubSubListenerMessageHandler(PubSubListenerEndpoint endpoint, PubSubClient client,
			InvocableHandlerMethod handlerMethod, PubSubListenerErrorHandler errorHandler) {
		this.endpoint = endpoint;
		this.client = client;
		this.handlerMethod = handlerMethod;
		this.errorHandler = errorHandler;
	}

	@Override
	public void onMessage(PubSubMessage message) {
		Object result;
		try {
			result = this.handlerMethod.invoke(toMessage(message));
		}
		catch (Exception ex) {
			this.client.metrics().listenerError();
			result = handleError(message, ex);
		}
		if (result != null) {
			handleResult(message, result);
		}
	}

	private @Nullable Object handleError(PubSubMessage message, Exception ex) {
		boolean conversion = ex instanceof MethodArgumentResolutionException
				|| ex instanceof MessageConversionException;
		PubSubListenerExecutionFailedException failure = new PubSubListenerExecutionFailedException(
				this.endpoint.id(), message.clientName(), message.routingKey(), this.endpoint.methodDescription(),
				conversion, ex);
		try {
			return this.errorHandler.handleError(message, failure);
		}
		catch (RuntimeException handlerFailure) {
			logger.error("Error handler of listener '" + this.endpoint.id() + "' failed", handlerFailure);
			return null;
		}
	}

	private void handleResult(PubSubMessage message, Object result) {
		if (result instanceof CompletionStage<?> stage) {
			stage.whenComplete((value, ex) -> {
				if (ex != null) {
					this.client.metrics().listenerError();
					Object fallback = handleError(message, (ex instanceof Exception e) ? e : new RuntimeException(ex));
					if (fallback != null) {
						sendReply(message, fallback);
					}
				}
				else if (value != null) {
					sendReply(message, value);
				}
			});
			return;
		}
		sendReply(message, result);
	}

	private void sendReply(PubSubMessage message, Object value) {
		ReplyHandle replyHandle = message.replyHandle().orElse(null);
		if (replyHandle == null) {
			logger.warn("Listener '" + this.endpoint.id() + "' returned a value for routing key '"
					+ message.routingKey() + "' but the message cannot be replied to; the value is discarded");
			return;
		}
		try {
			replyHandle.reply(value).whenComplete((receipt, ex) -> {
				if (ex != null) {
					logger.warn("Reply of listener '" + this.endpoint.id() + "' for routing key '"
							+ message.routingKey() + "' failed: " + ex);
				}
			});
		}
		catch (RuntimeException ex) {
			logger.warn("Reply of listener '" + this.endpoint.id() + "' for routing key '" + message.routingKey()
					+ "' failed: " + ex);
		}
	}

	private static Message<PubSubMessage> toMessage(PubSubMessage message) {
		Map<String, Object> source = message.headers().asMap();
		Map<String, Object> headers = new HashMap<>(source.size() + 8);
		headers.putAll(source);
		headers.put(PubSubHeaders.CLIENT, message.clientName());
		headers.put(PubSubHeaders.TOPIC, message.topic());
		headers.put(PubSubHeaders.ROUTING_KEY, message.routingKey());
		if (message.messageType() != null) {
			headers.putIfAbsent(PubSubHeaders.MESSAGE_TYPE, message.messageType());
		}
		headers.put(MessageHeaders.CONTENT_TYPE, message.contentType());
		return new GenericMessage<>(message, new PubSubMessageHeaders(headers));
	}

}
