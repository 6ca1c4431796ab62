package dev.pubsub.test.realtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.server.ServerContainer;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.loader.ParallelWebappClassLoader;
import org.apache.catalina.loader.WebappLoader;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.modeler.Registry;
import org.apache.tomcat.websocket.server.WsSci;
import org.jspecify.annotations.Nullable;

import org.springframework.util.FileSystemUtils;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * An embedded Tomcat on 127.0.0.1 with a single servlet that hands {@code /apps/*} upgrades to a Spring
 * {@link WebSocketHttpRequestHandler}. No Spring application context is involved, so the gateway never
 * touches the application context of the test that uses it.
 */
final class TomcatGatewayServer {

	private final WebSocketHttpRequestHandler requestHandler;

	private final int requestedPort;

	private final int maxFrameSize;

	private @Nullable Tomcat tomcat;

	private @Nullable Path baseDir;

	private int port = -1;

	TomcatGatewayServer(WebSocketHttpRequestHandler requestHandler, int port, int maxFrameSize) {
		this.requestHandler = requestHandler;
		this.requestedPort = port;
		this.maxFrameSize = maxFrameSize;
	}

	void start() {
		Registry.disableRegistry();
		try {
			this.baseDir = Files.createTempDirectory("embedded-realtime-gateway");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the gateway's Tomcat base directory", ex);
		}
		Tomcat tomcat = new Tomcat();
		tomcat.setBaseDir(this.baseDir.toString());
		Connector connector = new Connector("HTTP/1.1");
		connector.setPort(this.requestedPort);
		connector.setProperty("address", "127.0.0.1");
		connector.setThrowOnFailure(true);
		tomcat.getService().addConnector(connector);
		tomcat.setConnector(connector);
		tomcat.getHost().setAutoDeploy(false);
		Context context = tomcat.addContext("", null);
		WebappLoader loader = new WebappLoader();
		loader.setLoaderInstance(new GatewayClassLoader(TomcatGatewayServer.class.getClassLoader()));
		loader.setDelegate(true);
		context.setLoader(loader);
		context.addServletContainerInitializer(new WsSci(), null);
		Wrapper wrapper = Tomcat.addServlet(context, "realtime-gateway",
				new GatewayServlet(this.requestHandler, this.maxFrameSize));
		wrapper.setLoadOnStartup(1);
		context.addServletMappingDecoded("/*", "realtime-gateway");
		try {
			tomcat.start();
		}
		catch (LifecycleException ex) {
			destroy(tomcat);
			throw new IllegalStateException("Cannot start the embedded Realtime gateway on port " + this.requestedPort,
					ex);
		}
		this.tomcat = tomcat;
		this.port = connector.getLocalPort();
	}

	int port() {
		return this.port;
	}

	void stop() {
		Tomcat tomcat = this.tomcat;
		this.tomcat = null;
		if (tomcat != null) {
			destroy(tomcat);
		}
	}

	private void destroy(Tomcat tomcat) {
		try {
			tomcat.stop();
			tomcat.destroy();
		}
		catch (LifecycleException ex) {
			throw new IllegalStateException("Cannot stop the embedded Realtime gateway", ex);
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
	 * Passes {@code /apps/*} requests to the Spring handshake handler; everything else is 404.
	 */
	private static final class GatewayServlet extends HttpServlet {

		private static final long serialVersionUID = 1L;

		private final transient WebSocketHttpRequestHandler requestHandler;

		private final int maxFrameSize;

		GatewayServlet(WebSocketHttpRequestHandler requestHandler, int maxFrameSize) {
			this.requestHandler = requestHandler;
			this.maxFrameSize = maxFrameSize;
		}

		@Override
		public void init() {
			ServerContainer container = (ServerContainer) getServletContext()
				.getAttribute(ServerContainer.class.getName());
			if (container != null) {
				container.setDefaultMaxTextMessageBufferSize(this.maxFrameSize);
				container.setDefaultMaxBinaryMessageBufferSize(this.maxFrameSize);
				container.setDefaultMaxSessionIdleTimeout(0);
			}
			this.requestHandler.setServletContext(getServletContext());
			this.requestHandler.start();
		}

		@Override
		protected void service(HttpServletRequest request, HttpServletResponse response)
				throws ServletException, IOException {
			if (!request.getRequestURI().startsWith(GatewayHandshakeInterceptor.PATH_PREFIX)) {
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

	/**
	 * The context's class loader: delegates to the application's and skips Tomcat's web-application leak
	 * detection, which only makes sense for deployable WARs and would warn about the test's own threads.
	 */
	private static final class GatewayClassLoader extends ParallelWebappClassLoader {

		GatewayClassLoader(ClassLoader parent) {
			super(parent);
		}

		@Override
		protected void clearReferences() {
		}

	}

}
