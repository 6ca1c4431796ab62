package dev.pubsub.test.realtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.SessionLimitExceededException;

/**
 * The gateway's protocol logic: welcome, subscribe/unsubscribe with permission checks, publish fan-out,
 * {@code message} to {@code secure/inbound}, acks, presence, and the connection registry.
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

	private final JsonMapper jsonMapper;

	private final GatewaySettings settings;

	private final ScheduledExecutorService scheduler;

	private final String idPrefix;

	private final AtomicLong idSequence = new AtomicLong();

	private final Map<String, GatewayConnection> bySession = new ConcurrentHashMap<>();

	private final Map<String, GatewayConnection> byId = new ConcurrentHashMap<>();

	private final List<GatewayConnection> history = new CopyOnWriteArrayList<>();

	private final Map<String, Set<GatewayConnection>> subscribers = new ConcurrentHashMap<>();

	private final AtomicLong rejectedFrames = new AtomicLong();

	private final Map<String, GatewayFrameAssembler> assemblers = new ConcurrentHashMap<>();

	private final int maxFrameSize;

	RealtimeGatewayHandler(JsonMapper jsonMapper, GatewaySettings settings, ScheduledExecutorService scheduler,
			String idPrefix, int maxFrameSize) {
		this.maxFrameSize = maxFrameSize;
		this.jsonMapper = jsonMapper;
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
				remoteAddress, clientNode(id, token.subject(), token.permissions()), concurrent,
				this.settings.recordedFrames());
		this.bySession.put(session.getId(), connection);
		this.byId.put(id, connection);
		this.history.add(connection);
		ObjectNode info = this.jsonMapper.createObjectNode();
		info.put("id", id);
		info.put("appId", appId);
		info.put("remoteAddress", remoteAddress);
		ObjectNode data = this.jsonMapper.createObjectNode();
		data.set("connection", info);
		send(connection, textFrame("main", "welcome", data));
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
		this.assemblers.remove(session.getId());
		GatewayConnection connection = this.bySession.remove(session.getId());
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
		this.byId.remove(connection.id(), connection);
		for (String topic : connection.subscriptions()) {
			removeSubscriber(topic, connection);
		}
		connection.clearSubscriptions();
		if (this.settings.presence()) {
			presence(connection, "disconnected");
		}
	}

	// inbound frames

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> part) {
		GatewayConnection connection = this.bySession.get(session.getId());
		if (connection == null || !connection.isOpen()) {
			return;
		}
		WebSocketMessage<?> message;
		try {
			message = this.assemblers.computeIfAbsent(session.getId(),
					(id) -> new GatewayFrameAssembler(this.maxFrameSize)).accept(part);
		}
		catch (GatewayFrameAssembler.TooLargeException ex) {
			close(connection, CloseStatus.TOO_BIG_TO_PROCESS);
			return;
		}
		if (message == null) {
			return;
		}
		boolean binary = message instanceof BinaryMessage;
		String text;
		if (binary) {
			ByteBuffer buffer = ((BinaryMessage) message).getPayload();
			text = decodeUtf8(buffer.duplicate());
			connection.record(new RecordedFrame((text != null) ? text
					: StandardCharsets.UTF_8.decode(buffer.duplicate()).toString(), true, buffer.remaining(),
					Instant.now()));
			if (text == null) {
				reject(connection, "binary frame is not UTF-8");
				return;
			}
		}
		else if (message instanceof TextMessage textMessage) {
			text = textMessage.getPayload();
			connection.record(new RecordedFrame(text, false, message.getPayloadLength(), Instant.now()));
		}
		else {
			return;
		}
		JsonNode frame;
		try {
			frame = this.jsonMapper.readTree(text);
		}
		catch (JacksonException ex) {
			reject(connection, "frame is not JSON");
			return;
		}
		if (frame == null || !frame.isObject()) {
			reject(connection, "frame is not a JSON object");
			return;
		}
		String type = text(frame, "type");
		JsonNode data = frame.get("data");
		if (type == null || data == null || !data.isObject()) {
			reject(connection, "frame lacks a string 'type' or an object 'data'");
			return;
		}
		switch (type) {
			case "subscribe" -> subscribe(connection, data);
			case "unsubscribe" -> unsubscribe(connection, data);
			case "publish" -> publish(connection, data);
			case "message" -> message(connection, data);
			default -> reject(connection, "unknown frame type");
		}
	}

	private void subscribe(GatewayConnection connection, JsonNode data) {
		String topic = text(data, "topic");
		if (topic == null || topic.isEmpty()) {
			reject(connection, "subscribe without a topic");
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
			this.subscribers.computeIfAbsent(topic, (key) -> ConcurrentHashMap.newKeySet()).add(connection);
			if (!connection.isOpen()) {
				removeSubscriber(topic, connection);
			}
		}
	}

	private void unsubscribe(GatewayConnection connection, JsonNode data) {
		String topic = text(data, "topic");
		if (topic == null || topic.isEmpty()) {
			reject(connection, "unsubscribe without a topic");
			return;
		}
		if (connection.unsubscribe(topic)) {
			removeSubscriber(topic, connection);
		}
	}

	private void publish(GatewayConnection connection, JsonNode data) {
		String topic = text(data, "topic");
		if (topic == null || topic.isEmpty()) {
			reject(connection, "publish without a topic");
			return;
		}
		if (!connection.topicPermissions().canWrite(topic)) {
			reject(connection, "publish without write permission");
			return;
		}
		deliverWithAck(connection, topic, data);
	}

	private void message(GatewayConnection connection, JsonNode data) {
		deliverWithAck(connection, SECURE_INBOUND, data);
	}

	private void deliverWithAck(GatewayConnection sender, String topic, JsonNode data) {
		String messageType = text(data, "messageType");
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
		ObjectNode data = this.jsonMapper.createObjectNode();
		data.set("payload", (payload != null) ? payload : this.jsonMapper.nullNode());
		if (id != null) {
			data.set("id", id);
		}
		data.set("client", client);
		String json = frameJson(topic, messageType, data);
		WebSocketMessage<?> frame = binary ? new BinaryMessage(json.getBytes(StandardCharsets.UTF_8))
				: new TextMessage(json);
		Collection<GatewayConnection> targets = targets(topic);
		for (GatewayConnection target : targets) {
			send(target, frame);
		}
		return targets.size();
	}

	private Collection<GatewayConnection> targets(String topic) {
		if (topic.startsWith(PRIVATE_PREFIX)) {
			GatewayConnection owner = this.byId.get(topic.substring(PRIVATE_PREFIX.length()));
			return (owner != null) ? List.of(owner) : List.of();
		}
		Set<GatewayConnection> set = this.subscribers.get(topic);
		return (set != null) ? new ArrayList<>(set) : List.of();
	}

	private void ack(GatewayConnection sender, @Nullable JsonNode id) {
		if (id == null || id.isNull()) {
			return;
		}
		ObjectNode data = this.jsonMapper.createObjectNode();
		data.set("data", id);
		TextMessage ack = textFrame("priv/acks", "ack", data);
		Duration delay = this.settings.ackDelay();
		if (delay.isZero() || delay.isNegative()) {
			send(sender, ack);
		}
		else {
			this.scheduler.schedule(() -> send(sender, ack), delay.toNanos(), TimeUnit.NANOSECONDS);
		}
	}

	private void presence(GatewayConnection connection, String status) {
		ObjectNode payload = this.jsonMapper.createObjectNode();
		payload.put("status", status);
		ObjectNode data = this.jsonMapper.createObjectNode();
		data.set("client", connection.clientNode());
		data.set("payload", payload);
		TextMessage frame = textFrame(SECURE_INBOUND, "presence", data);
		for (GatewayConnection target : targets(SECURE_INBOUND)) {
			send(target, frame);
		}
	}

	TextMessage textFrame(String topic, String messageType, ObjectNode data) {
		return new TextMessage(frameJson(topic, messageType, data));
	}

	private String frameJson(String topic, String messageType, ObjectNode data) {
		ObjectNode frame = this.jsonMapper.createObjectNode();
		frame.put("topic", topic);
		frame.put("messageType", messageType);
		frame.set("data", data);
		return this.jsonMapper.writeValueAsString(frame);
	}

	ObjectNode clientNode(String connectionId, @Nullable String subject, List<String> permissions) {
		ObjectNode client = this.jsonMapper.createObjectNode();
		client.put("connectionId", connectionId);
		client.put("subject", subject);
		ArrayNode array = client.putArray("permissions");
		permissions.forEach(array::add);
		return client;
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

	// registry queries

	@Nullable GatewayConnection connection(String id) {
		GatewayConnection open = this.byId.get(id);
		if (open != null) {
			return open;
		}
		for (GatewayConnection connection : this.history) {
			if (connection.id().equals(id)) {
				return connection;
			}
		}
		return null;
	}

	List<GatewayConnection> openConnections() {
		List<GatewayConnection> open = new ArrayList<>();
		for (GatewayConnection connection : this.history) {
			if (connection.isOpen()) {
				open.add(connection);
			}
		}
		return open;
	}

	List<GatewayConnection> allConnections() {
		return List.copyOf(this.history);
	}

	long rejectedFrames() {
		return this.rejectedFrames.get();
	}

	JsonMapper jsonMapper() {
		return this.jsonMapper;
	}

	private void removeSubscriber(String topic, GatewayConnection connection) {
		this.subscribers.computeIfPresent(topic, (key, set) -> {
			set.remove(connection);
			return set.isEmpty() ? null : set;
		});
	}

	private void reject(GatewayConnection connection, String reason) {
		connection.rejected();
		this.rejectedFrames.incrementAndGet();
		if (logger.isDebugEnabled()) {
			logger.debug("Gateway ignored a frame from connection " + connection.id() + ": " + reason);
		}
	}

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

	private static @Nullable String decodeUtf8(ByteBuffer buffer) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(buffer)
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
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
