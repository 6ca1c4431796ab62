package dev.pubsub.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

import dev.pubsub.wsrpc.WsRpcClientOptions;

/**
 * Settings of a fastapi_websocket_pubsub JSON-RPC client ({@code pubsub.clients.<name>.wsrpc.*}).
 */
public class WsRpcClientProperties {

	/**
	 * WebSocket URL of the PubSubEndpoint, e.g. ws://localhost:8000/pubsub.
	 */
	private @Nullable URI url;

	/**
	 * Extra HTTP headers sent with the WebSocket handshake, e.g. Authorization.
	 */
	private Map<String, String> headers = new LinkedHashMap<>();

	/**
	 * Interval of keep-alive _ping_ calls that detect a server that hangs without closing; 0
	 * disables them.
	 */
	private Duration keepAlive = WsRpcClientOptions.DEFAULT_KEEP_ALIVE;

	/**
	 * How long a keep-alive _ping_ may stay unanswered before the connection is treated as lost and
	 * reconnected.
	 */
	private Duration keepAliveTimeout = WsRpcClientOptions.DEFAULT_KEEP_ALIVE_TIMEOUT;

	/**
	 * How long to wait for the _ping_ answer at connect before carrying on regardless.
	 */
	private Duration handshakePingTimeout = Duration.ofSeconds(5);

	/**
	 * Segment separator of wildcard listener patterns ('*' one segment, '**' any).
	 */
	private char topicSeparator = '.';

	/**
	 * Largest text message the client accepts. It is read in small parts and joined up to this size
	 * (no buffer is allocated at the limit up front); a larger message is discarded, counted as
	 * malformed and logged, and the connection stays open.
	 */
	private DataSize maxTextMessageSize = DataSize.ofMegabytes(16);

	/**
	 * TLS of the wss:// connection.
	 */
	private final ClientSslProperties ssl = new ClientSslProperties();

	public ClientSslProperties getSsl() {
		return this.ssl;
	}

	public @Nullable URI getUrl() {
		return this.url;
	}

	public void setUrl(@Nullable URI url) {
		this.url = url;
	}

	public Map<String, String> getHeaders() {
		return this.headers;
	}

	public void setHeaders(Map<String, String> headers) {
		this.headers = headers;
	}

	public Duration getKeepAlive() {
		return this.keepAlive;
	}

	public void setKeepAlive(Duration keepAlive) {
		this.keepAlive = keepAlive;
	}

	public Duration getKeepAliveTimeout() {
		return this.keepAliveTimeout;
	}

	public void setKeepAliveTimeout(Duration keepAliveTimeout) {
		this.keepAliveTimeout = keepAliveTimeout;
	}

	public Duration getHandshakePingTimeout() {
		return this.handshakePingTimeout;
	}

	public void setHandshakePingTimeout(Duration handshakePingTimeout) {
		this.handshakePingTimeout = handshakePingTimeout;
	}

	public char getTopicSeparator() {
		return this.topicSeparator;
	}

	public void setTopicSeparator(char topicSeparator) {
		this.topicSeparator = topicSeparator;
	}

	public DataSize getMaxTextMessageSize() {
		return this.maxTextMessageSize;
	}

	public void setMaxTextMessageSize(DataSize maxTextMessageSize) {
		this.maxTextMessageSize = maxTextMessageSize;
	}

}
