package dev.pubsub.realtime;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.PubSubMessage;

/**
 * Client of a Realtime Pub/Sub gateway, one bean per {@code pubsub.clients.<name>} with
 * {@code type: realtime}.
 * <p>
 * Routing key: {@code <topic>.<messageType>}, matched by patterns where {@code *} is one
 * dot-separated segment and {@code **} any number (zero included). A listener pattern whose part
 * before the last segment is a literal topic makes the client subscribe to that topic remotely
 * ({@code orders.*} subscribes {@code orders}). After every reconnect the client subscribes again
 * to every topic it held, before the {@code CONNECTED} event (the seed's {@code session.started}).
 */
public interface RealtimeClient extends PubSubClient {

	/** The default message type of publish and send. */
	String DEFAULT_MESSAGE_TYPE = "broadcast";

	/**
	 * Subscribe to a topic remotely (kept across reconnects).
	 * @param topic the topic
	 * @return this client
	 */
	RealtimeClient subscribeRemoteTopic(String topic);

	/**
	 * Unsubscribe from a topic remotely, unless a listener still needs it.
	 * @param topic the topic
	 * @return this client
	 */
	RealtimeClient unsubscribeRemoteTopic(String topic);

	/**
	 * Return the topics subscribed remotely (restored after a reconnect).
	 * @return the topics
	 */
	Set<String> remoteTopics();

	/**
	 * Publish to a topic.
	 * @param topic the topic
	 * @param payload any JSON value (converted with the shared mapper)
	 * @param messageType the message type, {@code broadcast} if {@code null}
	 * @param compress ask the gateway to deliver the message compressed (as a binary frame)
	 * @param messageId the message id, or {@code null} for a generated one
	 * @return the publication, to wait for its ack or reply
	 * @throws dev.pubsub.core.PubSubNotConnectedException when not connected
	 */
	RealtimePublication publish(String topic, Object payload, @Nullable String messageType, boolean compress,
			@Nullable String messageId);

	/**
	 * Publish with a message type, uncompressed, with a generated id.
	 * @param topic the topic
	 * @param payload the payload
	 * @param messageType the message type
	 * @return the publication
	 */
	default RealtimePublication publish(String topic, Object payload, String messageType) {
		return publish(topic, payload, messageType, false, null);
	}

	/**
	 * Send a message to the backends subscribed to {@code secure/inbound}.
	 * @param payload the payload
	 * @param messageType the message type, {@code broadcast} if {@code null}
	 * @param compress ask for compressed delivery
	 * @param messageId the message id, or {@code null} for a generated one
	 * @return the publication
	 */
	RealtimePublication send(Object payload, @Nullable String messageType, boolean compress,
			@Nullable String messageId);

	/**
	 * Send with a message type, uncompressed, with a generated id.
	 * @param payload the payload
	 * @param messageType the message type
	 * @return the publication
	 */
	default RealtimePublication send(Object payload, String messageType) {
		return send(payload, messageType, false, null);
	}

	/**
	 * Wait for the next message whose routing key matches a pattern (the seed's {@code wait_for}).
	 * Does not subscribe remotely.
	 * @param pattern the pattern
	 * @param timeout the timeout
	 * @return a future completed with the message
	 */
	CompletableFuture<PubSubMessage> waitFor(String pattern, Duration timeout);

	/**
	 * Return the current connection, if connected.
	 * @return the connection info, or {@code null}
	 */
	@Nullable RealtimeConnectionInfo connectionInfo();

}
