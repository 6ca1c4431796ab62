package dev.pubsub.realtime;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pubsub.core.PubSubClientMetrics;
import dev.pubsub.core.PubSubConnectionLostException;
import dev.pubsub.core.PubSubNotConnectedException;
import dev.pubsub.core.PublishOptions;
import dev.pubsub.core.PublishReceipt;
import dev.pubsub.core.support.PendingRequests;

/**
 * The request/reply side of a Realtime client: commands that carry a message id, and the acks
 * ({@code priv/acks}) and replies ({@code priv/<connection>} {@code response}) that answer them. Waiters
 * are registered before the frame is written, so early answers are never lost; they time out, and fail
 * when the connection is lost.
 */
final class RealtimeRequests {

	private static final CompletableFuture<Boolean> UNTRACKED_ACK = CompletableFuture
		.failedFuture(new IllegalStateException("This publish was not tracked; publish with awaitAck to wait"));

	private static final CompletableFuture<RealtimeReply> UNTRACKED_REPLY = CompletableFuture
		.failedFuture(new IllegalStateException("This publish was not tracked; use publish(topic, payload, "
				+ "messageType, compress, messageId) to wait for a reply"));

	private final String clientName;

	private final JsonMapper jsonMapper;

	private final RealtimeFrames frames;

	private final PubSubClientMetrics metrics;

	private final Duration timeout;

	private final PendingRequests<String, Boolean> acks;

	private final PendingRequests<String, RealtimeReply> replies;

	RealtimeRequests(String clientName, JsonMapper jsonMapper, RealtimeFrames frames, PubSubClientMetrics metrics,
			Duration timeout, ScheduledExecutorService scheduler) {
		this.clientName = clientName;
		this.jsonMapper = jsonMapper;
		this.frames = frames;
		this.metrics = metrics;
		this.timeout = timeout;
		this.acks = new PendingRequests<>(scheduler, "ack");
		this.replies = new PendingRequests<>(scheduler, "reply");
	}

	/**
	 * Publish to a topic.
	 * @param connection the current connection, {@code null} when not connected
	 * @param topic the topic
	 * @param payload the payload
	 * @param messageType the message type, {@code null} or empty for the default
	 * @param compress whether to ask the gateway to compress
	 * @param messageId the message id, {@code null} for a new one
	 * @param track whether to wait for the ack and reply
	 * @param callbackExecutor completes the futures handed to users
	 * @return the publication
	 */
	RealtimePublication publish(@Nullable RealtimeConnection connection, String topic, Object payload,
			@Nullable String messageType, boolean compress, @Nullable String messageId, boolean track,
			Executor callbackExecutor) {
		if (topic.isBlank()) {
			throw new IllegalArgumentException("topic must not be blank");
		}
		String id = (messageId != null) ? messageId : newId();
		String type = typeOf(messageType);
		JsonNode json = this.frames.toJson(payload);
		return write(connection, id, () -> this.frames.publish(topic, type, compress, json, id), track,
				callbackExecutor);
	}

