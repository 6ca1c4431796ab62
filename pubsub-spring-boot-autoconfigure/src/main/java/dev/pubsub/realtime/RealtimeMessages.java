package dev.pubsub.realtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.util.MimeTypeUtils;

import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.PubSubMessage;

/**
 * Builds the {@link PubSubMessage} of a Realtime delivery: routing key {@code topic.messageType}, the
 * payload tree kept, sender, connection id and permissions as headers, and a reply handle when the
 * delivery names its sender's connection and a message id.
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
		Map<String, Object> headers = new LinkedHashMap<>();
		headers.put(PubSubHeaders.MESSAGE_ID, messageId);
		headers.put(PubSubHeaders.COMPRESSED, binary);
		if (sender != null) {
			headers.put(PubSubHeaders.SENDER, textOf(sender, "subject"));
			headers.put(RealtimeHeaders.CONNECTION_ID, connectionId);
			JsonNode permissions = sender.get("permissions");
			if (permissions != null && permissions.isArray()) {
				List<String> list = new ArrayList<>();
				permissions.forEach((permission) -> list.add(permission.asString()));
				headers.put(RealtimeHeaders.PERMISSIONS, List.copyOf(list));
			}
		}
		String messageType = delivery.messageType();
		return PubSubMessage.builder(client.name(), delivery.topic(), client.jsonMapper())
			.messageType(messageType)
			.routingKey(delivery.topic() + RealtimeTopics.SEPARATOR + messageType)
			.payloadTree(payload)
			.contentType(MimeTypeUtils.APPLICATION_JSON)
			.headers(PubSubHeaders.of(headers))
			.replyHandle((connectionId != null && messageId != null)
					? new RealtimeReplyHandle(client, connectionId, messageId) : null)
			.build();
	}

	static @Nullable String textOf(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isValueNode() && !value.isNull()) ? value.asString() : null;
	}

}
