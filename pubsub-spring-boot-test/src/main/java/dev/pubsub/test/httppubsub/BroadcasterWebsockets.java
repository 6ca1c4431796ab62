package dev.pubsub.test.httppubsub;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

import dev.pubsub.httppubsub.HttpPubSubAuth;

/**
 * The embedded broadcaster's {@code GET /v1/websocket}: one {@link BroadcasterSocket} per connection.
 * The container hands messages over in parts of its small default buffer; they are joined here up to
 * {@code max-frame-size}, and a larger message closes the socket with 1009 (uvicorn's
 * {@code ws_max_size} does the same for lonelypss). A message that breaks the protocol or its
 * authorization closes the socket, as lonelypss does. Notifications from any transport reach every
 * socket with a matching subscription through {@link #deliver}.
 */
final class BroadcasterWebsockets extends AbstractWebSocketHandler {

	private final Map<String, BroadcasterSocket> sockets = new ConcurrentHashMap<>();

	private final Map<String, ByteArrayOutputStream> partial = new ConcurrentHashMap<>();

	private final HttpPubSubAuth toBroadcaster;

	private final HttpPubSubAuth toSubscriber;

	private final Supplier<@Nullable Executor> executor;

	private volatile FanOut fanOut = (topic, message, sha512, tracing) -> 0;

	private volatile int partSize = 1024 * 1024;

	private volatile int maxUnacknowledged = 3;

	private volatile boolean windowLifted;

	private volatile int maxFrameSize = 2 * 1024 * 1024;

	private volatile long maxMessageSize = 64L * 1024 * 1024;

	BroadcasterWebsockets(HttpPubSubAuth toBroadcaster, HttpPubSubAuth toSubscriber,
			Supplier<@Nullable Executor> executor) {
		this.toBroadcaster = toBroadcaster;
		this.toSubscriber = toSubscriber;
		this.executor = executor;
	}

	// ---- settings --------------------------------------------------------------------------------------

	void fanOut(FanOut fanOut) {
		this.fanOut = fanOut;
	}

	void partSize(int partSize) {
		this.partSize = partSize;
	}

	void maxFrameSize(int maxFrameSize) {
		this.maxFrameSize = maxFrameSize;
	}

	void liftWindow(boolean lifted) {
		this.windowLifted = lifted;
	}

	HttpPubSubAuth toBroadcaster() {
		return this.toBroadcaster;
	}

	HttpPubSubAuth toSubscriber() {
		return this.toSubscriber;
	}

	@Nullable Executor executor() {
		return this.executor.get();
	}

	int partSize() {
		return this.partSize;
	}

	int maxUnacknowledged() {
		return this.maxUnacknowledged;
	}

	boolean windowLifted() {
		return this.windowLifted;
	}

	long maxMessageSize() {
		return this.maxMessageSize;
	}

	long fanOut(byte[] topic, byte[] message, byte[] sha512, byte[] tracing) {
		return this.fanOut.fanOut(topic, message, sha512, tracing);
	}

	// ---- the container's callbacks --------------------------------------------------------------------

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		this.sockets.put(session.getId(), new BroadcasterSocket(session, this));
	}

	@Override
	protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
		BroadcasterSocket socket = this.sockets.get(session.getId());
		if (socket == null) {
			return;
		}
		ByteBuffer payload = message.getPayload();
		ByteArrayOutputStream joined = this.partial.computeIfAbsent(session.getId(),
				(id) -> new ByteArrayOutputStream());
		if (joined.size() + (long) payload.remaining() > this.maxFrameSize) {
			this.partial.remove(session.getId());
			socket.close(CloseStatus.TOO_BIG_TO_PROCESS);
			return;
		}
		byte[] bytes = new byte[payload.remaining()];
		payload.get(bytes);
		joined.writeBytes(bytes);
		if (!message.isLast()) {
			return;
		}
		this.partial.remove(session.getId());
		try {
			socket.onMessage(joined.toByteArray());
		}
		catch (RuntimeException ex) {
			socket.close(CloseStatus.PROTOCOL_ERROR);
		}
	}

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) {
		BroadcasterSocket socket = this.sockets.get(session.getId());
		if (socket != null) {
			socket.close(CloseStatus.NOT_ACCEPTABLE);
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) {
		this.partial.remove(session.getId());
		BroadcasterSocket socket = this.sockets.remove(session.getId());
		if (socket != null) {
			socket.closed();
		}
	}

	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

	// ---- fan-out and hooks ------------------------------------------------------------------------------

	/**
	 * Deliver a message to every socket with a matching subscription, one copy per socket, one socket
	 * at a time.
	 * @return how many sockets it was sent to
	 */
	long deliver(byte[] topic, byte[] message, byte[] sha512, byte[] tracing) {
		long notified = 0;
		for (BroadcasterSocket socket : List.copyOf(this.sockets.values())) {
			if (socket.isRelevant(topic)) {
				notified += socket.deliver(topic, message, sha512, tracing);
			}
		}
		return notified;
	}

	int subscriptionCount() {
		return this.sockets.values().stream().mapToInt(BroadcasterSocket::subscriptionCount).sum();
	}

	int sendMissed(byte[] topic) {
		int count = 0;
		for (BroadcasterSocket socket : List.copyOf(this.sockets.values())) {
			if (socket.isRelevant(topic)) {
				socket.sendMissed(topic);
				count++;
			}
		}
		return count;
	}

	int sendRawToAll(byte[] message) {
		int count = 0;
		for (BroadcasterSocket socket : List.copyOf(this.sockets.values())) {
			if (socket.isConfigured() && socket.sendRaw(message)) {
				count++;
			}
		}
		return count;
	}

	/**
	 * The fan-out of a notification to every subscriber, HTTP and websocket.
	 */
	@FunctionalInterface
	interface FanOut {

		long fanOut(byte[] topic, byte[] message, byte[] sha512, byte[] tracing);

	}

}
