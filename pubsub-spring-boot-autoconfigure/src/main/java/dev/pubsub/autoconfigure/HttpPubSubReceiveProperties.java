package dev.pubsub.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.pubsub.httppubsub.HttpPubSubReceiveController;

/**
 * Settings of the httppubsub receive endpoints shared by every client
 * ({@code pubsub.httppubsub.*}).
 */
@ConfigurationProperties("pubsub.httppubsub")
public class HttpPubSubReceiveProperties {

	/**
	 * Base path of the receive endpoints: <base-path>/<client>/receive and /recover.
	 */
	private String basePath = HttpPubSubClientsRegistrar.DEFAULT_BASE_PATH;

	/**
	 * How long the body of one broadcaster request may take to arrive; a slower one is answered
	 * with 408, counted, and its connection closed. A peer that sends nothing at all is cut off
	 * by the container's own read timeout (server.tomcat.connection-timeout).
	 */
	private Duration receiveTimeout = HttpPubSubReceiveController.DEFAULT_RECEIVE_TIMEOUT;

	public String getBasePath() {
		return this.basePath;
	}

	public void setBasePath(String basePath) {
		this.basePath = basePath;
	}

	public Duration getReceiveTimeout() {
		return this.receiveTimeout;
	}

	public void setReceiveTimeout(Duration receiveTimeout) {
		this.receiveTimeout = receiveTimeout;
	}

}
