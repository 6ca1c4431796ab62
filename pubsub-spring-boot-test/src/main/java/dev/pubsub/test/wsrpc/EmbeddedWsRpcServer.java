package dev.pubsub.test.wsrpc;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

import dev.pubsub.test.EmbeddedPubSubServer;
import dev.pubsub.test.support.EmbeddedTomcat;
import dev.pubsub.test.support.FaultInjectingWebSocketHandler;
import dev.pubsub.wsrpc.server.WsRpcAuthorizer;
import dev.pubsub.wsrpc.server.WsRpcEndpointHandler;
import dev.pubsub.wsrpc.server.WsRpcEndpointSettings;
import dev.pubsub.wsrpc.server.WsRpcEventNotifier;
import dev.pubsub.wsrpc.server.WsRpcHandshakeInterceptor;
import dev.pubsub.wsrpc.server.WsRpcPublisher;
import dev.pubsub.wsrpc.server.WsRpcServerMetrics;

/**
 * A fastapi_websocket_pubsub endpoint for tests: the starter's own {@link WsRpcEndpointHandler} on
 * an embedded Tomcat bound to {@code 127.0.0.1}, at {@code /pubsub}, with no Spring application
 * context. Point a {@code type: wsrpc} client's {@code url} at {@link #endpointUrl()}; publish
 * server-side events with {@link #publisher()}.
 *
 * <pre class="code">
 * try (EmbeddedWsRpcServer server = new EmbeddedWsRpcServer(0).start()) {
 *     // pubsub.clients.x.wsrpc.url = server.endpointUrl()
 *     server.publisher().publish("orders", Map.of("id", 1));
 * }
 * </pre>
 */
public final class EmbeddedWsRpcServer implements EmbeddedPubSubServer {

	/** The endpoint path. */
	public static final String PATH = "/pubsub";

	private final int requestedPort;

	private final WsRpcEndpointHandler handler;

	private final WsRpcAuthorizer authorizer;

	private final FaultInjectingWebSocketHandler faults;

	private @Nullable EmbeddedTomcat tomcat;

	private int port = -1;

	/**
	 * Create a server with default limits that allows every connection.
	 * @param port the port, {@code 0} for an ephemeral one
	 */
	public EmbeddedWsRpcServer(int port) {
		this(port, WsRpcEndpointSettings.defaults(), WsRpcAuthorizer.ALLOW_ALL);
	}

	/**
	 * Create a server.
	 * @param port the port, {@code 0} for an ephemeral one
	 * @param settings the endpoint's limits
	 * @param authorizer the authorizer
	 */
	public EmbeddedWsRpcServer(int port, WsRpcEndpointSettings settings, WsRpcAuthorizer authorizer) {
		this.requestedPort = port;
		this.authorizer = authorizer;
		this.handler = new WsRpcEndpointHandler(JsonMapper.builder().build(), new WsRpcEventNotifier(), settings,
				authorizer, List.of());
		this.faults = new FaultInjectingWebSocketHandler(this.handler);
	}

	@Override
	public synchronized EmbeddedWsRpcServer start() {
		Assert.state(this.tomcat == null, "Server is already running");
		WebSocketHttpRequestHandler requestHandler = new WebSocketHttpRequestHandler(this.faults);
		requestHandler.setHandshakeInterceptors(List.of(new WsRpcHandshakeInterceptor(this.authorizer)));
		EmbeddedTomcat server = EmbeddedTomcat.start("wsrpc endpoint", "embedded-wsrpc", this.requestedPort,
				(context) -> EmbeddedTomcat.addUpgradeServlet(context, "wsrpc", requestHandler, PATH::equals,
						// The handler joins partial messages up to its own limit, so the container
						// keeps its small default buffers instead of one per session at the maximum.
						(container) -> container.setDefaultMaxSessionIdleTimeout(0)));
		this.tomcat = server;
		this.port = server.port();
		return this;
	}

	@Override
	public synchronized void stop() {
		EmbeddedTomcat server = this.tomcat;
		this.tomcat = null;
		this.port = -1;
		if (server != null) {
			this.handler.destroy();
			server.stop();
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.tomcat != null;
	}

	@Override
	public synchronized int port() {
		Assert.state(this.tomcat != null, "Server is not running");
		return this.port;
	}

	@Override
	public String url() {
		return "ws://127.0.0.1:" + port();
	}

	/**
	 * Return the endpoint URL, {@code ws://127.0.0.1:<port>/pubsub}.
	 * @return the URL
	 */
	public String endpointUrl() {
		return url() + PATH;
	}

	/**
	 * Return the server-side publisher (the Python {@code endpoint.publish}).
	 * @return the publisher
	 */
	public WsRpcPublisher publisher() {
		return this.handler;
	}

	/**
	 * Return the topic registry, to check who is subscribed.
	 * @return the notifier
	 */
	public WsRpcEventNotifier notifier() {
		return this.handler.notifier();
	}

	/**
	 * Return the fault hooks (accept-then-close, dropping every connection, raw frames, suspended reading)
	 * that wrap the endpoint, for the provider contract kit and hostile-server tests.
	 * @return the hooks
	 */
	public FaultInjectingWebSocketHandler faults() {
		return this.faults;
	}

	/**
	 * Return the endpoint's counters.
	 * @return the metrics
	 */
	public WsRpcServerMetrics metrics() {
		return this.handler.metrics();
	}

}
