package dev.pubsub.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

/**
 * Settings of a Realtime Pub/Sub client ({@code pubsub.clients.<name>.realtime.*}).
 */
public class RealtimeClientProperties {

	/**
	 * Gateway base URL, e.g. wss://genesis.r7.21no.de; the client appends /apps/{app-id}.
	 */
	private @Nullable String url;

	/**
	 * Application id.
	 */
	private @Nullable String appId;

	/**
	 * Static access token (JWT). For tokens that expire, define a RealtimeAccessTokenProvider bean
	 * instead; it is asked again on every reconnect.
	 */
	private @Nullable String accessToken;

	/**
	 * Name of a RealtimeAccessTokenProvider bean to use for this client.
	 */
	private @Nullable String accessTokenProvider;

	/**
	 * Largest inbound frame accepted; larger frames are rejected and counted.
	 */
	private DataSize maxFrameSize = DataSize.ofMegabytes(1);

	/**
	 * How often to ping the gateway; a connection that answers no ping for two intervals is treated
	 * as lost and reconnected. 0 disables pings.
	 */
	private Duration pingInterval = Duration.ofSeconds(15);

	/**
	 * TLS of the wss:// gateway connection.
	 */
	private final ClientSslProperties ssl = new ClientSslProperties();

	public ClientSslProperties getSsl() {
		return this.ssl;
	}

	public @Nullable String getUrl() {
		return this.url;
	}

	public void setUrl(@Nullable String url) {
		this.url = url;
	}

	public @Nullable String getAppId() {
		return this.appId;
	}

	public void setAppId(@Nullable String appId) {
		this.appId = appId;
	}

	public @Nullable String getAccessToken() {
		return this.accessToken;
	}

	public void setAccessToken(@Nullable String accessToken) {
		this.accessToken = accessToken;
	}

	public @Nullable String getAccessTokenProvider() {
		return this.accessTokenProvider;
	}

	public void setAccessTokenProvider(@Nullable String accessTokenProvider) {
		this.accessTokenProvider = accessTokenProvider;
	}

	public Duration getPingInterval() {
		return this.pingInterval;
	}

	public void setPingInterval(Duration pingInterval) {
		this.pingInterval = pingInterval;
	}

	public DataSize getMaxFrameSize() {
		return this.maxFrameSize;
	}

	public void setMaxFrameSize(DataSize maxFrameSize) {
		this.maxFrameSize = maxFrameSize;
	}

}
