package dev.pubsub.test.realtime;

import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

import dev.pubsub.test.support.AbruptClose;

/**
 * One started {@link EmbeddedRealtimeGateway}: the Tomcat server, the protocol handler, the handshake
 * interceptor and the ack timer wired together, and what a test does to the running gateway beyond the
 * protocol (inject raw frames, drop or close connections, publish as the gateway).
 */
final class RunningGateway {

	final TomcatGatewayServer server;

	final RealtimeGatewayHandler handler;

	final GatewayHandshakeInterceptor interceptor;

	private final ScheduledExecutorService scheduler;

	private RunningGateway(TomcatGatewayServer server, RealtimeGatewayHandler handler,
			GatewayHandshakeInterceptor interceptor, ScheduledExecutorService scheduler) {
		this.server = server;
		this.handler = handler;
		this.interceptor = interceptor;
		this.scheduler = scheduler;
	}

	/**
	 * Wire and start a gateway.
	 * @param appId the app id it serves
	 * @param secret the HS256 secret of its tokens
	 * @param jsonMapper parses and writes frames
	 * @param clock checks token expiry
	 * @param port the port, {@code 0} for a free one
	 * @param maxFrameSize the largest inbound frame
	 * @param settings the switchable behaviour
	 * @return the running gateway
	 */
	static RunningGateway start(String appId, byte[] secret, JsonMapper jsonMapper, Clock clock, int port,
			int maxFrameSize, GatewaySettings settings) {
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "realtime-gateway-acks");
			thread.setDaemon(true);
			return thread;
		});
		String idPrefix = "c-" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt()) + "-";
		RealtimeGatewayHandler handler = new RealtimeGatewayHandler(jsonMapper, settings, scheduler, idPrefix,
				maxFrameSize);
		GatewayHandshakeInterceptor interceptor = new GatewayHandshakeInterceptor(appId,
				new RealtimeTokenVerifier(secret, jsonMapper, clock));
		WebSocketHttpRequestHandler requestHandler = new WebSocketHttpRequestHandler(handler,
				new DefaultHandshakeHandler());
		requestHandler.setHandshakeInterceptors(List.of(interceptor));
		TomcatGatewayServer server = new TomcatGatewayServer(requestHandler, port, maxFrameSize);
		try {
			server.start();
		}
		catch (RuntimeException ex) {
			scheduler.shutdownNow();
			throw ex;
		}
		return new RunningGateway(server, handler, interceptor, scheduler);
	}

	void stop() {
		try {
			this.server.stop();
		}
		finally {
			this.scheduler.shutdownNow();
		}
	}

	GatewayConnectionRegistry connections() {
		return this.handler.registry();
	}

	boolean inject(String connectionId, WebSocketMessage<?> message) {
		GatewayConnection connection = connections().openConnection(connectionId);
		return connection != null && this.handler.send(connection, message);
	}

	int injectToAll(WebSocketMessage<?> message) {
		int count = 0;
		for (GatewayConnection connection : connections().openConnections()) {
			if (this.handler.send(connection, message)) {
				count++;
			}
		}
		return count;
	}

	boolean drop(String connectionId) {
		GatewayConnection connection = connections().openConnection(connectionId);
		if (connection == null) {
			return false;
		}
		drop(connection);
		return true;
	}

	int dropAll() {
		List<GatewayConnection> open = connections().openConnections();
		open.forEach(this::drop);
		return open.size();
	}

	private void drop(GatewayConnection connection) {
		boolean abrupt = AbruptClose.close(connection.session());
		this.handler.closed(connection, abrupt ? CloseStatus.NO_CLOSE_FRAME : CloseStatus.SERVER_ERROR);
	}

	boolean close(String connectionId, CloseStatus status) {
		GatewayConnection connection = connections().openConnection(connectionId);
		if (connection == null) {
			return false;
		}
		this.handler.close(connection, status);
		return true;
	}

	int closeAll(CloseStatus status) {
		List<GatewayConnection> open = connections().openConnections();
		open.forEach((connection) -> this.handler.close(connection, status));
		return open.size();
	}

	/**
	 * Publish as the gateway (see {@link EmbeddedRealtimeGateway#publish(String, String, Object, boolean)}).
	 * @return how many connections it was handed to
	 */
	int publish(String topic, String messageType, @Nullable Object payload, boolean compress, String connectionId) {
		GatewayFrames frames = this.handler.frames();
		JsonMapper mapper = frames.jsonMapper();
		JsonNode node = (payload instanceof JsonNode json) ? json : mapper.valueToTree(payload);
		ObjectNode client = frames.clientNode(connectionId, "embedded-gateway", List.of());
		String id = UUID.randomUUID().toString().replace("-", "");
		return this.handler.deliver(topic, messageType, node, mapper.getNodeFactory().stringNode(id), client,
				compress);
	}

}
