package dev.pubsub.test.realtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.SessionLimitExceededException;

/**
 * The gateway's protocol logic: welcome, subscribe/unsubscribe with permission checks, publish fan-out,
 * {@code message} to {@code secure/inbound}, acks and presence. Its collaborators: the
 * {@link GatewayConnectionRegistry} (connections and topic subscribers), the {@link GatewayFrameReader}
 * (inbound parts to frames) and {@link GatewayFrames} (outbound frames).
 */
final class RealtimeGatewayHandler implements WebSocketHandler {

	static final String TOKEN_ATTRIBUTE = RealtimeGatewayHandler.class.getName() + ".token";

	static final String APP_ID_ATTRIBUTE = RealtimeGatewayHandler.class.getName() + ".appId";

	static final String SECURE_INBOUND = "secure/inbound";

	static final String PRIVATE_PREFIX = "priv/";

	static final String SECURE_PREFIX = "secure/";

	static final String DEFAULT_MESSAGE_TYPE = "broadcast";

	/** The close reason the gateway gives for a forbidden {@code secure/*} subscription. */
	static final String SECURE_FORBIDDEN_REASON = "Subscription to secure topic is forbidden!";

	private static final Log logger = LogFactory.getLog(RealtimeGatewayHandler.class);

	private static final int SEND_TIME_LIMIT_MILLIS = 30_000;

	private static final int SEND_BUFFER_LIMIT = 128 * 1024 * 1024;

	private final GatewayFrames frames;

	private final GatewayFrameReader reader;

	private final GatewayConnectionRegistry registry = new GatewayConnectionRegistry();

	private final GatewaySettings settings;

	private final ScheduledExecutorService scheduler;

	private final String idPrefix;

	private final AtomicLong idSequence = new AtomicLong();

	private final AtomicLong rejectedFrames = new AtomicLong();

	RealtimeGatewayHandler(JsonMapper jsonMapper, GatewaySettings settings, ScheduledExecutorService scheduler,
			String idPrefix, int maxFrameSize) {
		this.frames = new GatewayFrames(jsonMapper);
		this.reader = new GatewayFrameReader(jsonMapper, maxFrameSize);
		this.settings = settings;
		this.scheduler = scheduler;
		this.idPrefix = idPrefix;
	}

	// connection lifecycle

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		RealtimeTokenVerifier.VerifiedToken token = (RealtimeTokenVerifier.VerifiedToken) session.getAttributes()
			.get(TOKEN_ATTRIBUTE);
		String appId = (String) session.getAttributes().get(APP_ID_ATTRIBUTE);
		if (token == null || appId == null) {
			closeQuietly(session, CloseStatus.SERVER_ERROR);
			return;
		}
		String id = this.idPrefix + this.idSequence.incrementAndGet();
		String remoteAddress = remoteAddress(session);
		WebSocketSession concurrent = new ConcurrentWebSocketSessionDecorator(session, SEND_TIME_LIMIT_MILLIS,
				SEND_BUFFER_LIMIT);
		GatewayConnection connection = new GatewayConnection(id, appId, token.subject(), token.permissions(),
				remoteAddress, this.frames.clientNode(id, token.subject(), token.permissions()), concurrent,
				this.settings.recordedFrames());
		this.registry.register(session.getId(), connection);
		send(connection, this.frames.welcome(id, appId, remoteAddress));
		if (this.settings.acceptThenClose()) {
			close(connection, CloseStatus.GOING_AWAY.withReason("accept-then-close"));
			return;
		}
		if (this.settings.presence()) {
			presence(connection, "connected");
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) {
		this.reader.forget(session.getId());
		GatewayConnection connection = this.registry.removeSession(session.getId());
		if (connection != null) {
			closed(connection, closeStatus);
		}
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) {
		logger.debug("Transport error on gateway session " + session.getId() + ": " + exception);
	}

	@Override
	public boolean supportsPartialMessages() {
		// the container reads with small buffers; GatewayFrameAssembler joins parts up to maxFrameSize
		return true;
	}

	void closed(GatewayConnection connection, CloseStatus closeStatus) {
		if (!connection.markClosed(closeStatus)) {
			return;
		}
		this.registry.unregister(connection);
		if (this.settings.presence()) {
			presence(connection, "disconnected");
		}
	}

