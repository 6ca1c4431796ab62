package dev.pubsub.test;

/**
 * An embedded, protocol-faithful pub/sub server for tests, the counterpart of spring-kafka-test's
 * {@code EmbeddedKafkaBroker}. Every provider's embedded server implements it
 * ({@link dev.pubsub.test.realtime.EmbeddedRealtimeGateway}, {@link dev.pubsub.test.wsrpc.EmbeddedWsRpcServer},
 * {@link dev.pubsub.test.emitter.EmbeddedEmitterBroker},
 * {@link dev.pubsub.test.httppubsub.EmbeddedHttpPubSubBroadcaster},
 * {@link dev.pubsub.test.realtimex.EmbeddedRealtimeXServer}); {@link EmbeddedPubSubExtension} and the Spring
 * TestContext customizer start and stop servers only through this contract.
 * <p>
 * Servers bind to {@code 127.0.0.1}; a port of {@code 0} (the default everywhere) picks a free ephemeral
 * port, which {@link #port()} reports once started.
 */
public interface EmbeddedPubSubServer extends AutoCloseable {

	/**
	 * Start the server; it accepts connections when this method returns.
	 * @return this server
	 * @throws IllegalStateException if it cannot start (for example the port is taken)
	 */
	EmbeddedPubSubServer start();

	/**
	 * Stop the server and close every connection. Calling it again, or on a server never started, does
	 * nothing.
	 */
	void stop();

	/**
	 * Whether the server is started and not yet stopped.
	 * @return whether it runs
	 */
	boolean isRunning();

	/**
	 * The host the server listens on, for clients configured by host and port rather than by URL (Emitter,
	 * RealtimeX).
	 * @return {@code 127.0.0.1}
	 */
	default String host() {
		return "127.0.0.1";
	}

	/**
	 * The port the server listens on. Once started, the bound port; servers that keep their port across a
	 * {@link #stop()} and {@link #start()} (the Emitter broker) also report it while stopped.
	 * @return the port
	 * @throws IllegalStateException if the server was never started (some servers report the requested port)
	 */
	int port();

	/**
	 * The base URL clients use to reach the server, e.g. {@code ws://127.0.0.1:41234}; the value a client's
	 * {@code url} property takes where it has one ({@code tcp://127.0.0.1:<port>} for the Emitter broker,
	 * {@code http://127.0.0.1:<port>} for the httppubsub broadcaster, {@code ws://127.0.0.1:<port>/socket.io/}
	 * for the RealtimeX server).
	 * @return the URL
	 * @throws IllegalStateException if the server is not running
	 */
	String url();

	/**
	 * Same as {@link #stop()}, so servers work in try-with-resources blocks.
	 */
	@Override
	default void close() {
		stop();
	}

}
