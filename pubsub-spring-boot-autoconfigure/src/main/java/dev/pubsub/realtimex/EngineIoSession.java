package dev.pubsub.realtimex;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.WebSocketClient;

import dev.pubsub.core.PubSubAuthenticationException;
import dev.pubsub.core.PubSubConnectionLostException;
import dev.pubsub.core.PubSubNotConnectedException;
import dev.pubsub.core.PubSubProtocolException;
import dev.pubsub.core.PubSubTimeoutException;
import dev.pubsub.core.support.WebSocketProtocol;
import dev.pubsub.core.support.WebSocketSendLimits;
import dev.pubsub.core.support.WebSocketSessionHolder;

/**
 * The Engine.IO v4 / Socket.IO v5 session of a {@link DefaultRealtimeXClient} on one
 * {@link WebSocketSessionHolder} (which reads in small container buffers, joins frame parts up to
 * {@code max-frame-size}, discards larger frames part by part, serializes sends and runs the heartbeat
 * watchdog): answers pings, watches the heartbeat (any frame counts), connects the default namespace
 * and hands each Socket.IO event to its {@link Listener}.
 */
final class EngineIoSession implements WebSocketProtocol {

	/** Container read buffer: frames above it arrive in parts and are joined here. */
	static final int READ_BUFFER_SIZE = 8 * 1024;

	/**
	 * What the session reports to its client.
	 */
	interface Listener {

		/**
		 * A Socket.IO event arrived on the default namespace.
		 * @param session the session
		 * @param name the event name
		 * @param payload its first argument, or a null node
		 */
		void onEvent(EngineIoSession session, String name, JsonNode payload);

		/**
		 * A frame was skipped: count it and log it rate-limited.
		 * @param reason why
		 * @param frameLength the frame's length in characters, or {@code -1} when unknown
		 */
		void onMalformed(@Nullable String reason, long frameLength);

		/**
		 * A frame over the limit was discarded.
		 * @param error the error to report
		 */
		void onOversized(PubSubProtocolException error);

		/**
		 * The server refused the namespace after the session was up.
		 * @param refused the refusal
		 */
		void onRefused(PubSubAuthenticationException refused);

		/**
		 * The session was lost (not closed by the client); called at most once.
		 * @param session the session
		 * @param cause the cause
		 */
		void onLost(EngineIoSession session, Throwable cause);

		/**
		 * Whether back-pressure paused reading now: silence then is not a dead server.
		 * @return {@code true} while paused
		 */
		boolean isInboundPaused();

	}

	final CompletableFuture<String> ready = new CompletableFuture<>();

	private final String clientName;

	private final JsonMapper jsonMapper;

	private final Listener listener;

	private final WebSocketSessionHolder holder;

	private volatile @Nullable String socketId;

	private volatile boolean closed;

	EngineIoSession(String clientName, JsonMapper jsonMapper, ScheduledExecutorService scheduler, long maxFrameBytes,
			WebSocketSendLimits sendLimits, Listener listener) {
		this.clientName = clientName;
		this.jsonMapper = jsonMapper;
		this.listener = listener;
		this.holder = new WebSocketSessionHolder(new WebSocketSessionHolder.Settings(
				"RealtimeX client '" + clientName + "'", maxFrameBytes, READ_BUFFER_SIZE, sendLimits), scheduler,
				listener::isInboundPaused, this);
	}

	/**
	 * Start the upgrade; {@link #ready} fails when it fails or no Socket.IO handshake completed within the
	 * timeout.
	 * @param client the WebSocket client
	 * @param uri the server URL
	 * @param timeout the connect timeout, handshake included
	 * @param address the URL without secrets, for messages
	 * @return {@link #ready}
	 */
	CompletableFuture<String> open(WebSocketClient client, URI uri, Duration timeout, String address) {
		return this.holder.open(client, new WebSocketHttpHeaders(), uri, this.ready, timeout,
				() -> new PubSubTimeoutException("No Socket.IO handshake from " + address, timeout), (ex) -> ex);
	}

	/**
	 * Return the namespace socket id once the server connected it.
	 * @return the socket id or {@code null}
	 */
	@Nullable String socketId() {
		return this.socketId;
	}

	/**
	 * Whether the namespace is connected and the session not closed.
	 * @return {@code true} when events can be sent
	 */
	boolean isUp() {
		return this.socketId != null && !this.closed;
	}

	boolean isClosed() {
		return this.closed;
	}

	/**
	 * Return how many frames were joined from more than one part (for tests).
	 * @return the count
	 */
	long framesJoinedFromParts() {
		return this.holder.messagesJoinedFromParts();
	}

	@Override
	public void onText(String text) {
		if (!this.closed) {
			onFrame(text);
		}
	}

	@Override
	public void onOversized(long size, long limit) {
		this.listener.onOversized(new PubSubProtocolException(
				"Frame of " + size + " bytes exceeds max-frame-size of " + limit + " bytes and was discarded"));
	}

	@Override
	public void onSilence(long limitMillis) {
		lost(new PubSubConnectionLostException("No Engine.IO ping (nor any frame) within " + limitMillis
				+ " ms on client '" + this.clientName + "'"));
	}

	@Override
	public void onSendLimitExceeded(String reason) {
		lost(new PubSubConnectionLostException("Send limit exceeded on client '" + this.clientName + "': " + reason));
	}

	@Override
	public void onTransportError(Throwable exception) {
		lost(new PubSubConnectionLostException("Transport error on client '" + this.clientName + "': " + exception,
				exception));
	}

	@Override
	public void onClosed(CloseStatus status) {
		lost(new PubSubConnectionLostException("WebSocket of client '" + this.clientName + "' closed: " + status));
	}

