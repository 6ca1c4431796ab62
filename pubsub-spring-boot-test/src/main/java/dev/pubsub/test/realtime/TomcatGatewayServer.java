package dev.pubsub.test.realtime;

import org.apache.catalina.loader.ParallelWebappClassLoader;
import org.apache.catalina.loader.WebappLoader;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

import dev.pubsub.test.support.EmbeddedTomcat;

/**
 * An embedded Tomcat on 127.0.0.1 with a single servlet that hands {@code /apps/*} upgrades to a Spring
 * {@link WebSocketHttpRequestHandler}. No Spring application context is involved, so the gateway never
 * touches the application context of the test that uses it.
 */
final class TomcatGatewayServer {

	/** The container's read buffer per connection, text and binary. */
	static final int READ_BUFFER_SIZE = 32 * 1024;

	private final WebSocketHttpRequestHandler requestHandler;

	private final int requestedPort;

	private final int maxFrameSize;

	private @Nullable EmbeddedTomcat tomcat;

	private int port = -1;

	TomcatGatewayServer(WebSocketHttpRequestHandler requestHandler, int port, int maxFrameSize) {
		this.requestHandler = requestHandler;
		this.requestedPort = port;
		this.maxFrameSize = maxFrameSize;
	}

	void start() {
		EmbeddedTomcat tomcat = EmbeddedTomcat.start("Realtime gateway", "embedded-realtime-gateway",
				this.requestedPort, (context) -> {
					WebappLoader loader = new WebappLoader();
					loader.setLoaderInstance(new GatewayClassLoader(TomcatGatewayServer.class.getClassLoader()));
					loader.setDelegate(true);
					context.setLoader(loader);
					EmbeddedTomcat.addUpgradeServlet(context, "realtime-gateway", this.requestHandler,
							(uri) -> uri.startsWith(GatewayHandshakeInterceptor.PATH_PREFIX), (container) -> {
								// small read buffers: the handler joins partial messages up to maxFrameSize,
								// so no connection allocates the frame limit up front
								container.setDefaultMaxTextMessageBufferSize(Math.min(READ_BUFFER_SIZE, this.maxFrameSize));
								container.setDefaultMaxBinaryMessageBufferSize(Math.min(READ_BUFFER_SIZE, this.maxFrameSize));
								container.setDefaultMaxSessionIdleTimeout(0);
							});
				});
		this.tomcat = tomcat;
		this.port = tomcat.port();
	}

	int port() {
		return this.port;
	}

	void stop() {
		EmbeddedTomcat tomcat = this.tomcat;
		this.tomcat = null;
		if (tomcat != null) {
			tomcat.stop();
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
