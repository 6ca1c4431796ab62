package dev.pubsub.test.realtime;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * Writes the gateway's outbound frames, {@code {"topic", "messageType", "data"}}: welcome, deliveries
 * (text, or binary for {@code compress: true}), acks on {@code priv/acks} and presence events.
 */
final class GatewayFrames {

	private final JsonMapper jsonMapper;

	GatewayFrames(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	JsonMapper jsonMapper() {
		return this.jsonMapper;
	}

	TextMessage welcome(String id, String appId, String remoteAddress) {
		ObjectNode info = this.jsonMapper.createObjectNode();
		info.put("id", id);
		info.put("appId", appId);
		info.put("remoteAddress", remoteAddress);
		ObjectNode data = this.jsonMapper.createObjectNode();
		data.set("connection", info);
		return textFrame("main", "welcome", data);
	}

	WebSocketMessage<?> delivery(String topic, String messageType, @Nullable JsonNode payload, @Nullable JsonNode id,
			ObjectNode client, boolean binary) {
		ObjectNode data = this.jsonMapper.createObjectNode();
		data.set("payload", (payload != null) ? payload : this.jsonMapper.nullNode());
		if (id != null) {
			data.set("id", id);
		}
		data.set("client", client);
		String json = frameJson(topic, messageType, data);
		return binary ? new BinaryMessage(json.getBytes(StandardCharsets.UTF_8)) : new TextMessage(json);
	}

	TextMessage ack(JsonNode id) {
		ObjectNode data = this.jsonMapper.createObjectNode();
		data.set("data", id);
		return textFrame("priv/acks", "ack", data);
	}

	TextMessage presence(ObjectNode client, String status) {
		ObjectNode payload = this.jsonMapper.createObjectNode();
		payload.put("status", status);
		ObjectNode data = this.jsonMapper.createObjectNode();
		data.set("client", client);
		data.set("payload", payload);
		return textFrame(RealtimeGatewayHandler.SECURE_INBOUND, "presence", data);
	}

	TextMessage textFrame(String topic, String messageType, ObjectNode data) {
		return new TextMessage(frameJson(topic, messageType, data));
	}

	ObjectNode clientNode(String connectionId, @Nullable String subject, List<String> permissions) {
		ObjectNode client = this.jsonMapper.createObjectNode();
		client.put("connectionId", connectionId);
		client.put("subject", subject);
		ArrayNode array = client.putArray("permissions");
		permissions.forEach(array::add);
		return client;
	}

	private String frameJson(String topic, String messageType, ObjectNode data) {
		ObjectNode frame = this.jsonMapper.createObjectNode();
		frame.put("topic", topic);
		frame.put("messageType", messageType);
		frame.set("data", data);
		return this.jsonMapper.writeValueAsString(frame);
	}

}
