package dev.pubsub.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.pubsub.emitter.EmitterClientSettings;
import dev.pubsub.emitter.OfflinePublishMode;

/**
 * Settings of a Emitter (MQTT) client ({@code pubsub.clients.<name>.emitter.*}).
 */
public class EmitterClientProperties {

	/**
	 * Broker host.
	 */
	private String host = "localhost";

	/**
	 * Broker port (Emitter serves MQTT on 8080, and MQTT over TLS on 443 when configured).
	 */
	private int port = 8080;

	/**
	 * Whether to connect with TLS (ssl://) using the JVM's default trust store; ssl.bundle turns TLS
	 * on with the bundle's trust material instead.
	 */
	private boolean tls = false;

	/**
	 * Username sent on CONNECT; the broker shows it to presence subscribers and checks nothing.
	 */
	private @Nullable String username;

	/**
	 * MQTT client id; a random one when not set (the broker ignores it).
	 */
	private @Nullable String clientId;

	/**
	 * MQTT keep-alive; must stay below the broker's 120 s read deadline.
	 */
	private Duration keepAlive = Duration.ofSeconds(30);

	/**
	 * Channel keys by channel prefix, used by listener patterns and publishes that name no key:
	 * the longest prefix (whole segments) of the channel wins. Use brackets for slashes, e.g.
	 * channel-keys[sensors/kitchen]=KEY.
	 */
	private final Map<String, String> channelKeys = new LinkedHashMap<>();

	/**
	 * What publishes do while the client is (re)connecting: queue them (bounded) or fail at once.
	 */
	private OfflinePublishMode offlinePublishMode = OfflinePublishMode.QUEUE;

	/**
	 * Publishes that may wait for the connection in queue mode; more fail.
	 */
	private int offlineQueueCapacity = 1000;

	/**
	 * Largest PUBLISH packet (topic, packet id and payload) sent; the broker drops connections
	 * that send more than 65536 bytes.
	 */
	private int maxMessageSize = 65_536;

	/**
	 * Largest MQTT packet (remaining length) read from the broker; a packet declaring more drops the
	 * connection before it is read (counted as malformed, the client reconnects). The default, 1 MiB,
	 * is sixteen times the broker's 65536-byte message limit, leaving room for its presence responses.
	 */
	private int maxInboundPacketSize = EmitterClientSettings.DEFAULT_MAX_INBOUND_PACKET_SIZE;

	/**
	 * Stored messages each subscription replays when it is restored after a reconnect (0: none,
	 * so nothing is delivered twice).
	 */
	private int restoreLast = 0;

	/**
	 * TLS of the MQTT connection; a bundle turns TLS on (ssl://), as tls=true does with the JVM's
	 * default trust store.
	 */
	private final ClientSslProperties ssl = new ClientSslProperties();

	public ClientSslProperties getSsl() {
		return this.ssl;
	}

	public String getHost() {
		return this.host;
	}

	public void setHost(String host) {
		this.host = host;
	}

	public int getPort() {
		return this.port;
	}

	public void setPort(int port) {
		this.port = port;
	}

	public boolean isTls() {
		return this.tls;
	}

	public void setTls(boolean tls) {
		this.tls = tls;
	}

	public @Nullable String getUsername() {
		return this.username;
	}

	public void setUsername(@Nullable String username) {
		this.username = username;
	}

	public @Nullable String getClientId() {
		return this.clientId;
	}

	public void setClientId(@Nullable String clientId) {
		this.clientId = clientId;
	}

	public Duration getKeepAlive() {
		return this.keepAlive;
	}

	public void setKeepAlive(Duration keepAlive) {
		this.keepAlive = keepAlive;
	}

	public Map<String, String> getChannelKeys() {
		return this.channelKeys;
	}

	public OfflinePublishMode getOfflinePublishMode() {
		return this.offlinePublishMode;
	}

	public void setOfflinePublishMode(OfflinePublishMode offlinePublishMode) {
		this.offlinePublishMode = offlinePublishMode;
	}

	public int getOfflineQueueCapacity() {
		return this.offlineQueueCapacity;
	}

	public void setOfflineQueueCapacity(int offlineQueueCapacity) {
		this.offlineQueueCapacity = offlineQueueCapacity;
	}

	public int getMaxMessageSize() {
		return this.maxMessageSize;
	}

	public void setMaxMessageSize(int maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	public int getMaxInboundPacketSize() {
		return this.maxInboundPacketSize;
	}

	public void setMaxInboundPacketSize(int maxInboundPacketSize) {
		this.maxInboundPacketSize = maxInboundPacketSize;
	}

	public int getRestoreLast() {
		return this.restoreLast;
	}

	public void setRestoreLast(int restoreLast) {
		this.restoreLast = restoreLast;
	}

}