	// inbound frames

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> part) {
		GatewayConnection connection = this.registry.bySession(session.getId());
		if (connection == null || !connection.isOpen()) {
			return;
		}
		WebSocketMessage<?> message;
		try {
			message = this.reader.assemble(session.getId(), part);
		}
		catch (GatewayFrameAssembler.TooLargeException ex) {
			close(connection, CloseStatus.TOO_BIG_TO_PROCESS);
			return;
		}
		if (message == null) {
			return;
		}
		GatewayFrameReader.Frame frame = this.reader.read(connection, message, (reason) -> reject(connection, reason));
		if (frame == null) {
			return;
		}
		JsonNode data = frame.data();
		switch (frame.type()) {
			case "subscribe" -> subscribe(connection, data);
			case "unsubscribe" -> unsubscribe(connection, data);
			case "publish" -> publish(connection, data);
			case "message" -> deliverWithAck(connection, SECURE_INBOUND, data);
			default -> reject(connection, "unknown frame type");
		}
	}

	private void subscribe(GatewayConnection connection, JsonNode data) {
		String topic = topic(connection, data, "subscribe");
		if (topic == null) {
			return;
		}
		if (!connection.topicPermissions().canRead(topic)) {
			if (topic.startsWith(SECURE_PREFIX)) {
				close(connection, new CloseStatus(CloseStatus.POLICY_VIOLATION.getCode(), SECURE_FORBIDDEN_REASON));
			}
			else {
				reject(connection, "subscribe without read permission");
			}
			return;
		}
		if (topic.startsWith(PRIVATE_PREFIX)) {
			return;
		}
		if (connection.subscribe(topic)) {
			this.registry.addSubscriber(topic, connection);
		}
	}

	private void unsubscribe(GatewayConnection connection, JsonNode data) {
		String topic = topic(connection, data, "unsubscribe");
		if (topic == null) {
			return;
		}
		if (connection.unsubscribe(topic)) {
			this.registry.removeSubscriber(topic, connection);
		}
	}

	private void publish(GatewayConnection connection, JsonNode data) {
		String topic = topic(connection, data, "publish");
		if (topic == null) {
			return;
		}
		if (!connection.topicPermissions().canWrite(topic)) {
			reject(connection, "publish without write permission");
			return;
		}
		deliverWithAck(connection, topic, data);
	}

	/**
	 * The frame's non-empty {@code topic}, or {@code null} after rejecting the frame.
	 */
	private @Nullable String topic(GatewayConnection connection, JsonNode data, String frameType) {
		String topic = GatewayFrameReader.text(data, "topic");
		if (topic == null || topic.isEmpty()) {
			reject(connection, frameType + " without a topic");
			return null;
		}
		return topic;
	}

	private void deliverWithAck(GatewayConnection sender, String topic, JsonNode data) {
		String messageType = GatewayFrameReader.text(data, "messageType");
		if (messageType == null || messageType.isEmpty()) {
			messageType = DEFAULT_MESSAGE_TYPE;
		}
		JsonNode compress = data.get("compress");
		JsonNode id = data.get("id");
		AckMode ackMode = this.settings.ackMode();
		if (ackMode == AckMode.BEFORE_DELIVERY) {
			ack(sender, id);
		}
		deliver(topic, messageType, data.get("payload"), id, sender.clientNode(),
				compress != null && compress.asBoolean(false));
		if (ackMode == AckMode.AFTER_DELIVERY) {
			ack(sender, id);
		}
	}

	// outbound frames

	/**
	 * Deliver a message to the subscribers of {@code topic}; {@code priv/<id>} goes to connection {@code id}.
	 * @return how many connections it was handed to
	 */
	int deliver(String topic, String messageType, @Nullable JsonNode payload, @Nullable JsonNode id,
			ObjectNode client, boolean binary) {
		WebSocketMessage<?> frame = this.frames.delivery(topic, messageType, payload, id, client, binary);
		Collection<GatewayConnection> targets = this.registry.targets(topic);
		for (GatewayConnection target : targets) {
			send(target, frame);
		}
		return targets.size();
	}

	private void ack(GatewayConnection sender, @Nullable JsonNode id) {
		if (id == null || id.isNull()) {
			return;
		}
		TextMessage ack = this.frames.ack(id);
		Duration delay = this.settings.ackDelay();
		if (delay.isZero() || delay.isNegative()) {
			send(sender, ack);
		}
		else {
			this.scheduler.schedule(() -> send(sender, ack), delay.toNanos(), TimeUnit.NANOSECONDS);
		}
	}

	private void presence(GatewayConnection connection, String status) {
		TextMessage frame = this.frames.presence(connection.clientNode(), status);
		for (GatewayConnection target : this.registry.targets(SECURE_INBOUND)) {
			send(target, frame);
		}
	}

	boolean send(GatewayConnection connection, WebSocketMessage<?> message) {
		if (!connection.isOpen()) {
			return false;
		}
		try {
			connection.session().sendMessage(message);
			return true;
		}
		catch (SessionLimitExceededException ex) {
			logger.info("Gateway closes connection " + connection.id() + ", a consumer too slow for its traffic: "
					+ ex.getMessage());
			close(connection, ex.getStatus());
			return false;
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Could not send to gateway connection " + connection.id() + ": " + ex);
			close(connection, CloseStatus.SERVER_ERROR);
			return false;
		}
	}

	void close(GatewayConnection connection, CloseStatus status) {
		closeQuietly(connection.session(), status);
	}

	// queries

	GatewayConnectionRegistry registry() {
		return this.registry;
	}

	GatewayFrames frames() {
		return this.frames;
	}

	long rejectedFrames() {
		return this.rejectedFrames.get();
	}

	private void reject(GatewayConnection connection, String reason) {
		connection.rejected();
		this.rejectedFrames.incrementAndGet();
		if (logger.isDebugEnabled()) {
			logger.debug("Gateway ignored a frame from connection " + connection.id() + ": " + reason);
		}
	}

	private static String remoteAddress(WebSocketSession session) {
		InetSocketAddress address = session.getRemoteAddress();
		if (address == null) {
			return "unknown";
		}
		return (address.getAddress() != null) ? address.getAddress().getHostAddress() : address.getHostString();
	}

	private static void closeQuietly(WebSocketSession session, CloseStatus status) {
		try {
			session.close(status);
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Could not close gateway session " + session.getId() + ": " + ex);
		}
	}

}
