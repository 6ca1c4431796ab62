package dev.pubsub.wsrpc;


import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.PubSubMessage;

/**
 * Turns the arguments of a server's {@code notify} call into the {@link PubSubMessage} a wsrpc client
 * dispatches.
 */
final class WsRpcNotifications {

	private WsRpcNotifications() {
	}

	/**
	 * Build the message of a {@code notify} call.
	 * @param clientName the client name
	 * @param jsonMapper the shared mapper
	 * @param arguments the call's arguments ({@code subscription} with {@code topic} and {@code id},
	 * and {@code data})
	 * @return the message
	 * @throws IllegalArgumentException if the arguments lack the subscription or its topic
	 */
	static PubSubMessage toMessage(String clientName, JsonMapper jsonMapper, JsonNode arguments) {
		JsonNode subscription = arguments.get("subscription");
		if (subscription == null || !subscription.isObject()) {
			throw new IllegalArgumentException("notify needs a 'subscription' object");
		}
		JsonNode topic = subscription.get("topic");
		if (topic == null || !topic.isString()) {
			throw new IllegalArgumentException("notify needs a string 'subscription.topic'");
		}
		JsonNode data = arguments.has("data") ? arguments.get("data") : NullNode.getInstance();
		JsonNode subscriptionId = subscription.get("id");
		return PubSubMessage.builder(clientName, topic.asString(), jsonMapper)
			.payloadTree(data)
			.header(PubSubHeaders.TOPIC, topic.asString())
			.header(WsRpcPubSubClient.SUBSCRIPTION_ID_HEADER,
					(subscriptionId != null && !subscriptionId.isNull()) ? subscriptionId.asString() : "")
			.build();
	}

}
