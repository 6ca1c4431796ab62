package dev.pubsub.emitter;

import java.time.Duration;
import java.util.Map;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * Connection settings of an Emitter client.
 *
 * @param host the broker host
 * @param port the broker port
 * @param tls whether to connect with TLS ({@code ssl://}) using the JVM's default trust store
 * @param username the username, shown to presence subscribers; {@code null} for none
 * @param clientId the MQTT client id; {@code null} for a generated one (the broker ignores it)
 * @param keepAlive the MQTT keep-alive; must be below the broker's 120 s read deadline
 * @param connectTimeout the timeout of one connection attempt
 * @param channelKeys channel keys by channel prefix, for listener patterns without a key extra
 * @param offlinePublishMode what publishes do while disconnected
 * @param offlineQueueCapacity how many publishes may wait for the connection in {@code QUEUE} mode
 * @param maxMessageSize the largest PUBLISH packet (remaining length) the client sends
 * @param restoreLast how many stored messages a subscription replays when it is restored after a
 * reconnect
 * @param sslContext the SSL context of the TLS connection (from an SSL bundle), which implies TLS;
 * {@code null} for the JVM's default when {@code tls} is set
 * @param maxInboundPacketSize the largest MQTT packet (remaining length) the client reads from the
 * broker; a larger one drops the connection before it is read
 */
public record EmitterClientSettings(String host, int port, boolean tls, @Nullable String username,
		@Nullable String clientId, Duration keepAlive, Duration connectTimeout, Map<String, String> channelKeys,
		OfflinePublishMode offlinePublishMode, int offlineQueueCapacity, int maxMessageSize, int restoreLast,
		@Nullable SSLContext sslContext, int maxInboundPacketSize) {

	/**
	 * The default of {@code max-inbound-packet-size}: 1 MiB, sixteen times the broker's own limit on a
	 * message (65,536 bytes, which bounds every delivery), leaving room for the broker's responses that
	 * limit does not bound (a presence status lists every subscriber).
	 */
	public static final int DEFAULT_MAX_INBOUND_PACKET_SIZE = 1024 * 1024;

	public EmitterClientSettings {
		Assert.hasText(host, "host must not be empty");
		Assert.isTrue(port > 0 && port < 65536, "port must be between 1 and 65535");
		Assert.isTrue(keepAlive.getSeconds() > 0 && keepAlive.getSeconds() < 120,
				"keep-alive must be between 1 and 119 seconds (the broker drops connections idle for 120 s)");
		Assert.isTrue(offlineQueueCapacity >= 0, "offline-queue-capacity must not be negative");
		Assert.isTrue(maxMessageSize > 0 && maxMessageSize <= EmitterTopics.MAX_PACKET_SIZE,
				"max-message-size must be between 1 and " + EmitterTopics.MAX_PACKET_SIZE);
		Assert.isTrue(restoreLast >= 0, "restore-last must not be negative");
		Assert.isTrue(maxInboundPacketSize >= 2
				&& maxInboundPacketSize <= MqttPacketLimitInputStream.PROTOCOL_MAX_REMAINING_LENGTH,
				"max-inbound-packet-size must be between 2 and "
						+ MqttPacketLimitInputStream.PROTOCOL_MAX_REMAINING_LENGTH);
		channelKeys = Map.copyOf(channelKeys);
	}

	/**
	 * Settings with the default {@code max-inbound-packet-size}.
	 * @param host the broker host
	 * @param port the broker port
	 * @param tls whether to connect with TLS using the JVM's default trust store
	 * @param username the username; {@code null} for none
	 * @param clientId the MQTT client id; {@code null} for a generated one
	 * @param keepAlive the MQTT keep-alive
	 * @param connectTimeout the timeout of one connection attempt
	 * @param channelKeys channel keys by channel prefix
	 * @param offlinePublishMode what publishes do while disconnected
	 * @param offlineQueueCapacity how many publishes may wait for the connection
	 * @param maxMessageSize the largest PUBLISH packet the client sends
	 * @param restoreLast how many stored messages a restored subscription replays
	 * @param sslContext the SSL context of the TLS connection, or {@code null}
	 */
	public EmitterClientSettings(String host, int port, boolean tls, @Nullable String username,
			@Nullable String clientId, Duration keepAlive, Duration connectTimeout, Map<String, String> channelKeys,
			OfflinePublishMode offlinePublishMode, int offlineQueueCapacity, int maxMessageSize, int restoreLast,
			@Nullable SSLContext sslContext) {
		this(host, port, tls, username, clientId, keepAlive, connectTimeout, channelKeys, offlinePublishMode,
				offlineQueueCapacity, maxMessageSize, restoreLast, sslContext, DEFAULT_MAX_INBOUND_PACKET_SIZE);
	}

	/**
	 * Settings without an SSL context of their own.
	 * @param host the broker host
	 * @param port the broker port
	 * @param tls whether to connect with TLS using the JVM's default trust store
	 * @param username the username; {@code null} for none
	 * @param clientId the MQTT client id; {@code null} for a generated one
	 * @param keepAlive the MQTT keep-alive
	 * @param connectTimeout the timeout of one connection attempt
	 * @param channelKeys channel keys by channel prefix
	 * @param offlinePublishMode what publishes do while disconnected
	 * @param offlineQueueCapacity how many publishes may wait for the connection
	 * @param maxMessageSize the largest PUBLISH packet the client sends
	 * @param restoreLast how many stored messages a restored subscription replays
	 */
	public EmitterClientSettings(String host, int port, boolean tls, @Nullable String username,
			@Nullable String clientId, Duration keepAlive, Duration connectTimeout, Map<String, String> channelKeys,
			OfflinePublishMode offlinePublishMode, int offlineQueueCapacity, int maxMessageSize, int restoreLast) {
		this(host, port, tls, username, clientId, keepAlive, connectTimeout, channelKeys, offlinePublishMode,
				offlineQueueCapacity, maxMessageSize, restoreLast, null);
	}

	/**
	 * Settings for a plain connection with the defaults.
	 * @param host the host
	 * @param port the port
	 * @return the settings
	 */
	public static EmitterClientSettings of(String host, int port) {
		return new EmitterClientSettings(host, port, false, null, null, Duration.ofSeconds(30),
				Duration.ofSeconds(10), Map.of(), OfflinePublishMode.QUEUE, 1000, EmitterTopics.MAX_PACKET_SIZE, 0);
	}

	/**
	 * Return a copy with a username.
	 * @param username the username
	 * @return the settings
	 */
	public EmitterClientSettings withUsername(@Nullable String username) {
		return new EmitterClientSettings(this.host, this.port, this.tls, username, this.clientId, this.keepAlive,
				this.connectTimeout, this.channelKeys, this.offlinePublishMode, this.offlineQueueCapacity,
				this.maxMessageSize, this.restoreLast, this.sslContext, this.maxInboundPacketSize);
	}

	/**
	 * Return a copy with channel keys.
	 * @param channelKeys the keys by channel prefix
	 * @return the settings
	 */
	public EmitterClientSettings withChannelKeys(Map<String, String> channelKeys) {
		return new EmitterClientSettings(this.host, this.port, this.tls, this.username, this.clientId, this.keepAlive,
				this.connectTimeout, channelKeys, this.offlinePublishMode, this.offlineQueueCapacity,
				this.maxMessageSize, this.restoreLast, this.sslContext, this.maxInboundPacketSize);
	}

	/**
	 * Return a copy with another offline behaviour.
	 * @param mode the mode
	 * @param capacity the queue capacity
	 * @return the settings
	 */
	public EmitterClientSettings withOfflinePublishing(OfflinePublishMode mode, int capacity) {
		return new EmitterClientSettings(this.host, this.port, this.tls, this.username, this.clientId, this.keepAlive,
				this.connectTimeout, this.channelKeys, mode, capacity, this.maxMessageSize, this.restoreLast,
				this.sslContext, this.maxInboundPacketSize);
	}

	/**
	 * Return a copy that connects with TLS using an SSL context (from an SSL bundle).
	 * @param sslContext the context, or {@code null} for none
	 * @return the settings
	 */
	public EmitterClientSettings withSslContext(@Nullable SSLContext sslContext) {
		return new EmitterClientSettings(this.host, this.port, this.tls, this.username, this.clientId, this.keepAlive,
				this.connectTimeout, this.channelKeys, this.offlinePublishMode, this.offlineQueueCapacity,
				this.maxMessageSize, this.restoreLast, sslContext, this.maxInboundPacketSize);
	}

	/**
	 * Return a copy with another limit on inbound packets.
	 * @param maxInboundPacketSize the largest remaining length read from the broker
	 * @return the settings
	 */
	public EmitterClientSettings withMaxInboundPacketSize(int maxInboundPacketSize) {
		return new EmitterClientSettings(this.host, this.port, this.tls, this.username, this.clientId, this.keepAlive,
				this.connectTimeout, this.channelKeys, this.offlinePublishMode, this.offlineQueueCapacity,
				this.maxMessageSize, this.restoreLast, this.sslContext, maxInboundPacketSize);
	}

	/**
	 * Return whether the client connects with TLS: {@code tls} is set or there is an SSL context.
	 * @return whether to use TLS
	 */
	public boolean secure() {
		return this.tls || this.sslContext != null;
	}

	/**
	 * Return the broker URI Paho connects to.
	 * @return {@code tcp://host:port} or {@code ssl://host:port}
	 */
	public String serverUri() {
		return (secure() ? "ssl://" : "tcp://") + this.host + ":" + this.port;
	}

}
