package dev.pubsub.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.util.unit.DataSize;

import dev.pubsub.wsrpc.WsRpcTopics;

/**
 * Settings of the Spring-hosted fastapi_websocket_pubsub endpoint ({@code pubsub.wsrpc.server.*}).
 */
@ConfigurationProperties("pubsub.wsrpc.server")
public class WsRpcServerProperties {

	/**
	 * Whether to host the endpoint (needs a servlet web application and spring-websocket).
	 */
	private boolean enabled;

	/**
	 * Path of the WebSocket endpoint.
	 */
	private String path = "/pubsub";

	/**
	 * Origin patterns allowed to connect from browsers; empty allows same-origin requests and
	 * clients that send no Origin header (the Python client).
	 */
	private List<String> allowedOriginPatterns = new ArrayList<>();

	/**
	 * How many topics one session may hold; further subscribe calls answer false.
	 */
	private int maxSubscriptionsPerSession = 1000;

	/**
	 * Largest text message accepted (UTF-8 bytes, however many frames it comes in); a larger one
	 * closes the session with 1009. Partial messages are joined as they arrive, so no buffer of this
	 * size is allocated up front: the container reads with its own small buffers.
	 */
	private DataSize maxTextMessageSize = DataSize.ofMegabytes(1);

	/**
	 * Size of the buffer the servlet container reads one session's text into (Tomcat holds it as
	 * that many characters); longer messages arrive in parts that the endpoint joins up to
	 * max-text-message-size. This, not max-text-message-size, is what an idle session costs.
	 */
	private DataSize textBufferSize = DataSize.ofBytes(2048);

	/**
	 * Bytes (UTF-8, the frame being written included) that may wait in one session's outbound
	 * queue; a session over it is closed with 1013 as a slow consumer, others are not delayed.
	 */
	private DataSize sendBufferSizeLimit = DataSize.ofMegabytes(1);

	/**
	 * How long one write to a session may take before it is closed with 1013 as a slow consumer.
	 */
	private Duration sendTimeLimit = Duration.ofSeconds(5);

	/**
	 * How long a session may stay silent; after half of it the endpoint sends a _ping_ request,
	 * and a session that still sent nothing when it passed is closed with 1001. 0 turns it off.
	 */
	private Duration idleTimeout = Duration.ofMinutes(2);

	/**
	 * How long a new session may take to send its first message before it is closed with 1008.
	 * 0 turns it off.
	 */
	private Duration firstMessageTimeout = Duration.ofSeconds(30);

	/**
	 * How long a sync publish waits for each subscriber's notify answer.
	 */
	private Duration notifyTimeout = Duration.ofSeconds(5);

	/**
	 * Segment separator of wildcard listener patterns on the server's own client.
	 */
	private char topicSeparator = '.';

	/**
	 * Cross-instance fan-out.
	 */
	private final Broadcast broadcast = new Broadcast();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public List<String> getAllowedOriginPatterns() {
		return this.allowedOriginPatterns;
	}

	public void setAllowedOriginPatterns(List<String> allowedOriginPatterns) {
		this.allowedOriginPatterns = allowedOriginPatterns;
	}

	public int getMaxSubscriptionsPerSession() {
		return this.maxSubscriptionsPerSession;
	}

	public void setMaxSubscriptionsPerSession(int maxSubscriptionsPerSession) {
		this.maxSubscriptionsPerSession = maxSubscriptionsPerSession;
	}

	public DataSize getMaxTextMessageSize() {
		return this.maxTextMessageSize;
	}

	public void setMaxTextMessageSize(DataSize maxTextMessageSize) {
		this.maxTextMessageSize = maxTextMessageSize;
	}

	public DataSize getTextBufferSize() {
		return this.textBufferSize;
	}

	public void setTextBufferSize(DataSize textBufferSize) {
		this.textBufferSize = textBufferSize;
	}

