package dev.pubsub.test.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Predicate;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.server.ServerContainer;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardServer;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.modeler.Registry;
import org.apache.tomcat.websocket.server.WsSci;

import org.springframework.util.FileSystemUtils;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * A started embedded Tomcat bound to {@code 127.0.0.1}, with a temporary base directory, one root context
 * with Jakarta WebSocket support and no Spring application context. The embedded servers of this module
 * add their servlets through the context configurer, read {@link #port()}, and {@link #stop()} it, which
 * also deletes the base directory.
 */
public final class EmbeddedTomcat {

	private final Tomcat tomcat;

	private final Context context;

	private final Path baseDir;

	private final String description;

	private int port = -1;

	private EmbeddedTomcat(Tomcat tomcat, Context context, Path baseDir, String description) {
		this.tomcat = tomcat;
		this.context = context;
		this.baseDir = baseDir;
		this.description = description;
	}

	/**
	 * Start a Tomcat on {@code 127.0.0.1}.
	 * @param description what runs on it, for error messages (e.g. {@code "wsrpc endpoint"})
	 * @param baseDirPrefix the prefix of the temporary base directory
	 * @param port the port, {@code 0} for an ephemeral one
	 * @param contextConfigurer adds servlets (and anything else) to the root context before it starts
	 * @return the started Tomcat
	 * @throws IllegalStateException if Tomcat cannot start, for example when the port is taken
	 */
	public static EmbeddedTomcat start(String description, String baseDirPrefix, int port,
			Consumer<Context> contextConfigurer) {
		Registry.disableRegistry();
		Path baseDir;
		try {
			baseDir = Files.createTempDirectory(baseDirPrefix);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the Tomcat base directory of the embedded " + description,
					ex);
		}
		Tomcat tomcat = new Tomcat();
		tomcat.setBaseDir(baseDir.toString());
		// Daemon utility threads (Tomcat's other threads are daemons already): a JVM that never
		// stops this server, such as a failing build step, still exits.
		((StandardServer) tomcat.getServer()).setUtilityThreadsAsDaemon(true);
		Connector connector = new Connector("HTTP/1.1");
		connector.setPort(port);
		connector.setProperty("address", "127.0.0.1");
		connector.setThrowOnFailure(true);
		tomcat.getService().addConnector(connector);
		tomcat.setConnector(connector);
		tomcat.getHost().setAutoDeploy(false);
		Context context = tomcat.addContext("", null);
		context.addServletContainerInitializer(new WsSci(), null);
		EmbeddedTomcat embedded = new EmbeddedTomcat(tomcat, context, baseDir, description);
		try {
			contextConfigurer.accept(context);
			tomcat.start();
		}
		catch (LifecycleException | RuntimeException ex) {
			embedded.stop();
			throw new IllegalStateException("Cannot start the embedded " + description + " on port " + port, ex);
		}
		embedded.port = connector.getLocalPort();
		return embedded;
	}

	/**
	 * Add a servlet, loaded on startup and mapped to {@code /*}, that hands the requests whose URI the
	 * {@code paths} predicate accepts to a Spring {@link WebSocketHttpRequestHandler} and answers 404 to the
	 * rest. The servlet starts the handler when it is initialized and stops it when it is destroyed.
	 * @param context the context
	 * @param name the servlet name
	 * @param requestHandler the handshake handler
	 * @param paths which request URIs are WebSocket endpoints
	 * @param containerSettings applied to the WebSocket {@link ServerContainer} before the handler starts
	 */
	public static void addUpgradeServlet(Context context, String name, WebSocketHttpRequestHandler requestHandler,
			Predicate<String> paths, Consumer<ServerContainer> containerSettings) {
		Wrapper wrapper = Tomcat.addServlet(context, name,
				new UpgradeServlet(requestHandler, paths, containerSettings));
		wrapper.setLoadOnStartup(1);
		context.addServletMappingDecoded("/*", name);
	}

	/**
	 * Return the port the connector was bound to when Tomcat started.
	 * @return the local port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return the servlet context of the root context, for example to register Jakarta WebSocket endpoints.
	 * @return the servlet context
	 */
	public ServletContext servletContext() {
		return this.context.getServletContext();
	}

	/**
	 * Stop and destroy Tomcat, then delete its base directory.
	 * @throws IllegalStateException if Tomcat fails to stop
	 */
	public void stop() {
		try {
			this.tomcat.stop();
			this.tomcat.destroy();
		}
		catch (LifecycleException ex) {
			throw new IllegalStateException("Cannot stop the embedded " + this.description, ex);
		}
		finally {
			try {
				FileSystemUtils.deleteRecursively(this.baseDir);
			}
			catch (IOException ex) {
				// a leftover temp directory is harmless
			}
		}
	}

	/**
	 * Hands WebSocket endpoint requests to the Spring handshake handler; everything else is 404.
	 */
	private static final class UpgradeServlet extends HttpServlet {

		private static final long serialVersionUID = 1L;

		private final transient WebSocketHttpRequestHandler requestHandler;

		private final transient Predicate<String> paths;

		private final transient Consumer<ServerContainer> containerSettings;

		UpgradeServlet(WebSocketHttpRequestHandler requestHandler, Predicate<String> paths,
				Consumer<ServerContainer> containerSettings) {
			this.requestHandler = requestHandler;
			this.paths = paths;
			this.containerSettings = containerSettings;
		}

		@Override
		public void init() {
			ServerContainer container = (ServerContainer) getServletContext()
				.getAttribute(ServerContainer.class.getName());
			if (container != null) {
				this.containerSettings.accept(container);
			}
			this.requestHandler.setServletContext(getServletContext());
			this.requestHandler.start();
		}

		@Override
		protected void service(HttpServletRequest request, HttpServletResponse response)
				throws ServletException, IOException {
			if (!this.paths.test(request.getRequestURI())) {
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
