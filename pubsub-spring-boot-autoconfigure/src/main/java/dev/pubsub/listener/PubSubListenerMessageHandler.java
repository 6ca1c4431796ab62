package dev.pubsub.listener;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
import dev.pubsub.core.PubSubException;
import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.PubSubMessageHandler;
import dev.pubsub.core.PublishReceipt;
import dev.pubsub.core.ReplyHandle;
import dev.pubsub.core.support.Failures;
import dev.pubsub.core.support.LogSanitizer;
import dev.pubsub.core.support.RateLimitedLog;
import dev.pubsub.listener.retry.PubSubRecoverer;

/**
 * Invokes one listener method for each message: wraps the {@link PubSubMessage} into a Spring
 * {@link Message} (the pub/sub message as payload, its headers plus client, topic, routing key and
 * content type as headers), lets Spring Messaging resolve the arguments, and sends a non-null
 * return value as the reply, or publishes it on the {@code @SendTo} destination when the method has
 * one ({@code @SendTo} wins over a reply).
 * <p>
 * A failed invocation is retried on the listener's thread as the {@link PubSubListenerRetry} decides
 * (back-off from the retry policy; conversion, validation and not-retryable failures never). When it
 * fails for good, the error handler gets it once; unless that returns a value (sent as the reply or
 * forwarded), the {@link PubSubRecoverer} gets the message. A failed forward goes the same way.
 */
final class PubSubListenerMessageHandler implements PubSubMessageHandler {

	private static final Log logger = LogFactory.getLog(PubSubListenerMessageHandler.class);

	private final PubSubListenerEndpoint endpoint;

	private final PubSubClient client;

	private final InvocableHandlerMethod handlerMethod;

	private final PubSubListenerErrorHandler errorHandler;

	private final PubSubListenerRetry retry;

	private final PubSubRecoverer recoverer;

	private final @Nullable PubSubForwarding forwarding;

	private final PubSubListenerObserver observer;

	private final RateLimitedLog recoveryFailures = new RateLimitedLog(logger);

	private final RateLimitedLog discardedReplies = new RateLimitedLog(logger);

	PubSubListenerMessageHandler(PubSubListenerEndpoint endpoint, PubSubClient client,
			InvocableHandlerMethod handlerMethod, PubSubListenerErrorHandler errorHandler, PubSubListenerRetry retry,
			PubSubRecoverer recoverer) {
		this(endpoint, client, handlerMethod, errorHandler, retry, recoverer, PubSubListenerObserver.NONE);
	}

	PubSubListenerMessageHandler(PubSubListenerEndpoint endpoint, PubSubClient client,
			InvocableHandlerMethod handlerMethod, PubSubListenerErrorHandler errorHandler, PubSubListenerRetry retry,
			PubSubRecoverer recoverer, PubSubListenerObserver observer) {
		this.endpoint = endpoint;
		this.client = client;
		this.handlerMethod = handlerMethod;
		this.errorHandler = errorHandler;
		this.retry = retry;
		this.recoverer = recoverer;
		this.forwarding = endpoint.sendTo();
		this.observer = observer;
	}

	/**
	 * Return the retry decisions, so the container can wake back-off waits when it stops.
	 * @return the retry
	 */
	PubSubListenerRetry retry() {
		return this.retry;
	}

	/**
	 * Deliver one message inside one {@link PubSubListenerObserver.Delivery}: the observation
	 * covers every attempt, the error handler and the recoverer (not the completion of an
	 * asynchronous result).
	 */
	@Override
	public void onMessage(PubSubMessage message) {
		try (PubSubListenerObserver.Delivery delivery = this.observer.start(this.endpoint, this.client, message)) {
			deliver(message, delivery);
		}
	}

	private void deliver(PubSubMessage message, PubSubListenerObserver.Delivery delivery) {
		PubSubListenerRetry.Attempts attempts = this.retry.start();
		Message<PubSubMessage> springMessage = toMessage(message);
		while (true) {
			int attempt = attempts.attempted();
			Object result;
			try {
				result = this.handlerMethod.invoke(springMessage);
			}
			catch (Exception ex) {
				this.client.metrics().listenerError();
				long backOff = attempts.nextBackOff(ex);
				if (backOff >= 0) {
					if (logger.isDebugEnabled()) {
						logger.debug("Listener '" + this.endpoint.id() + "' failed attempt " + attempt + " for routing key '"
								+ LogSanitizer.sanitize(message.routingKey()) + "' (" + ex.getClass().getName()
								+ "); retrying in " + backOff + " ms");
					}
					if (this.retry.backOff(backOff)) {
						this.client.metrics().listenerRetried();
						continue;
					}
				}
				delivery.error(ex);
				failed(message, ex, attempt);
				return;
			}
			if (result != null) {
				handleResult(message, result, attempt);
			}
			return;
		}
	}