	public DataSize getSendBufferSizeLimit() {
		return this.sendBufferSizeLimit;
	}

	public void setSendBufferSizeLimit(DataSize sendBufferSizeLimit) {
		this.sendBufferSizeLimit = sendBufferSizeLimit;
	}

	public Duration getSendTimeLimit() {
		return this.sendTimeLimit;
	}

	public void setSendTimeLimit(Duration sendTimeLimit) {
		this.sendTimeLimit = sendTimeLimit;
	}

	public Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	public Duration getFirstMessageTimeout() {
		return this.firstMessageTimeout;
	}

	public void setFirstMessageTimeout(Duration firstMessageTimeout) {
		this.firstMessageTimeout = firstMessageTimeout;
	}

	public Duration getNotifyTimeout() {
		return this.notifyTimeout;
	}

	public void setNotifyTimeout(Duration notifyTimeout) {
		this.notifyTimeout = notifyTimeout;
	}

	public char getTopicSeparator() {
		return this.topicSeparator;
	}

	public void setTopicSeparator(char topicSeparator) {
		this.topicSeparator = topicSeparator;
	}

	public Broadcast getBroadcast() {
		return this.broadcast;
	}

	/**
	 * Broadcast backend settings.
	 */
	public static class Broadcast {

		/**
		 * Backend: none (this instance only) or redis.
		 */
		private BroadcastType type = BroadcastType.NONE;

		/**
		 * Broadcast channel; EventNotifier is what Python instances use.
		 */
		private String channel = WsRpcTopics.DEFAULT_BROADCAST_CHANNEL;

		/**
		 * Removed: the Redis fan-out uses the connection Spring Boot configures from
		 * spring.data.redis.* (url, host, port, username, password, database, ssl); setting this
		 * fails startup with the replacement to use.
		 */
		private @Nullable String redisUrl;

		/**
		 * How often to re-subscribe after losing the backend.
		 */
		private Duration recoveryInterval = Duration.ofSeconds(1);

		/**
		 * Bytes of events that may wait to be published to the backend, and bytes of received
		 * messages that may wait to be handed to local subscribers; beyond it messages are dropped
		 * and counted.
		 */
		private DataSize maxPending = DataSize.ofMegabytes(1);

		/**
		 * How long the health check waits for its probe to come back through the backend.
		 */
		private Duration healthTimeout = Duration.ofSeconds(2);

		public BroadcastType getType() {
			return this.type;
		}

		public void setType(BroadcastType type) {
			this.type = type;
		}

		public String getChannel() {
			return this.channel;
		}

		public void setChannel(String channel) {
			this.channel = channel;
		}

		@Deprecated(since = "0.1.0", forRemoval = true)
		@DeprecatedConfigurationProperty(replacement = "spring.data.redis.url", since = "0.1.0",
				reason = "The Redis fan-out uses the connection Spring Boot configures from spring.data.redis.*")
		public @Nullable String getRedisUrl() {
			return this.redisUrl;
		}

		@Deprecated(since = "0.1.0", forRemoval = true)
		public void setRedisUrl(@Nullable String redisUrl) {
			this.redisUrl = redisUrl;
		}

		public Duration getRecoveryInterval() {
			return this.recoveryInterval;
		}

		public void setRecoveryInterval(Duration recoveryInterval) {
			this.recoveryInterval = recoveryInterval;
		}

		public DataSize getMaxPending() {
			return this.maxPending;
		}

		public void setMaxPending(DataSize maxPending) {
			this.maxPending = maxPending;
		}

		public Duration getHealthTimeout() {
			return this.healthTimeout;
		}

		public void setHealthTimeout(Duration healthTimeout) {
			this.healthTimeout = healthTimeout;
		}

	}

	/**
	 * Broadcast backends.
	 */
	public enum BroadcastType {

		/** No fan-out: events stay in this instance. */
		NONE,

		/** Redis pub/sub, compatible with Python instances. */
		REDIS

	}

}
