package dev.pubsub.realtimex;

import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.pubsub.core.PubSubClientMetrics;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.PubSubNotConnectedException;
import dev.pubsub.core.support.LogSanitizer;
import dev.pubsub.core.support.RateLimitedLog;

/**
 * Routes the Socket.IO events of a {@link DefaultRealtimeXClient}'s session: {@code server-event}s
 * to their channel's bindings and, as {@link PubSubMessage}s with routing key
 * {@code channel.event}, to the client's listener subscriptions; subscription answers and presence
 * member events to {@link RealtimeXSubscriptions} / {@link RealtimeXPresence}; pongs to the
 * pending {@code ping()}; anything else to the connection bindings.
 */
final class RealtimeXInbound {

	private final String clientName;

	private final JsonMapper jsonMapper;

	private final RealtimeXSubscriptions subscriptions;

	private final RealtimeXCallbacks callbacks;

	private final PubSubClientMetrics metrics;

	private final Consumer<PubSubMessage> dispatcher;

	private final RateLimitedLog frameWarnings;

	private final Queue<CompletableFuture<JsonNode>> pendingPings = new ConcurrentLinkedQueue<>();

	RealtimeXInbound(String clientName, JsonMapper jsonMapper, RealtimeXSubscriptions subscriptions,
			RealtimeXCallbacks callbacks, PubSubClientMetrics metrics, Consumer<PubSubMessage> dispatcher,
			RateLimitedLog frameWarnings) {
		this.clientName = clientName;
		this.jsonMapper = jsonMapper;
		this.subscriptions = subscriptions;
		this.callbacks = callbacks;
		this.metrics = metrics;
		this.dispatcher = dispatcher;
		this.frameWarnings = frameWarnings;
	}

	/**
	 * Send {@code realtimex:ping} and return a future of the next {@code realtimex:pong}.
	 * @param session the current session or {@code null}
	 * @param timeout how long to wait for the pong
	 * @return the pong's payload
	 */
	CompletableFuture<JsonNode> ping(@Nullable EngineIoSession session, Duration timeout) {
		if (session == null || !session.isUp()) {
			return CompletableFuture.failedFuture(
					new PubSubNotConnectedException("Client '" + this.clientName + "' is not connected"));
		}
		CompletableFuture<JsonNode> pong = new CompletableFuture<>();
		this.pendingPings.add(pong);
		try {
			session.send("realtimex:ping", Map.of());
		}
		catch (RuntimeException ex) {
			this.pendingPings.remove(pong);
			return CompletableFuture.failedFuture(ex);
		}
		return pong.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ok, ex) -> {
			if (ex != null) {
				this.pendingPings.remove(pong);
			}
		});
	}

	/**
	 * Fail every pending {@code ping()}.
	 * @param cause the cause
	 */
	void failPendingPings(Throwable cause) {
		CompletableFuture<JsonNode> ping;
		while ((ping = this.pendingPings.poll()) != null) {
			ping.completeExceptionally(cause);
		}
	}

	/**
	 * Route one event.
	 * @param session the session it arrived on
	 * @param name the event name
	 * @param payload the payload
	 */
	void onEvent(EngineIoSession session, String name, JsonNode payload) {
		String channelName = payload.path("channel").isString() ? payload.path("channel").asString() : null;
		switch (name) {
			case "server-event" -> {
				String event = payload.path("event").asString("");
				if (channelName == null || event.isEmpty()) {
					malformed("server-event without channel or event", -1);
					return;
				}
				JsonNode data = payload.has("data") ? payload.get("data") : JsonNodeFactory.instance.nullNode();
				if (RealtimeXPresence.MEMBER_ADDED.equals(event) || RealtimeXPresence.MEMBER_REMOVED.equals(event)) {
					onMember(session, channelName, event, data);
				}
				else {
					onChannelEvent(session, channelName, event, data);
				}
			}
			case RealtimeXSubscriptions.SUCCEEDED -> this.subscriptions.onSucceeded(session, channelName, payload);
			case RealtimeXSubscriptions.ERROR -> this.subscriptions.onSubscriptionError(session, channelName, payload);
			case RealtimeXPresence.MEMBER_ADDED, RealtimeXPresence.MEMBER_REMOVED -> {
				if (channelName != null) {
					onMember(session, channelName, name, payload);
				}
			}
			case "realtimex:pong" -> {
				CompletableFuture<JsonNode> ping = this.pendingPings.poll();
				if (ping != null) {
					ping.complete(payload);
				}
				this.callbacks.emitConnection("pong", payload);
			}
			default -> this.callbacks.emitConnection(name, payload);
		}
	}

	/**
	 * Count a skipped frame or event and log it, rate-limited.
	 * @param reason why it was skipped
	 * @param frameLength the frame's length in characters, or {@code -1} when unknown
	 */
	void malformed(@Nullable String reason, long frameLength) {
		this.metrics.malformedFrame();
		this.frameWarnings.warn(() -> "Client '" + this.clientName + "' skipped a malformed frame"
				+ ((frameLength >= 0) ? " (" + frameLength + " chars)" : "") + ": " + LogSanitizer.sanitize(reason));
	}

	private void onMember(EngineIoSession session, String channelName, String event, JsonNode data) {
		boolean wellFormed = RealtimeXPresence.onMember(this.subscriptions.get(channelName), event, data,
				(channel, name, payload) -> this.subscriptions.emit(session, channel, name, payload));
		if (!wellFormed) {
			malformed("presence member event without user_id", -1);
		}
	}

	private void onChannelEvent(EngineIoSession session, String channelName, String event, JsonNode data) {
		DefaultRealtimeXChannel channel = this.subscriptions.get(channelName);
		if (channel == null || channel.state() == DefaultRealtimeXChannel.State.UNSUBSCRIBED) {
			this.metrics.messageUnrouted();
			return;
		}
		this.subscriptions.emit(session, channel, event, data);
		PubSubMessage message = PubSubMessage.builder(this.clientName, channelName, this.jsonMapper)
			.messageType(event)
			.routingKey(channelName + "." + event)
			.payloadTree(data)
			.build();
		this.dispatcher.accept(message);
	}

}
