package dev.pubsub.core.support;

import java.time.Duration;

import tools.jackson.databind.json.JsonMapper;

import dev.pubsub.core.ReconnectPolicy;

/**
 * The facade of a client whose connection is a {@link WebSocketSessionHolder}: adds the send limits
 * ({@link #setWebSocketSendLimits(WebSocketSendLimits)}) and counts a session closed for exceeding
 * them in the client's metrics ({@code sendLimitCloses}), with one WARN line per interval
 * ({@link RateLimitedLog}).
 */
public abstract class AbstractWebSocketPubSubClient extends AbstractPubSubClient {

	private final RateLimitedLog sendLimitLog = new RateLimitedLog(this.logger);

	private volatile WebSocketSendLimits sendLimits = WebSocketSendLimits.DEFAULTS;

	protected AbstractWebSocketPubSubClient(String name, JsonMapper jsonMapper, ReconnectPolicy reconnectPolicy,
			Duration defaultTimeout) {
		super(name, jsonMapper, reconnectPolicy, defaultTimeout);
	}

	/**
	 * Set the send limits of the next connections (a session whose send takes longer than the time
	 * limit, or whose waiting sends exceed the buffer limit, is closed and reconnected).
	 * @param limits the limits (their close callback is replaced by the client's counting)
	 */
	public void setWebSocketSendLimits(WebSocketSendLimits limits) {
		this.sendLimits = limits.whenClosed(this::sendLimitClosed);
	}

	/**
	 * Return the send limits of the next connections, counting their closes in this client's metrics.
	 * @return the limits
	 */
	public WebSocketSendLimits webSocketSendLimits() {
		WebSocketSendLimits limits = this.sendLimits;
		return (limits == WebSocketSendLimits.DEFAULTS) ? limits.whenClosed(this::sendLimitClosed) : limits;
	}

	private void sendLimitClosed(String reason) {
		metrics().sendLimitClosed();
		this.sendLimitLog.warn(() -> "Closing the WebSocket of client '" + name() + "' (it reconnects): " + reason);
	}

}
