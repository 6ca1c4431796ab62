package dev.pubsub.test.realtimex;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One socket of {@link EmbeddedRealtimeXServer}: its websocket session, namespace socket id,
 * joined channels and presence identities. Sends are serialised on this object; a failed send
 * closes the socket.
 */
final class EmbeddedRealtimeXConnection {

	final Session session;

	final String socketId;

	final Set<String> channels = ConcurrentHashMap.newKeySet();

	final Map<String, String> presence = new ConcurrentHashMap<>();

	volatile boolean namespaceConnected;

	volatile long lastPong = System.currentTimeMillis();

	@Nullable ScheduledFuture<?> pinger;

	private final JsonMapper jsonMapper;

	EmbeddedRealtimeXConnection(Session session, String socketId, JsonMapper jsonMapper) {
		this.session = session;
		this.socketId = socketId;
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Send a Socket.IO event ({@code 42["event",payload]}).
	 * @param event the event name
	 * @param payload the payload
	 */
	void emit(String event, JsonNode payload) {
		List<Object> array = new ArrayList<>();
		array.add(event);
		array.add(payload);
		sendRaw("42" + this.jsonMapper.writeValueAsString(array));
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

	void close(CloseReason reason) {
		try {
			this.session.close(reason);
		}
		catch (IOException | IllegalStateException ex) {
			// already closed
		}
	}

}
