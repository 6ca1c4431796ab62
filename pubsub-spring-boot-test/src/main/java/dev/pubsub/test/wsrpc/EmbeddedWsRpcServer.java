package dev.pubsub.test.wsrpc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.server.ServerContainer;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.modeler.Registry;
import org.apache.tomcat.websocket.server.WsSci;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;
import org.springframework.util.FileSystemUtils;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

import dev.pubsub.test.EmbeddedPubSubServer;
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

	private @Nullable Tomcat tomcat;

	private @Nullable Path baseDir;

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
	}

	@Override
	public synchronized EmbeddedWsRpcServer start() {
		Assert.state(this.tomcat == null, "Server is already running");
		Registry.disableRegistry();
		try {
			this.baseDir = Files.createTempDirectory("embedded-wsrpc");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the Tomcat base directory", ex);
		}
		Tomcat server = new Tomcat();
		server.setBaseDir(this.baseDir.toString());
		Connector connector = new Connector("HTTP/1.1");
		connector.setPort(this.requestedPort);
		connector.setProperty("address", "127.0.0.1");
		connector.setThrowOnFailure(true);
		server.getService().addConnector(connector);
		server.setConnector(connector);
		server.getHost().setAutoDeploy(false);
		Context context = server.addContext("", null);
		context.addServletContainerInitializer(new WsSci(), null);
		WebSocketHttpRequestHandler requestHandler = new WebSocketHttpRequestHandler(this.handler);
		requestHandler.setHandshakeInterceptors(List.of(new WsRpcHandshakeInterceptor(this.authorizer)));
		Wrapper wrapper = Tomcat.addServlet(context, "wsrpc", new EndpointServlet(requestHandler));
		wrapper.setLoadOnStartup(1);
		context.addServletMappingDecoded("/*", "wsrpc");
		try {
			server.start();
		}
		catch (LifecycleException ex) {
			destroy(server);
			throw new IllegalStateException("Cannot start the embedded wsrpc endpoint on port " + this.requestedPort,
					ex);
		}
		this.tomcat = server;
		this.port = connector.getLocalPort();
		return this;
	}

	@Override
	public synchronized void stop() {
		Tomcat server = this.tomcat;
		this.tomcat = null;
		this.port = -1;
		if (server != null) {
			this.handler.destroy();
			destroy(server);
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
	 * Return the endpoint's counters.
	 * @return the metrics
	 */
	public WsRpcServerMetrics metrics() {
		return this.handler.metrics();
	}

	private void destroy(Tomcat server) {
		try {
			server.stop();
			server.destroy();
		}
		catch (LifecycleException ex) {
			throw new IllegalStateException("Cannot stop the embedded wsrpc endpoint", ex);
		}
		finally {
			Path dir = this.baseDir;
			if (dir != null) {
				try {
					FileSystemUtils.deleteRecursively(dir);
				}
				catch (IOException ex) {
					// a leftover temp directory is harmless
				}
			}
		}
	}

	/**
	 * Hands {@code /pubsub} upgrades to the Spring handshake handler; everything else is 404.
	 */
	private static final class EndpointServlet extends HttpServlet {

		private static final long serialVersionUID = 1L;

		private final transient WebSocketHttpRequestHandler requestHandler;

		EndpointServlet(WebSocketHttpRequestHandler requestHandler) {
			this.requestHandler = requestHandler;
		}

		@Override
		public void init() {
			ServerContainer container = (ServerContainer) getServletContext()
				.getAttribute(ServerContainer.class.getName());
			if (container != null) {
				container.setDefaultMaxTextMessageBufferSize(1024 * 1024);
				container.setDefaultMaxSessionIdleTimeout(0);
			}
			this.requestHandler.setServletContext(getServletContext());
			this.requestHandler.start();
		}

		@Override
		protected void service(HttpServletRequest request, HttpServletResponse response)
				throws ServletException, IOException {
			if (!PATH.equals(request.getRequestURI())) {
				response.sendError(HttpServletResponse.SC_NOT_FOUND);
				return;
			}
			this.requestHandler.handleRequest(request, response);
		}

		@Override
		public void destroy() {
			this.requestHandler.stop();
		}

	}

}