	/**
	 * Publish to a topic with the options of {@code PubSubClient.publish}, waiting for the ack when asked.
	 * @param connection the current connection, {@code null} when not connected
	 * @param topic the topic
	 * @param payload the payload
	 * @param options the options
	 * @param defaultTimeout the ack timeout when the options name none
	 * @param callbackExecutor completes the futures handed to users
	 * @return the receipt: written, or acknowledged when the options await the ack
	 */
	CompletableFuture<PublishReceipt> publish(@Nullable RealtimeConnection connection, String topic, Object payload,
			PublishOptions options, Duration defaultTimeout, Executor callbackExecutor) {
		RealtimePublication publication;
		try {
			publication = publish(connection, topic, payload, options.messageType(), options.compress(),
					options.messageId(), options.awaitAck(), callbackExecutor);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		if (!options.awaitAck()) {
			return CompletableFuture.completedFuture(PublishReceipt.written(this.clientName, topic, publication.id()));
		}
		Duration timeout = (options.timeout() != null) ? options.timeout() : defaultTimeout;
		return publication.waitForAck(timeout)
			.thenApply((ignored) -> PublishReceipt.acknowledged(this.clientName, topic, publication.id()));
	}

	/**
	 * Send a message to the gateway itself.
	 * @param connection the current connection, {@code null} when not connected
	 * @param payload the payload
	 * @param messageType the message type, {@code null} or empty for the default
	 * @param compress whether to ask the gateway to compress
	 * @param messageId the message id, {@code null} for a new one
	 * @param callbackExecutor completes the futures handed to users
	 * @return the publication
	 */
	RealtimePublication send(@Nullable RealtimeConnection connection, Object payload, @Nullable String messageType,
			boolean compress, @Nullable String messageId, Executor callbackExecutor) {
		String id = (messageId != null) ? messageId : newId();
		String type = typeOf(messageType);
		JsonNode json = this.frames.toJson(payload);
		return write(connection, id, () -> this.frames.message(type, compress, json, id), true, callbackExecutor);
	}

	private static String typeOf(@Nullable String messageType) {
		return (messageType != null && !messageType.isEmpty()) ? messageType : RealtimeClient.DEFAULT_MESSAGE_TYPE;
	}

	private static String newId() {
		return UUID.randomUUID().toString().replace("-", "");
	}

	/**
	 * Write a command carrying a message id. With {@code track}, the ack and reply waiters are
	 * registered before the frame is written, so early responses are never lost; without it (a
	 * fire-and-forget publish nobody can wait on) nothing is registered.
	 * @param connection the current connection, {@code null} when not connected
	 * @param id the message id
	 * @param frame builds the command
	 * @param track whether to wait for the ack and reply
	 * @param callbackExecutor completes the futures handed to users
	 * @return the publication
	 */
	private RealtimePublication write(@Nullable RealtimeConnection connection, String id, Supplier<String> frame, boolean track,
			Executor callbackExecutor) {
		if (connection == null) {
			throw new PubSubNotConnectedException("Realtime client '" + this.clientName + "' is not connected");
		}
		CompletableFuture<Boolean> ack = track ? this.acks.register(id, this.timeout) : UNTRACKED_ACK;
		CompletableFuture<RealtimeReply> reply;
		try {
			reply = track ? this.replies.register(id, this.timeout) : UNTRACKED_REPLY;
		}
		catch (IllegalStateException ex) {
			this.acks.fail(id, ex);
			throw ex;
		}
		try {
			connection.send(frame.get());
		}
		catch (IOException | RuntimeException ex) {
			PubSubNotConnectedException failure = new PubSubNotConnectedException(
					"Realtime client '" + this.clientName + "' could not write message " + id + ": " + ex.getMessage());
			if (track) {
				this.acks.fail(id, failure);
				this.replies.fail(id, failure);
			}
			throw failure;
		}
		this.metrics.messagePublished();
		return new DefaultRealtimePublication(id, ack, reply, this.acks, this.replies, this.timeout, callbackExecutor);
	}

	/**
	 * Complete the waiter an ack answers.
	 * @param delivery the {@code priv/acks} delivery
	 */
	void ack(RealtimeFrames.Delivery delivery) {
		String id = delivery.text("data");
		if (id == null || !this.acks.complete(id, Boolean.TRUE)) {
			this.metrics.unmatchedResponse();
		}
	}

	/**
	 * Complete the waiter a reply answers.
	 * @param delivery the {@code response} delivery
	 */
	void response(RealtimeFrames.Delivery delivery) {
		JsonNode payload = delivery.data().get("payload");
		JsonNode id = (payload != null && payload.isObject()) ? payload.get("id") : null;
		if (id == null || !id.isValueNode()) {
			this.metrics.unmatchedResponse();
			return;
		}
		JsonNode data = payload.get("data");
		JsonNode status = payload.get("status");
		RealtimeReply reply = new RealtimeReply((data != null) ? data : this.jsonMapper.nullNode(),
				(status != null && status.isValueNode()) ? status.asString() : "ok", id.asString(), this.jsonMapper);
		if (!this.replies.complete(id.asString(), reply)) {
			this.metrics.unmatchedResponse();
		}
	}

	/**
	 * Fail every waiter: the connection is lost.
	 * @param cause why
	 */
	void connectionLost(Throwable cause) {
		this.acks.failAll(() -> new PubSubConnectionLostException(
				"Connection of Realtime client '" + this.clientName + "' was lost before the ack arrived", cause));
		this.replies.failAll(() -> new PubSubConnectionLostException(
				"Connection of Realtime client '" + this.clientName + "' was lost before the reply arrived", cause));
	}

	int pending() {
		return this.acks.size() + this.replies.size();
	}

}
