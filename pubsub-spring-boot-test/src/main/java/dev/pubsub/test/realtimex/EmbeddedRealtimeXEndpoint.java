package dev.pubsub.test.realtimex;

import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.pubsub.core.support.PartialTextAggregator;

/**
 * The websocket endpoint of one {@link EmbeddedRealtimeXServer} connection: Engine.IO open and
 * pings (closing a socket whose pongs stop), the namespace connect with the api key check
 * ({@code 44} when wrong), and Socket.IO events handed to the server. Text frames are read with
 * the container's small default buffer and joined part by part up to
 * {@link #MAX_PAYLOAD} (the {@code maxPayload} announced in the open packet); a larger frame closes
 * the socket with 1009, as socket.io does past {@code maxHttpBufferSize}.
 */
final class EmbeddedRealtimeXEndpoint extends Endpoint {

	/** Largest frame accepted, announced as {@code maxPayload}. */
	static final int MAX_PAYLOAD = 1_000_000;

	private final EmbeddedRealtimeXServer server;

	EmbeddedRealtimeXEndpoint(EmbeddedRealtimeXServer server) {
		this.server = server;
	}

	@Override
	public void onOpen(Session session, EndpointConfig config) {
		if (this.server.faults().opened(this, session)) {
			RealtimeXServerFaults.closeGoingAway(session);
			return;
		}
		EmbeddedRealtimeXConnection connection = new EmbeddedRealtimeXConnection(session, this.server.newSid(),
				this.server.jsonMapper());
		PartialTextAggregator aggregator = new PartialTextAggregator(MAX_PAYLOAD);
		session.addMessageHandler(String.class, (MessageHandler.Partial<String>) (part, last) -> {
			String text;
			try {
				text = aggregator.accept(part, last);
			}
			catch (PartialTextAggregator.TooLargeException ex) {
				connection.close(new CloseReason(CloseReason.CloseCodes.TOO_BIG, "max payload exceeded"));
				return;
			}
			if (text != null) {
				onText(connection, text);
			}
		});
		session.getUserProperties().put(EmbeddedRealtimeXConnection.class.getName(), connection);
		long pingInterval = this.server.pingInterval();
		long pingTimeout = this.server.pingTimeout();
		ObjectNode open = this.server.jsonMapper()
			.createObjectNode()
			.put("sid", this.server.newSid())
			.put("pingInterval", pingInterval)
			.put("pingTimeout", pingTimeout)
			.put("maxPayload", MAX_PAYLOAD);
		open.putArray("upgrades");
		connection.sendRaw("0" + open);
		connection.pinger = this.server.timer().scheduleAtFixedRate(() -> {
			if (System.currentTimeMillis() - connection.lastPong > pingInterval + pingTimeout) {
				connection.close();
			}
			else if (!this.server.pingsPaused()) {
				connection.sendRaw("2");
			}
		}, pingInterval, pingInterval, TimeUnit.MILLISECONDS);
	}

	private void onText(EmbeddedRealtimeXConnection connection, String text) {
		if (text.equals("3")) {
			connection.lastPong = System.currentTimeMillis();
			return;
		}
		if (text.startsWith("40")) {
			List<String> keys = connection.session.getRequestParameterMap().getOrDefault("api_key", List.of());
			if (keys.size() != 1 || !keys.get(0).equals(this.server.apiKey())) {
				connection.sendRaw("44{\"message\":\"invalid api_key\"}");
				return;
			}
			connection.namespaceConnected = true;
			this.server.channels().connected(connection);
			connection.sendRaw("40{\"sid\":\"" + connection.socketId + "\"}");
			return;
		}
		if (text.equals("41")) {
			disconnected(connection);
			return;
		}
		if (text.startsWith("42") && connection.namespaceConnected) {
			try {
				JsonNode array = this.server.jsonMapper().readTree(text.substring(2));
				if (array.isArray() && !array.isEmpty() && array.get(0).isString()) {
					this.server.onEvent(connection, array.get(0).asString(),
							(array.size() > 1) ? array.get(1) : this.server.jsonMapper().nullNode());
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
		EmbeddedRealtimeXConnection connection = (EmbeddedRealtimeXConnection) session.getUserProperties()
			.get(EmbeddedRealtimeXConnection.class.getName());
		if (connection != null) {
			disconnected(connection);
		}
	}

	private void disconnected(EmbeddedRealtimeXConnection connection) {
		if (connection.pinger != null) {
			connection.pinger.cancel(false);
		}
		this.server.channels().disconnected(connection);
	}

}
