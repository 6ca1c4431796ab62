package dev.pubsub.test.realtimex;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pubsub.auth.ChannelAuthCredentials;
import dev.pubsub.auth.ChannelAuthSigner;
import dev.pubsub.test.EmbeddedPubSubServer;
import dev.pubsub.test.support.EmbeddedTomcat;

/**
 * An embedded server speaking the RealtimeX events over Socket.IO v5 / Engine.IO v4 (websocket
 * transport), for tests: it checks the api key on connect ({@code 44} when wrong), verifies
 * private and presence signatures over the namespace socket id exactly as the service does,
 * joins channels, relays {@code client-*} events to the other subscribers of private and
 * presence channels, tracks presence members ({@code realtimex_internal:member_added} /
 * {@code member_removed}), answers {@code realtimex:ping}, and sends Engine.IO pings.
 * <p>
 * Test hooks: {@link #publish(String, String, Object)}, {@link #kick()},
 * {@link #pausePings(boolean)}, {@link #received()}. Frames are read with small container buffers
 * and joined up to the announced {@code maxPayload} (1,000,000 bytes); a larger one closes the
 * socket with 1009.
 * <p>
 * The work is split among package-private collaborators: {@link EmbeddedRealtimeXEndpoint} (one
 * websocket: Engine.IO, pings, namespace connect), {@link EmbeddedRealtimeXConnection} (a socket's
 * state and sends) and {@link EmbeddedRealtimeXChannels} (channels, signatures, presence, relaying).
 * <p>
 * {@link EmbeddedRealtimeX @EmbeddedRealtimeX} runs one for a test class and points a RealtimeX client at it.
 */
public final class EmbeddedRealtimeXServer implements EmbeddedPubSubServer {

	/** The path of the Socket.IO endpoint. */
	public static final String PATH = "/socket.io/";

	private static final Log logger = LogFactory.getLog(EmbeddedRealtimeXServer.class);

	private final int requestedPort;

	private final String apiKey;

	private final String appKey;

	private final String appSecret;

	private final ChannelAuthSigner signer;

	private final long pingInterval;

	private final long pingTimeout;

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final SecureRandom random = new SecureRandom();

	private final EmbeddedRealtimeXChannels channels;

	private final List<ReceivedEvent> received = Collections.synchronizedList(new ArrayList<>());

