package dev.pubsub.realtimex;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import dev.pubsub.core.PubSubProtocolException;

/**
 * Encodes and decodes the text frames of Engine.IO v4 (websocket transport) carrying Socket.IO v5
 * packets: {@code <engine type>[<socket type>[<attachments>-][/<namespace>,][<ack id>][<json>]]}.
 * Binary attachments are not supported (RealtimeX events are JSON); a binary packet decodes with
 * its header so callers can refuse it.
 */
public final class SocketIoCodec {

	private SocketIoCodec() {
	}

	/**
	 * Build the websocket URI of a Socket.IO server (see {@link DefaultRealtimeXClient#uri}).
	 * @param host the host
	 * @param port the port
	 * @param encrypted whether to use TLS
	 * @param path the Socket.IO path
	 * @param apiKey the api key, or {@code null}
	 * @return the URI
	 */
	static URI uri(String host, int port, boolean encrypted, String path, @Nullable String apiKey) {
		StringBuilder query = new StringBuilder();
		if (apiKey != null && !apiKey.isEmpty()) {
			query.append("api_key=").append(URLEncoder.encode(apiKey, StandardCharsets.UTF_8)).append('&');
		}
		query.append("EIO=4&transport=websocket");
		String normalized = path.startsWith("/") ? path : "/" + path;
		normalized = normalized.endsWith("/") ? normalized : normalized + "/";
		return URI.create((encrypted ? "wss" : "ws") + "://" + host + ":" + port + normalized + "?" + query);
	}

	/**
	 * Decode one text frame.
	 * @param text the frame
	 * @return the frame
	 * @throws PubSubProtocolException if the frame is malformed
	 */
	public static SocketIoFrame decode(String text) {
		if (text.isEmpty()) {
			throw new PubSubProtocolException("Empty Engine.IO frame");
		}
		int engineType = digit(text, 0);
		if (engineType < 0 || engineType > 6) {
			throw new PubSubProtocolException("Unknown Engine.IO packet type '" + text.charAt(0) + "'");
		}
		if (engineType != SocketIoFrame.ENGINE_MESSAGE) {
			return new SocketIoFrame(engineType, -1, "/", -1, (text.length() > 1) ? text.substring(1) : null);
		}
		if (text.length() < 2) {
			throw new PubSubProtocolException("Engine.IO message without a Socket.IO packet");
		}
		int socketType = digit(text, 1);
		if (socketType < 0 || socketType > 6) {
			throw new PubSubProtocolException("Unknown Socket.IO packet type '" + text.charAt(1) + "'");
		}
		int i = 2;
		if (socketType == SocketIoFrame.BINARY_EVENT || socketType == SocketIoFrame.BINARY_ACK) {
			int dash = text.indexOf('-', i);
			if (dash < 0) {
				throw new PubSubProtocolException("Binary Socket.IO packet without attachment count");
			}
			i = dash + 1;
		}
		String namespace = "/";
		if (i < text.length() && text.charAt(i) == '/') {
			int comma = text.indexOf(',', i);
			namespace = (comma < 0) ? text.substring(i) : text.substring(i, comma);
			i = (comma < 0) ? text.length() : comma + 1;
		}
		long ackId = -1;
		int start = i;
		while (i < text.length() && Character.isDigit(text.charAt(i))) {
			i++;
		}
		if (i > start) {
			try {
				ackId = Long.parseLong(text.substring(start, i));
			}
			catch (NumberFormatException ex) {
				throw new PubSubProtocolException("Socket.IO ack id out of range");
			}
		}
		String json = (i < text.length()) ? text.substring(i) : null;
		return new SocketIoFrame(SocketIoFrame.ENGINE_MESSAGE, socketType, namespace, ackId, json);
	}

	/**
	 * Encode a Socket.IO event on the default namespace.
	 * @param jsonArray the JSON array {@code [name, payload...]}
	 * @return the frame text
	 */
	public static String event(String jsonArray) {
		return "42" + jsonArray;
	}

	/**
	 * Return the frame that connects the default namespace.
	 * @return {@code 40}
	 */
	public static String connect() {
		return "40";
	}

	/**
	 * Return the frame that leaves the default namespace.
	 * @return {@code 41}
	 */
	public static String disconnect() {
		return "41";
	}

	/**
	 * Return the Engine.IO pong frame.
	 * @return {@code 3}
	 */
	public static String pong() {
		return "3";
	}

	private static int digit(String text, int index) {
		char c = text.charAt(index);
		return (c >= '0' && c <= '9') ? c - '0' : -1;
	}

}
