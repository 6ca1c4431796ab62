package dev.pubsub.autoconfigure;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * Settings of a RealtimeX (Socket.IO) client ({@code pubsub.clients.<name>.realtimex.*}).
 */
public class RealtimeXClientProperties {

	/**
	 * Public RealtimeX api key, sent as the api_key query parameter (and as bearer token to the
	 * auth endpoint).
	 */
	private @Nullable String apiKey;

	/**
	 * Host of the RealtimeX websocket server.
	 */
	private String wsHost = "ws.realtimex.net";

	/**
	 * Port of the RealtimeX websocket server.
	 */
	private int wsPort = 443;

	/**
	 * Whether to connect with TLS (wss).
	 */
	private boolean encrypted = true;

	/**
	 * Socket.IO path on the server.
	 */
	private String path = "/socket.io/";

	/**
	 * Cluster name; accepted for parity with the SDK, which never uses it.
	 */
	private String cluster = "eu";

	/**
	 * Largest inbound frame accepted. Frames are read with small container buffers and joined part
	 * by part up to this size (nothing is allocated at the limit up front); a larger one is
	 * discarded, counted as malformed and reported as an ERROR event, and the connection stays open.
	 */
	private DataSize maxFrameSize = DataSize.ofMegabytes(1);

	/**
	 * Your backend's channel auth endpoint (for example http://localhost:8080/pubsub/auth); used for
	 * private and presence channels unless a RealtimeXAuthorizer bean exists.
	 */
	private @Nullable URI authEndpoint;

	/**
	 * Extra headers sent to the auth endpoint (your own session or token); an Authorization header
	 * here replaces the api key bearer token.
	 */
	private Map<String, String> authHeaders = new LinkedHashMap<>();

	/**
	 * Application key for signing subscriptions locally (a trusted service holding the secret);
	 * used when neither an authorizer bean nor an auth endpoint is set.
	 */
	private @Nullable String appKey;

	/**
	 * Application secret for signing subscriptions locally.
	 */
	private @Nullable String appSecret;

	/**
	 * Presence user id this client joins presence channels as, when signing locally.
	 */
	private @Nullable String presenceUserId;

	/**
	 * Presence user info sent with the user id, when signing locally.
	 */
	private Map<String, String> presenceUserInfo = new LinkedHashMap<>();

	/**
	 * TLS of the wss:// connection (encrypted must stay true).
	 */
	private final ClientSslProperties ssl = new ClientSslProperties();

	/**
	 * TLS of the https:// auth-endpoint calls, separate from ssl because the auth endpoint is your
	 * backend, another server with its own trust (and the RealtimeX client certificate is not sent to
	 * it); without a bundle the JVM's default trust store is used. Needs an https auth-endpoint.
	 */
	private final ClientSslProperties authEndpointSsl = new ClientSslProperties();

	public ClientSslProperties getSsl() {
		return this.ssl;
	}

	public ClientSslProperties getAuthEndpointSsl() {
		return this.authEndpointSsl;
	}

	public @Nullable String getApiKey() {
		return this.apiKey;
	}

	public void setApiKey(@Nullable String apiKey) {
		this.apiKey = apiKey;
	}

	public String getWsHost() {
		return this.wsHost;
	}

	public void setWsHost(String wsHost) {
		this.wsHost = wsHost;
	}

	public int getWsPort() {
		return this.wsPort;
	}

	public void setWsPort(int wsPort) {
		this.wsPort = wsPort;
	}

	public boolean isEncrypted() {
		return this.encrypted;
	}

	public void setEncrypted(boolean encrypted) {
		this.encrypted = encrypted;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public String getCluster() {
		return this.cluster;
	}

	public void setCluster(String cluster) {
		this.cluster = cluster;
	}

	public @Nullable URI getAuthEndpoint() {
		return this.authEndpoint;
	}

	public void setAuthEndpoint(@Nullable URI authEndpoint) {
		this.authEndpoint = authEndpoint;
	}

	public Map<String, String> getAuthHeaders() {
		return this.authHeaders;
	}

	public void setAuthHeaders(Map<String, String> authHeaders) {
		this.authHeaders = authHeaders;
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

	public @Nullable String getPresenceUserId() {
		return this.presenceUserId;
	}

	public void setPresenceUserId(@Nullable String presenceUserId) {
		this.presenceUserId = presenceUserId;
	}

	public Map<String, String> getPresenceUserInfo() {
		return this.presenceUserInfo;
	}

	public void setPresenceUserInfo(Map<String, String> presenceUserInfo) {
		this.presenceUserInfo = presenceUserInfo;
	}

	public DataSize getMaxFrameSize() {
		return this.maxFrameSize;
	}

	public void setMaxFrameSize(DataSize maxFrameSize) {
		this.maxFrameSize = maxFrameSize;
	}

}