	private volatile boolean recordEvents = true;

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "embedded-realtimex-timer");
		thread.setDaemon(true);
		// Created lazily on a Tomcat thread: do not pin the web application's class loader.
		thread.setContextClassLoader(EmbeddedRealtimeXServer.class.getClassLoader());
		return thread;
	});

	private volatile boolean pingsPaused;

	private final RealtimeXServerFaults faults = new RealtimeXServerFaults();

	private @Nullable EmbeddedTomcat tomcat;

	private int port;

	/**
	 * Create a server with the default Socket.IO timings (25 s ping interval, 20 s timeout).
	 * @param port the port, 0 for an ephemeral one
	 * @param apiKey the api key clients must send
	 * @param appKey the application key of signatures
	 * @param appSecret the application secret of signatures
	 */
	public EmbeddedRealtimeXServer(int port, String apiKey, String appKey, String appSecret) {
		this(port, apiKey, appKey, appSecret, 25_000, 20_000);
	}

	/**
	 * Create a server.
	 * @param port the port, 0 for an ephemeral one
	 * @param apiKey the api key clients must send
	 * @param appKey the application key of signatures
	 * @param appSecret the application secret of signatures
	 * @param pingInterval the Engine.IO ping interval in milliseconds
	 * @param pingTimeout the Engine.IO ping timeout in milliseconds
	 */
	public EmbeddedRealtimeXServer(int port, String apiKey, String appKey, String appSecret, long pingInterval,
			long pingTimeout) {
		this.requestedPort = port;
		this.apiKey = apiKey;
		this.appKey = appKey;
		this.appSecret = appSecret;
		this.signer = new ChannelAuthSigner(ChannelAuthCredentials.of(appKey, appSecret));
		this.channels = new EmbeddedRealtimeXChannels(this.signer, this.jsonMapper);
		this.pingInterval = pingInterval;
		this.pingTimeout = pingTimeout;
	}

	/**
	 * Start listening on 127.0.0.1.
	 * @return this server
	 */
	@Override
	public synchronized EmbeddedRealtimeXServer start() {
		if (this.tomcat != null) {
			return this;
		}
		EmbeddedTomcat server = EmbeddedTomcat.start("RealtimeX server", "embedded-realtimex", this.requestedPort,
				(context) -> {
					Tomcat.addServlet(context, "notFound", new jakarta.servlet.http.HttpServlet() {

						@Override
						protected void service(jakarta.servlet.http.HttpServletRequest request,
								jakarta.servlet.http.HttpServletResponse response) {
							response.setStatus(404);
						}

					});
					context.addServletMappingDecoded("/", "notFound");
				});
		try {
			ServerContainer container = (ServerContainer) server.servletContext()
				.getAttribute(ServerContainer.class.getName());
			container.addEndpoint(ServerEndpointConfig.Builder.create(EmbeddedRealtimeXEndpoint.class, PATH)
				.configurator(new ServerEndpointConfig.Configurator() {

					@Override
					public <T> T getEndpointInstance(Class<T> endpointClass) {
						return endpointClass.cast(new EmbeddedRealtimeXEndpoint(EmbeddedRealtimeXServer.this));
					}

				})
				.build());
		}
		catch (jakarta.websocket.DeploymentException ex) {
			server.stop();
			throw new IllegalStateException("Cannot start the embedded RealtimeX server", ex);
		}
		this.port = server.port();
		this.tomcat = server;
		return this;
	}

	/**
	 * Stop the server, closing every connection.
	 */
	@Override
	public synchronized void stop() {
		if (this.tomcat == null) {
			return;
		}
		kick();
		try {
			this.tomcat.stop();
		}
		catch (IllegalStateException ex) {
			logger.debug("Error stopping the embedded RealtimeX server", ex);
		}
		this.tomcat = null;
	}

	/**
	 * Whether the server is started and not yet stopped.
	 * @return whether it listens
	 */
	@Override
	public synchronized boolean isRunning() {
		return this.tomcat != null;
	}

	/**
	 * Return the bound port.
	 * @return the port, {@code 0} before the first start
	 */
	@Override
	public int port() {
		return this.port;
	}

	/**
	 * Return the websocket URL clients connect to (without api key).
	 * @return the URL
	 */
	@Override
	public String url() {
		return "ws://127.0.0.1:" + this.port + path();
	}

	/**
	 * Return the path of the Socket.IO endpoint, the value of a client's {@code realtimex.path}.
	 * @return {@code /socket.io/}
	 */
	public String path() {
		return PATH;
	}

	/**
	 * Return the api key clients must send ({@code realtimex.api-key}).
	 * @return the api key
	 */
	public String apiKey() {
		return this.apiKey;
	}

	/**
	 * Return the application key that private and presence signatures are checked with
	 * ({@code realtimex.app-key}, {@code pubsub.channel-auth.app-key}).
	 * @return the application key
	 */
	public String appKey() {
		return this.appKey;
	}

	/**
	 * Return the application secret that private and presence signatures are checked with
	 * ({@code realtimex.app-secret}, {@code pubsub.channel-auth.app-secret}).
	 * @return the application secret
	 */
	public String appSecret() {
		return this.appSecret;
	}

	/**
	 * Send a {@code server-event} to every subscriber of a channel.
	 * @param channel the channel
	 * @param event the event name
	 * @param data the data, converted to JSON
	 */
	public void publish(String channel, String event, @Nullable Object data) {
		this.channels.publish(channel, event, data);
	}

	/**
	 * Disconnect every socket from the server side ({@code 41}, then close).
	 */
	public void kick() {
		for (EmbeddedRealtimeXConnection connection : this.channels.connections()) {
			connection.sendRaw("41");
			connection.close();
		}
	}

	/**
	 * Return the fault hooks (accept-then-close, dropping every connection, raw frames, suspended reading)
	 * for the provider contract kit and hostile-server tests.
	 * @return the hooks
	 */
	public RealtimeXServerFaults faults() {
		return this.faults;
	}

	/**
	 * Return the socket ids of the connections subscribed to a channel.
	 * @param channel the channel
	 * @return the socket ids
	 */
	public Set<String> subscribers(String channel) {
		Set<String> ids = new java.util.TreeSet<>();
		this.channels.connections().stream().filter((connection) -> connection.channels.contains(channel))
			.forEach((connection) -> ids.add(connection.socketId));
		return ids;
	}

	/**
	 * Stop or resume sending Engine.IO pings, to test dead-link detection.
	 * @param paused {@code true} to stop pinging
	 */
	public void pausePings(boolean paused) {
		this.pingsPaused = paused;
	}

	/**
	 * Return every event received from clients, in order.
	 * @return the events
	 */
	public List<ReceivedEvent> received() {
		synchronized (this.received) {
			return List.copyOf(this.received);
		}
	}

	/**
	 * Choose whether {@link #received()} records client events (it does by default); turn it off
	 * for benchmarks and long runs.
	 * @param recordEvents whether to record
	 * @return this server
	 */
	public EmbeddedRealtimeXServer recordEvents(boolean recordEvents) {
		this.recordEvents = recordEvents;
		return this;
	}

	/**
	 * Return the socket ids of the connected sockets.
	 * @return the socket ids
	 */
	public Set<String> socketIds() {
		return this.channels.socketIds();
	}

	/**
	 * Return the presence members of a channel by user id.
	 * @param channel the channel
	 * @return the members' user info
	 */
	public Map<String, JsonNode> members(String channel) {
		return this.channels.members(channel);
	}

	String newSid() {
		byte[] bytes = new byte[15];
		this.random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	JsonMapper jsonMapper() {
		return this.jsonMapper;
	}

	EmbeddedRealtimeXChannels channels() {
		return this.channels;
	}

	ScheduledExecutorService timer() {
		return this.timer;
	}

	long pingInterval() {
		return this.pingInterval;
	}

	long pingTimeout() {
		return this.pingTimeout;
	}

	boolean pingsPaused() {
		return this.pingsPaused;
	}

	void onEvent(EmbeddedRealtimeXConnection connection, String event, JsonNode payload) {
		if (this.recordEvents) {
			this.received.add(new ReceivedEvent(connection.socketId, event, payload));
		}
		switch (event) {
			case "realtimex:subscribe" -> this.channels.subscribe(connection, payload);
			case "realtimex:unsubscribe" -> this.channels.leave(connection, payload.path("channel").asString(""));
			case "client-event" -> this.channels.clientEvent(connection, payload);
			case "realtimex:ping" -> connection.emit("realtimex:pong",
					this.jsonMapper.createObjectNode().put("time", System.currentTimeMillis()));
			default -> logger.debug("Ignoring unknown event '" + event + "'");
		}
	}

	/**
	 * One event a client sent.
	 *
	 * @param socketId the sender's socket id
	 * @param event the event name
	 * @param payload the payload
	 */
	public record ReceivedEvent(String socketId, String event, JsonNode payload) {

	}

}
