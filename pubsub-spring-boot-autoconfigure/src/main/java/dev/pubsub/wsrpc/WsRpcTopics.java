package dev.pubsub.wsrpc;

/**
 * Topic constants of the fastapi_websocket_pubsub protocol.
 */
public final class WsRpcTopics {

	/**
	 * The topic that subscribes to every topic; notifications then carry the real topic.
	 */
	public static final String ALL_TOPICS = "__EventNotifier_ALL_TOPICS__";

	/**
	 * The broadcast channel the Python {@code EventBroadcaster} uses by default.
	 */
	public static final String DEFAULT_BROADCAST_CHANNEL = "EventNotifier";

	private WsRpcTopics() {
	}

}