	private void failed(PubSubMessage message, Throwable ex, int attempts) {
		PubSubListenerExecutionFailedException failure = failure(message, ex);
		Object fallback = callErrorHandler(message, failure);
		if (fallback != null) {
			handleResult(message, fallback, attempts);
		}
		else {
			recover(message, failure, attempts);
		}
	}

	private PubSubListenerExecutionFailedException failure(PubSubMessage message, Throwable ex) {
		boolean conversion = ex instanceof MethodArgumentResolutionException
				|| ex instanceof MessageConversionException;
		return new PubSubListenerExecutionFailedException(this.endpoint.id(), message.clientName(),
				message.routingKey(), this.endpoint.methodDescription(), conversion, ex);
	}

	private @Nullable Object callErrorHandler(PubSubMessage message, PubSubListenerExecutionFailedException failure) {
		try {
			return this.errorHandler.handleError(message, failure);
		}
		catch (RuntimeException handlerFailure) {
			logger.error("Error handler of listener '" + this.endpoint.id() + "' failed", handlerFailure);
			return null;
		}
	}

	private void recover(PubSubMessage message, PubSubListenerExecutionFailedException failure, int attempts) {
		try {
			this.recoverer.recover(message, failure, attempts);
			this.client.metrics().listenerRecovered();
		}
		catch (Exception ex) {
			this.client.metrics().listenerRecoveryFailed();
			this.recoveryFailures.warn(() -> "Recoverer of listener '" + this.endpoint.id()
					+ "' failed for a message on routing key '" + LogSanitizer.sanitize(message.routingKey())
					+ "'; the message is lost", ex);
		}
	}

	private void handleResult(PubSubMessage message, Object result, int attempts) {
		if (result instanceof CompletionStage<?> stage) {
			stage.whenComplete((value, ex) -> {
				if (ex != null) {
					this.client.metrics().listenerError();
					Throwable cause = Failures.unwrap(ex);
					failed(message, cause, attempts);
				}
				else if (value != null) {
					send(message, value, attempts);
				}
			});
			return;
		}
		send(message, result, attempts);
	}

	private void send(PubSubMessage message, Object value, int attempts) {
		if (this.forwarding != null) {
			forward(this.forwarding, message, value, attempts);
		}
		else {
			sendReply(message, value);
		}
	}

	private void forward(PubSubForwarding target, PubSubMessage message, Object value, int attempts) {
		CompletableFuture<PublishReceipt> published;
		try {
			published = target.forward(message, value);
		}
		catch (RuntimeException ex) {
			forwardFailed(target, message, ex, attempts);
			return;
		}
		published.whenComplete((receipt, ex) -> {
			if (ex != null) {
				forwardFailed(target, message,
						Failures.unwrap(ex), attempts);
			}
		});
	}

	private void forwardFailed(PubSubForwarding target, PubSubMessage message, Throwable ex, int attempts) {
		this.client.metrics().listenerError();
		PubSubListenerExecutionFailedException failure = failure(message, new PubSubException(
				"Forwarding the result to @SendTo '" + target + "' failed: " + ex.getClass().getName(), ex));
		callErrorHandler(message, failure);
		recover(message, failure, attempts);
	}

	private void sendReply(PubSubMessage message, Object value) {
		ReplyHandle replyHandle = message.replyHandle().orElse(null);
		if (replyHandle == null) {
			this.discardedReplies.warn(() -> "Listener '" + this.endpoint.id() + "' returned a value for routing key '"
					+ LogSanitizer.sanitize(message.routingKey())
					+ "' but the message cannot be replied to; the value is discarded");
			return;
		}
		try {
			replyHandle.reply(value).whenComplete((receipt, ex) -> {
				if (ex != null) {
					logger.warn("Reply of listener '" + this.endpoint.id() + "' for routing key '"
							+ LogSanitizer.sanitize(message.routingKey()) + "' failed: " + ex);
				}
			});
		}
		catch (RuntimeException ex) {
			logger.warn("Reply of listener '" + this.endpoint.id() + "' for routing key '"
					+ LogSanitizer.sanitize(message.routingKey()) + "' failed: " + ex);
		}
	}

	private static Message<PubSubMessage> toMessage(PubSubMessage message) {
		Map<String, Object> source = message.headers().asMap();
		Map<String, Object> headers = new HashMap<>(source.size() + 8);
		headers.putAll(source);
		headers.put(PubSubHeaders.CLIENT, message.clientName());
		headers.put(PubSubHeaders.TOPIC, message.topic());
		headers.put(PubSubHeaders.ROUTING_KEY, message.routingKey());
		headers.put(PubSubHeaders.RECEIVED_AT, message.receivedAt());
		if (message.messageType() != null) {
			headers.putIfAbsent(PubSubHeaders.MESSAGE_TYPE, message.messageType());
		}
		headers.put(MessageHeaders.CONTENT_TYPE, message.contentType());
		return new GenericMessage<>(message, new PubSubMessageHeaders(headers));
	}

}
