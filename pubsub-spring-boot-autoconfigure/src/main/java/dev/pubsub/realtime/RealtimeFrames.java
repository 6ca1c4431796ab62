package dev.pubsub.realtime;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.pubsub.core.PubSubProtocolException;

/**
 * Encodes client commands and decodes gateway deliveries, as the protocol note describes:
 * commands are {@code {"type","data"}}, deliveries {@code {"topic","messageType","data"}}.
 */
final class RealtimeFrames {

	private final JsonMapper jsonMapper;

	RealtimeFrames(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	String subscribe(String topic) {
		return command("subscribe", this.jsonMapper.createObjectNode().put("topic", topic));
	}

	String unsubscribe(String topic) {
		return command("unsubscribe", this.jsonMapper.createObjectNode().put("topic", topic));
	}

	String publish(String topic, String messageType, boolean compress, JsonNode payload, String id) {
		ObjectNode data = this.jsonMapper.createObjectNode()
			.put("topic", topic)
			.put("messageType", messageType)
			.put("compress", compress);
		data.set("payload", payload);
		data.put("id", id);
		return command("publish", data);
	}

	String message(String messageType, boolean compress, JsonNode payload, String id) {
		ObjectNode data = this.jsonMapper.createObjectNode().put("messageType", messageType).put("compress", compress);
		data.set("payload", payload);
		data.put("id", id);
		return command("message", data);
	}

	JsonNode toJson(@Nullable Object payload) {
		return this.jsonMapper.valueToTree(payload);
	}

	private String command(String type, ObjectNode data) {
		ObjectNode frame = this.jsonMapper.createObjectNode().put("type", type);
		frame.set("data", data);
		return this.jsonMapper.writeValueAsString(frame);
	}

	/**
	 * Decode a delivery.
	 * @param frame the frame bytes (UTF-8 JSON, from a text or binary frame)
	 * @return the delivery
	 * @throws PubSubProtocolException if the frame is not a JSON object with a string topic
	 */
	Delivery decode(byte[] frame) {
		JsonNode root;
		try {
			root = this.jsonMapper.readTree(frame);
		}
		catch (JacksonException ex) {
			throw new PubSubProtocolException("Unparsable frame of " + frame.length + " bytes (not JSON)");
		}
		if (root == null || !root.isObject()) {
			throw new PubSubProtocolException("Frame of " + frame.length + " bytes is not a JSON object");
		}
		JsonNode topic = root.get("topic");
		if (topic == null || !topic.isString() || topic.asString().isEmpty()) {
			throw new PubSubProtocolException("Frame of " + frame.length + " bytes has no topic");
		}
		JsonNode messageType = root.get("messageType");
		JsonNode data = root.get("data");
		return new Delivery(topic.asString(),
				(messageType != null && messageType.isString()) ? messageType.asString() : null,
				(data != null) ? data : this.jsonMapper.nullNode());
	}

	/**
	 * A decoded delivery.
	 *
	 * @param topic the topic
	 * @param messageType the message type, or {@code null}
	 * @param data the data object
	 */
	record Delivery(String topic, @Nullable String messageType, JsonNode data) {

		@Nullable String text(String field) {
			JsonNode node = this.data.get(field);
			return (node != null && node.isValueNode() && !node.isNull()) ? node.asString() : null;
		}

		@Nullable JsonNode client() {
			JsonNode client = this.data.get("client");
			return (client != null && client.isObject()) ? client : null;
		}

	}

}
