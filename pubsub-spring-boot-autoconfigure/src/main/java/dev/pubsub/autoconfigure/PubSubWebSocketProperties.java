package dev.pubsub.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

/**
 * Send bounds of one WebSocket client ({@code pubsub.clients.<name>.websocket.*}): types realtime,
 * realtimex, wsrpc and httppubsub with the websocket transport. Unset keys keep the defaults of
 * {@link dev.pubsub.core.support.WebSocketSendLimits}; setting one on a client without a WebSocket fails
 * startup.
 */
public class PubSubWebSocketProperties {

	/**
	 * Longest time one send (a publish, subscribe or ping frame) may take; a session whose send takes
	 * longer (a server that stopped reading) is closed with code 4500 and reconnected, counted in
	 * pubsub.client.send.limit.closes. Default 10s.
	 */
	private @Nullable Duration sendTimeLimit;

	/**
	 * Bytes of outgoing messages that may wait behind a send in progress (concurrent publishers); more
	 * closes the session with code 4500, counted, and the client reconnects. Nothing is allocated up
	 * front: it bounds messages the callers already built. Must exceed the largest message the
	 * application sends. Default 16MB.
	 */
	private @Nullable DataSize sendBufferLimit;

	public @Nullable Duration getSendTimeLimit() {
		return this.sendTimeLimit;
	}

	public void setSendTimeLimit(@Nullable Duration sendTimeLimit) {
		this.sendTimeLimit = sendTimeLimit;
	}

	public @Nullable DataSize getSendBufferLimit() {
		return this.sendBufferLimit;
	}

	public void setSendBufferLimit(@Nullable DataSize sendBufferLimit) {
		this.sendBufferLimit = sendBufferLimit;
	}

	/**
	 * Whether any key is set.
	 * @return {@code true} when a limit was configured
	 */
	boolean isSet() {
		return this.sendTimeLimit != null || this.sendBufferLimit != null;
	}

}
