package dev.pubsub.listener.retry;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.MimeTypeUtils;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.PubSubException;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.PublishOptions;
import dev.pubsub.core.support.LogSanitizer;
import dev.pubsub.listener.PubSubListenerExecutionFailedException;

/**
 * A {@link PubSubRecoverer} that republishes the failed message on a dead-letter topic or channel, on
 * the same client or on any other named client (of any provider), like spring-kafka's
 * {@code DeadLetterPublishingRecoverer}.
 * <p>
 * None of the five protocols carries per-message application headers (Realtime has only a message
 * type, RealtimeX an event name, httppubsub an opaque tracing field, fastapi_websocket_pubsub and
 * Emitter's MQTT 3.1.1 only the data), so the failure travels in a JSON envelope that wraps the
 * original payload:
 *
 * <pre class="code">
 * {"deadLetter": {"listenerId": "...", "client": "sensors", "topic": "sensors/kitchen/temp/",
 *                 "routingKey": "...", "messageType": null, "exception": "java.lang.IllegalStateException",
 *                 "message": "capped at 256 characters", "attempts": 3, "timestamp": "2026-..."},
 *  "payload": {...the original JSON payload...}}
 * </pre>
 *
 * A payload that is not JSON is carried as {@code "payloadBase64"} instead of {@code "payload"}. The
 * dead letter is published with the original message type (Realtime, RealtimeX), so a listener on
 * the dead-letter topic routes as usual.
 * <p>
 * The recoverer waits on the listener's thread until the dead-letter client confirms the publish, at
 * most {@link #setPublishTimeout(Duration) publishTimeout} (default 10 s); a refused or timed-out
 * publish throws, which the listener machinery logs (rate-limited) and counts in
 * {@code pubsub.client.listener.recovery.failures}: the message is then lost, but never silently.
 */
public class DeadLetterPublishingRecoverer implements PubSubRecoverer {

	/** The most characters of an exception message put in the envelope. */
	public static final int MAX_EXCEPTION_MESSAGE_CHARS = 256;

	private final Function<PubSubMessage, PubSubClient> clientResolver;

	private final BiFunction<PubSubMessage, PubSubListenerExecutionFailedException, String> destinationResolver;

	private Duration publishTimeout = Duration.ofSeconds(10);

	/**
	 * Republish every dead letter on the given client, to the original topic plus {@code .DLT}.
	 * @param client the client to publish dead letters on
	 */
	public DeadLetterPublishingRecoverer(PubSubClient client) {
		this(client, (message, failure) -> message.topic() + ".DLT");
	}

	/**
	 * Republish every dead letter on the given client, to the destination the resolver names.
	 * @param client the client to publish dead letters on
	 * @param destinationResolver the dead-letter topic or channel for a failed message
	 */
	public DeadLetterPublishingRecoverer(PubSubClient client,
			BiFunction<PubSubMessage, PubSubListenerExecutionFailedException, String> destinationResolver) {
		this((message) -> client, destinationResolver);
	}

	/**
	 * Republish each dead letter on the client and to the destination the resolvers name (for
	 * example the client the message came from).
	 * @param clientResolver the client for a failed message
	 * @param destinationResolver the dead-letter topic or channel for a failed message
	 */
	public DeadLetterPublishingRecoverer(Function<PubSubMessage, PubSubClient> clientResolver,
			BiFunction<PubSubMessage, PubSubListenerExecutionFailedException, String> destinationResolver) {
		this.clientResolver = clientResolver;
		this.destinationResolver = destinationResolver;
	}

	/**
	 * Set how long to wait for the dead-letter client's confirmation.
	 * @param publishTimeout the timeout, positive
	 */
	public void setPublishTimeout(Duration publishTimeout) {
		Assert.isTrue(publishTimeout != null && !publishTimeout.isNegative() && !publishTimeout.isZero(),
				"publishTimeout must be positive");
		this.publishTimeout = publishTimeout;
	}

	@Override
	public void recover(PubSubMessage message, PubSubListenerExecutionFailedException failure, int attempts)
			throws Exception {
		PubSubClient client = this.clientResolver.apply(message);
		String destination = this.destinationResolver.apply(message, failure);
		Map<String, Object> envelope = envelope(message, failure, attempts);
		PublishOptions options = PublishOptions.builder().messageType(message.messageType()).build();
		try {
			client.publish(destination, envelope, options).get(this.publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw new PubSubException("Dead-lettering the message of listener '" + failure.getListenerId()
					+ "' to '" + LogSanitizer.sanitize(destination) + "' on client '" + client.name() + "' failed",
					(ex.getCause() != null) ? ex.getCause() : ex);
		}
		catch (TimeoutException ex) {
			throw new PubSubException("Dead-lettering the message of listener '" + failure.getListenerId()
					+ "' to '" + LogSanitizer.sanitize(destination) + "' on client '" + client.name()
					+ "' was not confirmed within " + this.publishTimeout, ex);
		}
	}

	/**
	 * Build the dead-letter envelope: the failure and the original payload.
	 * @param message the failed message
	 * @param failure the failure
	 * @param attempts the number of invocations
	 * @return the envelope, converted to JSON by the dead-letter client
	 */
	protected Map<String, Object> envelope(PubSubMessage message, PubSubListenerExecutionFailedException failure,
			int attempts) {
		Throwable cause = (failure.getCause() != null) ? failure.getCause() : failure;
		Map<String, Object> deadLetter = new LinkedHashMap<>();
		deadLetter.put("listenerId", failure.getListenerId());
		deadLetter.put("client", message.clientName());
		deadLetter.put("topic", message.topic());
		deadLetter.put("routingKey", message.routingKey());
		deadLetter.put("messageType", message.messageType());
		deadLetter.put("exception", cause.getClass().getName());
		deadLetter.put("message", (cause.getMessage() != null)
				? LogSanitizer.sanitize(cause.getMessage(), MAX_EXCEPTION_MESSAGE_CHARS) : null);
		deadLetter.put("attempts", attempts);
		deadLetter.put("timestamp", Instant.now().toString());
		Map<String, Object> envelope = new LinkedHashMap<>();
		envelope.put("deadLetter", deadLetter);
		Object payload = jsonPayload(message);
		if (payload != null) {
			envelope.put("payload", payload);
		}
		else {
			envelope.put("payloadBase64", Base64.getEncoder().encodeToString(message.payloadBytes()));
		}
		return envelope;
	}

	private static @Nullable Object jsonPayload(PubSubMessage message) {
		if (!MimeTypeUtils.APPLICATION_JSON.isCompatibleWith(message.contentType())
				|| message.payloadBytes().length == 0) {
			return null;
		}
		try {
			return message.payloadAsJson();
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
