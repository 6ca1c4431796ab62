package dev.pubsub.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import dev.pubsub.auth.ChannelAuthController;
import dev.pubsub.auth.ChannelAuthService;

/**
 * Configuration of the channel auth endpoint ({@code pubsub.channel-auth.*}).
 */
@ConfigurationProperties("pubsub.channel-auth")
public class ChannelAuthProperties {

	/**
	 * Default socket id rule: Socket.IO ids (RealtimeX, 20 characters) or Pusher's digits.digits with up
	 * to 20 digits on each side.
	 */
	public static final String DEFAULT_SOCKET_ID_PATTERN = "[A-Za-z0-9_-]{1,64}|[0-9]{1,20}\\.[0-9]{1,20}";

	/**
	 * Whether to expose the channel auth endpoint.
	 */
	private boolean enabled;

	/**
	 * Path of the endpoint.
	 */
	private String path = "/pubsub/auth";

	/**
	 * Public application key, the part before ':' of every auth string. Ignored when a
	 * ChannelAuthCredentials bean exists.
	 */
	private @Nullable String appKey;

	/**
	 * Application secret that signatures are made with. Ignored when a ChannelAuthCredentials bean
	 * exists.
	 */
	private @Nullable String appSecret;

	/**
	 * Regular expression a socket id must match as a whole; ':' and line breaks are always refused.
	 */
	private String socketIdPattern = DEFAULT_SOCKET_ID_PATTERN;

	/**
	 * Longest socket id accepted, checked before socket-id-pattern runs; longer ids get a 400.
	 */
	private int socketIdMaxLength = ChannelAuthService.DEFAULT_MAX_SOCKET_ID_LENGTH;

	/**
	 * Longest request body accepted (declared or read); longer bodies get a 413 without being
	 * parsed.
	 */
	private DataSize maxBodySize = DataSize.ofBytes(ChannelAuthController.DEFAULT_MAX_BODY_BYTES);

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

	public @Nullable String getAppKey() {
		return this.appKey;
	}

	public void setAppKey(@Nullable String appKey) {
		this.appKey = appKey;
	}

	public @Nullable String getAppSecret() {
		return this.appSecret;
	}

	public void setAppSecret(@Nullable String appSecret) {
		this.appSecret = appSecret;
	}

	public String getSocketIdPattern() {
		return this.socketIdPattern;
	}

	public void setSocketIdPattern(String socketIdPattern) {
		this.socketIdPattern = socketIdPattern;
	}

	public int getSocketIdMaxLength() {
		return this.socketIdMaxLength;
	}

	public void setSocketIdMaxLength(int socketIdMaxLength) {
		this.socketIdMaxLength = socketIdMaxLength;
	}

	public DataSize getMaxBodySize() {
		return this.maxBodySize;
	}

	public void setMaxBodySize(DataSize maxBodySize) {
		this.maxBodySize = maxBodySize;
	}

}
