package dev.pubsub.autoconfigure;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The provider types a client under {@code pubsub.clients.<name>.type} can have, with the library
 * class each one needs on the classpath.
 */
public enum PubSubClientType {

	/** Realtime Pub/Sub WebSocket gateway. */
	REALTIME("realtime", "org.springframework.web.socket.client.WebSocketClient",
			"org.springframework:spring-websocket and a JSR-356 client such as org.apache.tomcat.embed:tomcat-embed-websocket"),

	/** RealtimeX over Socket.IO. */
	REALTIMEX("realtimex", "org.springframework.web.socket.client.WebSocketClient",
			"org.springframework:spring-websocket and a JSR-356 client such as org.apache.tomcat.embed:tomcat-embed-websocket"),

	/** httppubsub over HTTP webhooks. */
	HTTPPUBSUB("httppubsub", "org.springframework.web.client.RestClient", "org.springframework:spring-web"),

	/** fastapi_websocket_pubsub JSON-RPC over WebSocket. */
	WSRPC("wsrpc", "org.springframework.web.socket.client.WebSocketClient",
			"org.springframework:spring-websocket and a JSR-356 client such as org.apache.tomcat.embed:tomcat-embed-websocket"),

	/** Emitter over MQTT. */
	EMITTER("emitter", "org.eclipse.paho.client.mqttv3.MqttAsyncClient",
			"org.eclipse.paho:org.eclipse.paho.client.mqttv3");

	private final String id;

	private final String requiredClass;

	private final String requiredDependency;

	PubSubClientType(String id, String requiredClass, String requiredDependency) {
		this.id = id;
		this.requiredClass = requiredClass;
		this.requiredDependency = requiredDependency;
	}

	/**
	 * Return the id used in configuration.
	 * @return the id
	 */
	public String id() {
		return this.id;
	}

	/**
	 * Return the class whose presence enables the provider.
	 * @return the class name
	 */
	public String requiredClass() {
		return this.requiredClass;
	}

	/**
	 * Return the dependency to add when the class is missing.
	 * @return the dependency
	 */
	public String requiredDependency() {
		return this.requiredDependency;
	}

	/**
	 * Return the valid ids, comma-separated.
	 * @return the ids
	 */
	public static String validIds() {
		return Arrays.stream(values()).map(PubSubClientType::id).collect(Collectors.joining(", "));
	}

}
