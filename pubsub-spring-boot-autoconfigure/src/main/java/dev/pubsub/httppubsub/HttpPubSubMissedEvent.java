package dev.pubsub.httppubsub;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.springframework.context.ApplicationEvent;

/**
 * A broadcaster's notice that a notification on a topic was missed by a client. Published to
 * {@link HttpPubSubMissedListener}s and as a Spring application event.
 */
public class HttpPubSubMissedEvent extends ApplicationEvent {

	private final String clientName;

	private final byte[] topic;

	private final Instant receivedAt;

	/**
	 * Create an event.
	 * @param source the client
	 * @param clientName the client name
	 * @param topic the topic bytes
	 */
	public HttpPubSubMissedEvent(Object source, String clientName, byte[] topic) {
		super(source);
		this.clientName = clientName;
		this.topic = topic.clone();
		this.receivedAt = Instant.now();
	}

	public String clientName() {
		return this.clientName;
	}

	/**
	 * Return the topic decoded as UTF-8.
	 * @return the topic
	 */
	public String topic() {
		return new String(this.topic, StandardCharsets.UTF_8);
	}

	public byte[] topicBytes() {
		return this.topic.clone();
	}

	public Instant receivedAt() {
		return this.receivedAt;
	}

	@Override
	public String toString() {
		return "HttpPubSubMissedEvent[client=" + this.clientName + ", topic=" + topic() + "]";
	}

}
