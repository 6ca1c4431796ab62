package dev.pubsub.realtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.util.MimeTypeUtils;

import dev.pubsub.core.OverflowPolicy;
import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.PubSubTimeoutException;
import dev.pubsub.core.SubscribeOptions;
import dev.pubsub.core.Subscription;

/**
 * Builds the {@link PubSubMessage} of a Realtime delivery: routing key {@code topic.messageType}, the
 * payload tree kept, sender, connection id and permissions as headers, and a reply handle when the
 * delivery names its sender's connection and a message id; and waits for the first message matching a
 * pattern.
 */
final class RealtimeMessages {

	private RealtimeMessages() {
	}

	static PubSubMessage toMessage(DefaultRealtimeClient client, RealtimeFrames.Delivery delivery, boolean binary) {
		JsonNode data = delivery.data();
		JsonNode payload = data.has("payload") ? data.get("payload") : data;
		JsonNode sender = delivery.client();
		String messageId = delivery.text("id");
		String connectionId = (sender != null) ? textOf(sender, "connectionId") : null;
		String messageType = delivery.messageType();
		PubSubMessage.Builder message = PubSubMessage.builder(client.name(), delivery.topic(), client.jsonMapper())
			.messageType(messageType)
			.routingKey(delivery.topic() + RealtimeTopics.SEPARATOR + messageType)
			.payloadTree(payload)
			.contentType(MimeTypeUtils.APPLICATION_JSON)
			.header(PubSubHeaders.MESSAGE_ID, messageId)
			.header(PubSubHeaders.COMPRESSED, binary)
			.replyHandle((connectionId != null && messageId != null)
					? new RealtimeReplyHandle(client, connectionId, messageId) : null);
		if (sender != null) {
			message.header(PubSubHeaders.SENDER, textOf(sender, "subject"))
				.header(RealtimeHeaders.CONNECTION_ID, connectionId);
			JsonNode permissions = sender.get("permissions");
			if (permissions != null && permissions.isArray()) {
				List<String> list = new ArrayList<>();
				permissions.forEach((permission) -> list.add(permission.asString()));
				message.header(RealtimeHeaders.PERMISSIONS, List.copyOf(list));
			}
		}
		return message.build();
	}

	static @Nullable String textOf(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isValueNode() && !value.isNull()) ? value.asString() : null;
	}

	/**
	 * The first message matching a pattern, through a short-lived local subscription (no remote subscribe)
	 * that ends with the wait.
	 * @param client the client
	 * @param scheduler times the wait out
	 * @param pattern the routing-key pattern
	 * @param timeout how long to wait
	 * @return completed with the message, or failed with a {@link PubSubTimeoutException}
	 */
	static CompletableFuture<PubSubMessage> first(PubSubClient client, ScheduledExecutorService scheduler,
			String pattern, Duration timeout) {
		CompletableFuture<PubSubMessage> result = new CompletableFuture<>();
		Subscription subscription = client.subscribe(pattern, result::complete,
				new SubscribeOptions(1, 16, OverflowPolicy.DROP_NEWEST, false, Map.of()));
		ScheduledFuture<?> timer = scheduler.schedule(
				() -> result.completeExceptionally(new PubSubTimeoutException("wait for '" + pattern + "'", timeout)),
				timeout.toNanos(), TimeUnit.NANOSECONDS);
		result.whenComplete((message, ex) -> {
			timer.cancel(false);
			subscription.cancel();
		});
		return result;
	}

}
