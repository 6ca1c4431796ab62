package dev.pubsub.test.realtimex;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.pubsub.auth.ChannelAuthCredentials;
import dev.pubsub.auth.ChannelAuthSigner;
import dev.pubsub.auth.ChannelNames;
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
 * {@link #pausePings(boolean)}, {@link #received()}.
 * <p>
 * {@link EmbeddedRealtimeX @EmbeddedRealtimeX} runs one for a test class and points a RealtimeX client at it.
 */
public final class EmbeddedRealtimeXServer implements EmbeddedPubSubServer {

	/** The path of the Socket.IO endpoint. */
	public static final String PATH = "/socket.io/";

	private static final Log logger = LogFactory.getLog(EmbeddedRealtimeXServer.class);

	private static final Pattern CHANNEL = Pattern.compile("[-a-zA-Z0-9_=@,.;]{1,164}");

	private final int requestedPort;

	private final String apiKey;

	private final String appKey;

	private final String appSecret;

	private final ChannelAuthSigner signer;

	private final long pingInterval;

	private final long pingTimeout;

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final SecureRandom random = new SecureRandom();

	private final Map<String, Connection> connections = new ConcurrentHashMap<>();

	private final Map<String, Map<String, Member>> presence = new ConcurrentHashMap<>();

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
			container.addEndpoint(ServerEndpointConfig.Builder.create(SocketEndpoint.class, PATH)
				.configurator(new ServerEndpointConfig.Configurator() {

					@Override
					public <T> T getEndpointInstance(Class<T> endpointClass) {
						return endpointClass.cast(new SocketEndpoint());
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
		ObjectNode payload = this.jsonMapper.createObjectNode();
		payload.put("channel", channel);
		payload.put("event", event);
		payload.set("data", this.jsonMapper.valueToTree(data));
		for (Connection connection : this.connections.values()) {
			if (connection.channels.contains(channel)) {
				connection.emit("server-event", payload);
			}
		}
	}

	/**
	 * Disconnect every socket from the server side ({@code 41}, then close).
	 */
	public void kick() {
		for (Connection connection : List.copyOf(this.connections.values())) {
			connection.sendRaw("41");
			connection.close();
		}
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
		return Set.copyOf(this.connections.keySet());
	}

	/**
	 * Return the presence members of a channel by user id.
	 * @param channel the channel
	 * @return the members' user info
	 */
	public Map<String, JsonNode> members(String channel) {
		Map<String, JsonNode> result = new LinkedHashMap<>();
		this.presence.getOrDefault(channel, Map.of()).forEach((id, member) -> result.put(id, member.info));
		return result;
	}

	private String newSid() {
		byte[] bytes = new byte[15];
		this.random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private void onEvent(Connection connection, String event, JsonNode payload) {
		if (this.recordEvents) {
			this.received.add(new ReceivedEvent(connection.socketId, event, payload));
		}
		switch (event) {
			case "realtimex:subscribe" -> subscribe(connection, payload);
			case "realtimex:unsubscribe" -> {
				String channel = payload.path("channel").asString("");
				leave(connection, channel);
			}
			case "client-event" -> clientEvent(connection, payload);
			case "realtimex:ping" -> connection.emit("realtimex:pong",
					this.jsonMapper.createObjectNode().put("time", System.currentTimeMillis()));
			default -> logger.debug("Ignoring unknown event '" + event + "'");
		}
	}

	private void subscribe(Connection connection, JsonNode payload) {
		String channel = payload.path("channel").isString() ? payload.path("channel").asString() : "";
		if (!CHANNEL.matcher(channel).matches()) {
			connection.emit("realtimex_internal:subscription_error",
					this.jsonMapper.createObjectNode().put("channel", channel).put("error", "invalid channel name"));
			return;
		}
		boolean isPresence = ChannelNames.isPresence(channel);
		if (ChannelNames.requiresAuth(channel)) {
			String auth = payload.path("auth").isString() ? payload.path("auth").asString() : null;
			String channelData = payload.path("channel_data").isString() ? payload.path("channel_data").asString()
					: null;
			if ((isPresence && channelData == null)
					|| !this.signer.verify(auth, connection.socketId, channel, isPresence ? channelData : null)) {
				connection.emit("realtimex_internal:subscription_error", this.jsonMapper.createObjectNode()
					.put("channel", channel)
					.put("error", "invalid signature")
					.put("status", 401));
				return;
			}
			if (isPresence) {
				joinPresence(connection, channel, channelData);
				return;
			}
		}
		connection.channels.add(channel);
		connection.emit("realtimex_internal:subscription_succeeded",
				this.jsonMapper.createObjectNode().put("channel", channel).put("socket_id", connection.socketId));
	}

	private void joinPresence(Connection connection, String channel, String channelData) {
		JsonNode data;
		try {
			data = this.jsonMapper.readTree(channelData);
		}
		catch (JacksonException ex) {
			data = null;
		}
		if (data == null || !data.has("user_id") || data.get("user_id").isNull()) {
			connection.emit("realtimex_internal:subscription_error", this.jsonMapper.createObjectNode()
				.put("channel", channel)
				.put("error", "channel_data needs user_id"));
			return;
		}
		String userId = data.get("user_id").asString();
		JsonNode info = data.has("user_info") ? data.get("user_info") : this.jsonMapper.createObjectNode();
		boolean isNew;
		ObjectNode succeeded = this.jsonMapper.createObjectNode();
		synchronized (this.presence) {
			Map<String, Member> members = this.presence.computeIfAbsent(channel, (key) -> new LinkedHashMap<>());
			Member member = members.get(userId);
			isNew = (member == null);
			if (isNew) {
				member = new Member(info);
				members.put(userId, member);
			}
			member.sockets.add(connection.socketId);
			connection.presence.put(channel, userId);
			connection.channels.add(channel);
			succeeded.put("channel", channel).put("socket_id", connection.socketId);
			ObjectNode presenceNode = succeeded.putObject("presence");
			ObjectNode hash = presenceNode.putObject("hash");
			members.forEach((id, m) -> hash.set(id, m.info));
			presenceNode.putArray("ids").addAll(members.keySet().stream().map(this.jsonMapper.getNodeFactory()::textNode).toList());
			presenceNode.put("count", members.size());
		}
		connection.emit("realtimex_internal:subscription_succeeded", succeeded);
		if (isNew) {
			ObjectNode added = this.jsonMapper.createObjectNode().put("channel", channel).put("user_id", userId);
			added.set("user_info", info);
			broadcast(channel, connection, "realtimex_internal:member_added", added);
		}
	}

	private void leave(Connection connection, String channel) {
		connection.channels.remove(channel);
		String userId = connection.presence.remove(channel);
		if (userId == null) {
			return;
		}
		boolean gone = false;
		synchronized (this.presence) {
			Map<String, Member> members = this.presence.get(channel);
			Member member = (members != null) ? members.get(userId) : null;
			if (member != null) {
				member.sockets.remove(connection.socketId);
				if (member.sockets.isEmpty()) {
					members.remove(userId);
					gone = true;
				}
			}
		}
		if (gone) {
			broadcast(channel, connection, "realtimex_internal:member_removed",
					this.jsonMapper.createObjectNode().put("channel", channel).put("user_id", userId));
		}
	}

	private void clientEvent(Connection connection, JsonNode payload) {
		String channel = payload.path("channel").asString("");
		String event = payload.path("event").asString("");
		if (!ChannelNames.requiresAuth(channel) || !event.startsWith("client-")
				|| !connection.channels.contains(channel)) {
			return;
		}
		ObjectNode relayed = this.jsonMapper.createObjectNode().put("channel", channel).put("event", event);
		relayed.set("data", payload.get("data"));
		broadcast(channel, connection, "server-event", relayed);
	}

	private void broadcast(String channel, Connection except, String event, JsonNode payload) {
		for (Connection other : this.connections.values()) {
			if (other != except && other.channels.contains(channel)) {
				other.emit(event, payload);
			}
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

	private static final class Member {

		final JsonNode info;

		final Set<String> sockets = ConcurrentHashMap.newKeySet();

		Member(JsonNode info) {
			this.info = info;
		}

	}

	private final class Connection {

		final Session session;

		final String socketId = newSid();

		final Set<String> channels = ConcurrentHashMap.newKeySet();

		final Map<String, String> presence = new ConcurrentHashMap<>();

		volatile boolean namespaceConnected;

		volatile long lastPong = System.currentTimeMillis();

		@Nullable ScheduledFuture<?> pinger;

		Connection(Session session) {
			this.session = session;
		}

		void emit(String event, JsonNode payload) {
			List<Object> array = new ArrayList<>();
			array.add(event);
			array.add(payload);
			sendRaw("42" + EmbeddedRealtimeXServer.this.jsonMapper.writeValueAsString(array));
		}

		void sendRaw(String text) {
			synchronized (this) {
				if (!this.session.isOpen()) {
					return;
				}
				try {
					this.session.getBasicRemote().sendText(text);
				}
				catch (IOException | IllegalStateException ex) {
					close();
				}
			}
		}

		void close() {
			try {
				this.session.close();
			}
			catch (IOException | IllegalStateException ex) {
				// already closed
			}
		}

	}

	/**
	 * The websocket endpoint of one connection.
	 */
	private final class SocketEndpoint extends Endpoint {

		@Override
		public void onOpen(Session session, EndpointConfig config) {
			Connection connection = new Connection(session);
			session.setMaxTextMessageBufferSize(1_000_000);
			session.addMessageHandler(String.class, (MessageHandler.Whole<String>) (text) -> onText(connection, text));
			session.getUserProperties().put(Connection.class.getName(), connection);
			ObjectNode open = EmbeddedRealtimeXServer.this.jsonMapper.createObjectNode()
				.put("sid", newSid())
				.put("pingInterval", EmbeddedRealtimeXServer.this.pingInterval)
				.put("pingTimeout", EmbeddedRealtimeXServer.this.pingTimeout)
				.put("maxPayload", 1_000_000);
			open.putArray("upgrades");
			connection.sendRaw("0" + open);
			connection.pinger = EmbeddedRealtimeXServer.this.timer.scheduleAtFixedRate(() -> {
				if (System.currentTimeMillis() - connection.lastPong > EmbeddedRealtimeXServer.this.pingInterval
						+ EmbeddedRealtimeXServer.this.pingTimeout) {
					connection.close();
				}
				else if (!EmbeddedRealtimeXServer.this.pingsPaused) {
					connection.sendRaw("2");
				}
			}, EmbeddedRealtimeXServer.this.pingInterval, EmbeddedRealtimeXServer.this.pingInterval,
					TimeUnit.MILLISECONDS);
		}

		private void onText(Connection connection, String text) {
			if (text.equals("3")) {
				connection.lastPong = System.currentTimeMillis();
				return;
			}
			if (text.startsWith("40")) {
				List<String> keys = connection.session.getRequestParameterMap().getOrDefault("api_key", List.of());
				if (keys.size() != 1 || !keys.get(0).equals(EmbeddedRealtimeXServer.this.apiKey)) {
					connection.sendRaw("44{\"message\":\"invalid api_key\"}");
					return;
				}
				connection.namespaceConnected = true;
				EmbeddedRealtimeXServer.this.connections.put(connection.socketId, connection);
				connection.sendRaw("40{\"sid\":\"" + connection.socketId + "\"}");
				return;
			}
			if (text.equals("41")) {
				disconnected(connection);
				return;
			}
			if (text.startsWith("42") && connection.namespaceConnected) {
				try {
					JsonNode array = EmbeddedRealtimeXServer.this.jsonMapper.readTree(text.substring(2));
					if (array.isArray() && !array.isEmpty() && array.get(0).isString()) {
						onEvent(connection, array.get(0).asString(),
								(array.size() > 1) ? array.get(1) : EmbeddedRealtimeXServer.this.jsonMapper.nullNode());
						return;
					}
				}
				catch (JacksonException ex) {
					// fall through: malformed packets close the connection, as socket.io does
				}
				connection.close();
			}
		}

		@Override
		public void onClose(Session session, CloseReason closeReason) {
			Connection connection = (Connection) session.getUserProperties().get(Connection.class.getName());
			if (connection != null) {
				disconnected(connection);
			}
		}

		private void disconnected(Connection connection) {
			if (connection.pinger != null) {
				connection.pinger.cancel(false);
			}
			if (EmbeddedRealtimeXServer.this.connections.remove(connection.socketId) != null) {
				for (String channel : List.copyOf(connection.channels)) {
					leave(connection, channel);
				}
			}
		}

	}

}
