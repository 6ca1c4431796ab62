package dev.pubsub.wsrpc.broadcast;

import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * One event shared between instances: {@code {"notifier_id", "topics", "data"}} as the Python
 * {@code BroadcastNotification}. Instances send one message per topic.
 *
 * @param notifierId the sending instance's broadcaster id
 * @param topics the topics
 * @param data the event data
 */
public record WsRpcBroadcastMessage(String notifierId, List<String> topics, JsonNode data) {

	/**
	 * Copy the topics.
	 */
	public WsRpcBroadcastMessage {
		topics = List.copyOf(topics);
	}

}