	private void onFrame(String text) {
		SocketIoFrame frame;
		try {
			frame = SocketIoCodec.decode(text);
		}
		catch (PubSubProtocolException ex) {
			this.listener.onMalformed(ex.getMessage(), text.length());
			return;
		}
		switch (frame.engineType()) {
			case SocketIoFrame.ENGINE_OPEN -> onOpen(frame);
			case SocketIoFrame.ENGINE_PING -> sendRaw(SocketIoCodec.pong());
			case SocketIoFrame.ENGINE_CLOSE -> lost(new PubSubConnectionLostException(
					"Server closed the Engine.IO session of client '" + this.clientName + "'"));
			case SocketIoFrame.ENGINE_MESSAGE -> onPacket(frame, text);
			default -> {
			}
		}
	}

	private void onOpen(SocketIoFrame frame) {
		long pingInterval = 25_000;
		long pingTimeout = 20_000;
		try {
			JsonNode open = this.jsonMapper.readTree((frame.json() != null) ? frame.json() : "{}");
			pingInterval = open.path("pingInterval").asLong(pingInterval);
			pingTimeout = open.path("pingTimeout").asLong(pingTimeout);
		}
		catch (JacksonException ex) {
			this.listener.onMalformed("Engine.IO open packet is not JSON", -1);
		}
		this.holder.startWatchdog(pingInterval + pingTimeout);
		sendRaw(SocketIoCodec.connect());
	}

	private void onPacket(SocketIoFrame frame, String text) {
		if (!"/".equals(frame.namespace())) {
			return;
		}
		switch (frame.socketType()) {
			case SocketIoFrame.CONNECT -> {
				JsonNode sid = parse(frame.json(), text).path("sid");
				if (!sid.isString() || sid.asString().isEmpty()) {
					this.ready.completeExceptionally(new PubSubProtocolException("Socket.IO CONNECT without sid"));
					return;
				}
				this.socketId = sid.asString();
				this.ready.complete(this.socketId);
			}
			case SocketIoFrame.CONNECT_ERROR -> {
				JsonNode error = parse(frame.json(), text);
				String message = error.path("message").asString(error.toString());
				PubSubAuthenticationException refused = new PubSubAuthenticationException(
						"RealtimeX server refused the connection of client '" + this.clientName + "': " + message);
				this.ready.completeExceptionally(refused);
				close(false);
				if (this.socketId != null) {
					this.listener.onRefused(refused);
				}
			}
			case SocketIoFrame.DISCONNECT -> lost(new PubSubConnectionLostException(
					"RealtimeX server disconnected client '" + this.clientName + "' (io server disconnect)"));
			case SocketIoFrame.EVENT -> {
				JsonNode array = parse(frame.json(), text);
				if (array.isMissingNode() && frame.json() != null) {
					return; // malformed JSON, counted once by parse
				}
				if (!array.isArray() || array.isEmpty() || !array.get(0).isString()) {
					this.listener.onMalformed("Socket.IO event is not [name, ...]", text.length());
					return;
				}
				this.listener.onEvent(this, array.get(0).asString(),
						(array.size() > 1) ? array.get(1) : JsonNodeFactory.instance.nullNode());
			}
			case SocketIoFrame.BINARY_EVENT, SocketIoFrame.BINARY_ACK -> this.listener
				.onMalformed("Binary Socket.IO packets are not supported", text.length());
			default -> {
			}
		}
	}

	private JsonNode parse(@Nullable String json, String frame) {
		if (json == null) {
			return JsonNodeFactory.instance.missingNode();
		}
		try {
			return this.jsonMapper.readTree(json);
		}
		catch (JacksonException ex) {
			this.listener.onMalformed("Socket.IO packet JSON is malformed", frame.length());
			return JsonNodeFactory.instance.missingNode();
		}
	}

	/**
	 * Send a Socket.IO event on the default namespace.
	 * @param event the event name
	 * @param payload its argument, converted to JSON
	 * @throws PubSubNotConnectedException if the session is closed or the send failed
	 */
	void send(String event, Object payload) {
		List<Object> array = new ArrayList<>(2);
		array.add(event);
		array.add(payload);
		sendRaw(SocketIoCodec.event(this.jsonMapper.writeValueAsString(array)));
	}

	void sendRaw(String text) {
		if (this.closed || !this.holder.isOpen()) {
			throw new PubSubNotConnectedException("Client '" + this.clientName + "' is not connected");
		}
		try {
			this.holder.sendText(text);
		}
		catch (IOException | IllegalStateException ex) {
			lost(new PubSubConnectionLostException("Send failed on client '" + this.clientName + "'", ex));
			throw new PubSubNotConnectedException("Client '" + this.clientName + "' lost its connection while sending");
		}
	}

	/**
	 * The session ended without the client asking: close it and tell the listener (once).
	 * @param cause the cause
	 */
	void lost(Throwable cause) {
		if (this.closed) {
			return;
		}
		close(false);
		this.ready.completeExceptionally(cause);
		this.listener.onLost(this, cause);
	}

	/**
	 * Close the session.
	 * @param graceful whether to leave the namespace ({@code 41}) first
	 */
	void close(boolean graceful) {
		synchronized (this) {
			if (this.closed && !graceful) {
				return;
			}
			this.closed = true;
		}
		if (graceful && this.holder.isOpen()) {
			try {
				this.holder.sendText(SocketIoCodec.disconnect());
			}
			catch (IOException | IllegalStateException ex) {
				// closing anyway
			}
		}
		this.holder.close(CloseStatus.NORMAL);
	}

}
