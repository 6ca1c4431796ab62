package dev.pubsub.wsrpc.broadcast;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

import dev.pubsub.core.PubSubProtocolException;

/**
 * The JSON text of a {@link WsRpcBroadcastMessage}, byte-compatible with what the Python
 * {@code EventBroadcaster} publishes ({@code pydantic} serialisation of
 * {@code BroadcastNotification}).
 */
public final class WsRpcBroadcastCodec {

	private final JsonMapper jsonMapper;

	/**
	 * Create a codec.
	 * @param jsonMapper the shared mapper
	 */
	public WsRpcBroadcastCodec(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Encode a message.
	 * @param message the message
	 * @return the JSON text
	 */
	public String encode(WsRpcBroadcastMessage message) {
		ObjectNode node = JsonNodeFactory.instance.objectNode();
		node.put("notifier_id", message.notifierId());
		node.set("topics", this.jsonMapper.valueToTree(message.topics()));
		node.set("data", message.data());
		return this.jsonMapper.writeValueAsString(node);
	}

	/**
	 * Decode a message.
	 * @param text the JSON text
	 * @return the message
	 * @throws PubSubProtocolException if the text is not a broadcast notification
	 */
	public WsRpcBroadcastMessage decode(String text) {
		JsonNode node;
		try {
			node = this.jsonMapper.readTree(text);
		}
		catch (JacksonException ex) {
			throw new PubSubProtocolException("Broadcast message is not JSON: " + ex.getOriginalMessage());
		}
		if (node == null || !node.isObject() || !node.path("notifier_id").isString()
				|| !node.path("topics").isArray()) {
			throw new PubSubProtocolException("Broadcast message needs a string 'notifier_id' and a 'topics' list");
		}
		List<String> topics = new ArrayList<>();
		for (JsonNode topic : node.get("topics")) {
			if (!topic.isString()) {
				throw new PubSubProtocolException("Broadcast message 'topics' must hold strings");
			}
			topics.add(topic.asString());
		}
		JsonNode data = node.has("data") ? node.get("data") : NullNode.getInstance();
		return new WsRpcBroadcastMessage(node.get("notifier_id").asString(), topics, data);
	}

}
