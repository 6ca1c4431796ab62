package dev.pubsub.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * Settings of a httppubsub client ({@code pubsub.clients.<name>.httppubsub.*}).
 */
public class HttpPubSubClientProperties {

	/**
	 * How the client talks to the broadcaster: "http" (requests plus a receive endpoint in this
	 * application) or "websocket" (one connection to the broadcaster's /v1/websocket; no receive
	 * endpoint, subscriptions last as long as the connection).
	 */
	private Transport transport = Transport.HTTP;

	/**
	 * Websocket transport: notifications larger than this are sent in parts of this size, each
	 * acknowledged by the broadcaster before the next.
	 */
	private DataSize websocketPartSize = DataSize.ofMegabytes(1);

	/**
	 * Websocket transport: whether to send minimal headers (values in the fixed order) rather
	 * than name/value pairs. Received messages are read in either form.
	 */
	private boolean minimalHeaders = true;

	/**
	 * Base URLs of the broadcasters, tried in order (they share one subscription store).
	 */
	private List<URI> broadcasters = new ArrayList<>(List.of(URI.create("http://127.0.0.1:3003")));

	/**
	 * Base URL at which the broadcaster reaches this application, e.g. "http://10.0.0.5:8080".
	 * Defaults to http://127.0.0.1:<local server port>.
	 */
	private @Nullable String callbackBaseUrl;

	/**
	 * Fragment appended to the registered receive URL ("#" + fragment), to tell apart processes
	 * that share a URL. The broadcaster signs the URL with the fragment; the endpoint verifies it.
	 */
	private @Nullable String urlFragment;

	/**
	 * Whether to register a recovery URL, so the broadcaster reports failed deliveries as
	 * missed notices.
	 */
	private boolean recovery = true;

	/**
	 * How often to compare the broadcaster's subscriptions with this client's (by strong etag)
	 * and set them again when they differ.
	 */
	private Duration resyncInterval = Duration.ofSeconds(30);

	/**
	 * How long a notify may take; the broadcaster answers only after trying every subscriber.
	 */
	private Duration notifyTimeout = Duration.ofMinutes(2);

	/**
	 * Largest message the receive endpoint accepts; larger ones are refused with 413.
	 */
	private DataSize maxMessageSize = DataSize.ofMegabytes(16);

	/**
	 * Passes over the broadcasters when they answer 502, 503 or 504 or cannot be reached.
	 */
	private int retries = 3;

	/**
	 * Delay before the second pass over the broadcasters; doubled each further pass.
	 */
	private Duration retryBackoff = Duration.ofMillis(500);

	/**
	 * Path of a secrets file written by "lonelypss --setup" (subscriber-secrets.json); its
	 * "to-broadcaster" and "to-subscriber" entries are used where the auth keys below are unset.
	 */
	private @Nullable String secretsFile;

	/**
	 * Authorization of requests to the broadcaster and of this client's answers to it.
	 */
	private final Auth toBroadcaster = new Auth();

	/**
	 * Authorization expected on the broadcaster's requests to this client and on its answers.
	 */
	private final Auth toSubscriber = new Auth();

	/**
	 * TLS of the requests to (http transport) or the connection with (websocket transport) the
	 * https:// broadcasters.
	 */
	private final ClientSslProperties ssl = new ClientSslProperties();

	public ClientSslProperties getSsl() {
		return this.ssl;
	}

	public Transport getTransport() {
		return this.transport;
	}

	public void setTransport(Transport transport) {
		this.transport = transport;
	}

	public DataSize getWebsocketPartSize() {
		return this.websocketPartSize;
	}

	public void setWebsocketPartSize(DataSize websocketPartSize) {
		this.websocketPartSize = websocketPartSize;
	}

	public boolean isMinimalHeaders() {
		return this.minimalHeaders;
	}

	public void setMinimalHeaders(boolean minimalHeaders) {
		this.minimalHeaders = minimalHeaders;
	}

	public List<URI> getBroadcasters() {
		return this.broadcasters;
	}

	public void setBroadcasters(List<URI> broadcasters) {
		this.broadcasters = broadcasters;
	}

	public @Nullable String getCallbackBaseUrl() {
		return this.callbackBaseUrl;
	}

	public void setCallbackBaseUrl(@Nullable String callbackBaseUrl) {
		this.callbackBaseUrl = callbackBaseUrl;
	}

	public @Nullable String getUrlFragment() {
		return this.urlFragment;
	}

	public void setUrlFragment(@Nullable String urlFragment) {
		this.urlFragment = urlFragment;
	}

	public boolean isRecovery() {
		return this.recovery;
	}

	public void setRecovery(boolean recovery) {
		this.recovery = recovery;
	}

	public Duration getResyncInterval() {
		return this.resyncInterval;
	}

	public void setResyncInterval(Duration resyncInterval) {
		this.resyncInterval = resyncInterval;
	}

	public Duration getNotifyTimeout() {
		return this.notifyTimeout;
	}

	public void setNotifyTimeout(Duration notifyTimeout) {
		this.notifyTimeout = notifyTimeout;
	}

	public DataSize getMaxMessageSize() {
		return this.maxMessageSize;
	}

	public void setMaxMessageSize(DataSize maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	public int getRetries() {
		return this.retries;
	}

	public void setRetries(int retries) {
		this.retries = retries;
	}

	public Duration getRetryBackoff() {
		return this.retryBackoff;
	}

	public void setRetryBackoff(Duration retryBackoff) {
		this.retryBackoff = retryBackoff;
	}

	public @Nullable String getSecretsFile() {
		return this.secretsFile;
	}

	public void setSecretsFile(@Nullable String secretsFile) {
		this.secretsFile = secretsFile;
	}

	public Auth getToBroadcaster() {
		return this.toBroadcaster;
	}

	public Auth getToSubscriber() {
		return this.toSubscriber;
	}

	/**
	 * How a client talks to the broadcaster.
	 */
	public enum Transport {

		/** HTTP requests to the broadcaster; it POSTs messages to this application's receive endpoint. */
		HTTP,

		/** One websocket to the broadcaster's /v1/websocket carries everything. */
		WEBSOCKET

	}

	/**
	 * Authorization of one direction.
	 */
	public static class Auth {

		/**
		 * Authorization mode: none, token or hmac. Unset means: from the secrets file, else none.
		 */
		private @Nullable Mode type;

		/**
		 * The shared token (token mode) or URL-safe base64 64-byte key (hmac mode).
		 */
		private @Nullable String secret;

		public @Nullable Mode getType() {
			return this.type;
		}

		public void setType(@Nullable Mode type) {
			this.type = type;
		}

		public @Nullable String getSecret() {
			return this.secret;
		}

		public void setSecret(@Nullable String secret) {
			this.secret = secret;
		}

		@Override
		public String toString() {
			return "Auth[type=" + this.type + ", secret=" + ((this.secret != null) ? "******" : "none") + "]";
		}

	}

	/**
	 * Authorization modes.
	 */
	public enum Mode {

		/** No authorization. */
		NONE,

		/** Bearer token. */
		TOKEN,

		/** HMAC-SHA512 with timestamp and replay protection. */
		HMAC

	}

}
