package dev.pubsub.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Dead-letter republishing of messages whose listener failed for good.
 */
public class PubSubDeadLetterProperties {

	/**
	 * Name of the client (any type) that republishes failed messages on a dead-letter topic or
	 * channel; unset keeps the default recoverer, which logs and counts them.
	 */
	private @Nullable String client;

	/**
	 * Dead-letter topic or channel; '{topic}' stands for the topic the message arrived on.
	 */
	private String destination = "{topic}.DLT";

	/**
	 * How long the listener waits for the dead-letter client to confirm a publish.
	 */
	private Duration publishTimeout = Duration.ofSeconds(10);

	public @Nullable String getClient() {
		return this.client;
	}

	public void setClient(@Nullable String client) {
		this.client = client;
	}

	public String getDestination() {
		return this.destination;
	}

	public void setDestination(String destination) {
		this.destination = destination;
	}

	public Duration getPublishTimeout() {
		return this.publishTimeout;
	}

	public void setPublishTimeout(Duration publishTimeout) {
		this.publishTimeout = publishTimeout;
	}

}
