package dev.pubsub.autoconfigure;

import java.time.Duration;

import org.springframework.util.unit.DataSize;

import dev.pubsub.core.support.AbstractWebSocketPubSubClient;
import dev.pubsub.core.support.WebSocketSendLimits;

/**
 * Applies {@code pubsub.clients.<name>.websocket.*} to a created client: checks the values (positive,
 * the buffer limit below 2 GiB) and fails startup with the key when one is bad or set on a client that
 * has no WebSocket.
 */
final class WebSocketSendLimitsConfigurer {

	private WebSocketSendLimitsConfigurer() {
	}

	static void configure(String name, PubSubClientProperties properties, Object client) {
		PubSubWebSocketProperties websocket = properties.getWebsocket();
		String prefix = "pubsub.clients." + name + ".websocket.";
		if (!(client instanceof AbstractWebSocketPubSubClient webSocketClient)) {
			if (websocket.isSet()) {
				throw new IllegalStateException(prefix + "* is set, but client '" + name
						+ "' has no WebSocket (only realtime, realtimex, wsrpc and httppubsub with transport"
						+ " websocket have one); remove the keys");
			}
			return;
		}
		Duration time = (websocket.getSendTimeLimit() != null) ? websocket.getSendTimeLimit()
				: WebSocketSendLimits.DEFAULT_TIME_LIMIT;
		DataSize buffer = (websocket.getSendBufferLimit() != null) ? websocket.getSendBufferLimit()
				: DataSize.ofBytes(WebSocketSendLimits.DEFAULT_BUFFER_LIMIT);
		if (time.toMillis() <= 0) {
			throw new IllegalStateException(prefix + "send-time-limit must be at least 1ms, was " + time);
		}
		if (buffer.toBytes() <= 0 || buffer.toBytes() > Integer.MAX_VALUE) {
			throw new IllegalStateException(
					prefix + "send-buffer-limit must be between 1B and 2147483647B, was " + buffer.toBytes() + "B");
		}
		webSocketClient.setWebSocketSendLimits(new WebSocketSendLimits(time, (int) buffer.toBytes()));
	}

}
