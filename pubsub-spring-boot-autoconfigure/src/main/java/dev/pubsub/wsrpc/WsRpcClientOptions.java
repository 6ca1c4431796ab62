package dev.pubsub.wsrpc;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.springframework.util.Assert;

/**
 * Connection settings of a {@link DefaultWsRpcPubSubClient}.
 *
 * @param url the endpoint, e.g. {@code ws://host:8000/pubsub}
 * @param headers extra HTTP headers for the WebSocket handshake (auth tokens)
 * @param connectTimeout how long the WebSocket handshake may take
 * @param handshakePingTimeout how long to wait for the {@code _ping_} answer at connect before
 * carrying on regardless (as the Python client does)
 * @param keepAlive interval of keep-alive {@code _ping_} calls; zero disables them
 * @param keepAliveTimeout how long a keep-alive {@code _ping_} may stay unanswered before the
 * connection is treated as lost (a server that hangs without closing) and reconnected
 * @param topicSeparator the segment separator of wildcard listener patterns
 */
public record WsRpcClientOptions(URI url, Map<String, String> headers, Duration connectTimeout,
		Duration handshakePingTimeout, Duration keepAlive, Duration keepAliveTimeout, char topicSeparator) {

	/** The default keep-alive interval. */
	public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(15);

	/** The default keep-alive timeout. */
	public static final Duration DEFAULT_KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * Validate and copy.
	 */
	public WsRpcClientOptions {
		Assert.notNull(url, "url must not be null");
		String scheme = url.getScheme();
		Assert.isTrue("ws".equals(scheme) || "wss".equals(scheme),
				() -> "wsrpc url must start with ws:// or wss://, got '" + url + "'");
		headers = Map.copyOf(headers);
		Assert.isTrue(!keepAlive.isNegative(), "keepAlive must not be negative");
		Assert.isTrue(!keepAliveTimeout.isNegative() && !keepAliveTimeout.isZero(), "keepAliveTimeout must be positive");
	}

	/**
	 * Options with defaults for everything but the URL.
	 * @param url the endpoint
	 * @return the options
	 */
	public static WsRpcClientOptions of(URI url) {
		return new WsRpcClientOptions(url, Map.of(), Duration.ofSeconds(10), Duration.ofSeconds(5), DEFAULT_KEEP_ALIVE,
				DEFAULT_KEEP_ALIVE_TIMEOUT, '.');
	}

	/**
	 * Copy with other headers.
	 * @param headers the headers
	 * @return the options
	 */
	public WsRpcClientOptions withHeaders(Map<String, String> headers) {
		return new WsRpcClientOptions(this.url, headers, this.connectTimeout, this.handshakePingTimeout,
				this.keepAlive, this.keepAliveTimeout, this.topicSeparator);
	}

	/**
	 * Copy with another keep-alive interval.
	 * @param keepAlive the interval
	 * @return the options
	 */
	public WsRpcClientOptions withKeepAlive(Duration keepAlive) {
		return new WsRpcClientOptions(this.url, this.headers, this.connectTimeout, this.handshakePingTimeout,
				keepAlive, this.keepAliveTimeout, this.topicSeparator);
	}

	/**
	 * Copy with another keep-alive interval and timeout.
	 * @param keepAlive the interval
	 * @param keepAliveTimeout how long a keep-alive ping may stay unanswered
	 * @return the options
	 */
	public WsRpcClientOptions withKeepAlive(Duration keepAlive, Duration keepAliveTimeout) {
		return new WsRpcClientOptions(this.url, this.headers, this.connectTimeout, this.handshakePingTimeout,
				keepAlive, keepAliveTimeout, this.topicSeparator);
	}

}
