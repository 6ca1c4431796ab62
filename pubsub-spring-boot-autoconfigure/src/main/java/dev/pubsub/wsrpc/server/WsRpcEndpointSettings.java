package dev.pubsub.wsrpc.server;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * Limits of a {@link WsRpcEndpointHandler}.
 *
 * @param maxSubscriptionsPerSession how many topics one session may hold; a {@code subscribe}
 * beyond it answers {@code false}
 * @param sendBufferSizeLimit bytes (UTF-8) that may wait in one session's outbound queue, the
 * frame being written included; beyond it the session is closed as a slow consumer
 * @param sendTimeLimit how long one write to a session may take before the session is closed as a
 * slow consumer
 * @param notifyTimeout how long a {@code sync} publish waits for one subscriber's answer
 * @param maxTextMessageSize the largest text message accepted, in UTF-8 bytes, however many frames
 * it comes in; a larger one closes the session with 1009
 * @param idleTimeout how long a session may stay silent; after half of it the endpoint sends a
 * {@code _ping_} request, and a session that still sent nothing when it passed is closed with
 * 1001 ({@link Duration#ZERO} turns it off)
 * @param firstMessageTimeout how long a new session may take to send its first message before it
 * is closed with 1008 ({@link Duration#ZERO} turns it off)
 * @param textBufferSize the size of the buffer the container reads one session's text into, in
 * characters; longer messages arrive in parts that the endpoint joins, so this, not
 * {@code maxTextMessageSize}, is what an idle session costs
 */
public record WsRpcEndpointSettings(int maxSubscriptionsPerSession, int sendBufferSizeLimit, Duration sendTimeLimit,
		Duration notifyTimeout, long maxTextMessageSize, Duration idleTimeout, Duration firstMessageTimeout,
		int textBufferSize) {

	/** The default largest text message: 1 MiB. */
	public static final long DEFAULT_MAX_TEXT_MESSAGE_SIZE = 1024 * 1024;

	/** The default per-session text read buffer: 2048 characters. */
	public static final int DEFAULT_TEXT_BUFFER_SIZE = 2048;

	/** The default idle timeout: 2 minutes. */
	public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(2);

	/** The default first-message timeout: 30 seconds. */
	public static final Duration DEFAULT_FIRST_MESSAGE_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * Validate.
	 */
	public WsRpcEndpointSettings {
		Assert.isTrue(maxSubscriptionsPerSession > 0, "maxSubscriptionsPerSession must be positive");
		Assert.isTrue(sendBufferSizeLimit > 0, "sendBufferSizeLimit must be positive");
		Assert.isTrue(sendTimeLimit.toMillis() > 0, "sendTimeLimit must be positive");
		Assert.isTrue(notifyTimeout.toMillis() > 0, "notifyTimeout must be positive");
		Assert.isTrue(maxTextMessageSize > 0, "maxTextMessageSize must be positive");
		Assert.isTrue(!idleTimeout.isNegative(), "idleTimeout must not be negative");
		Assert.isTrue(!firstMessageTimeout.isNegative(), "firstMessageTimeout must not be negative");
		Assert.isTrue(textBufferSize >= 128, "textBufferSize must be at least 128");
	}

	/**
	 * Create settings with the default message size limit and timeouts.
	 * @param maxSubscriptionsPerSession how many topics one session may hold
	 * @param sendBufferSizeLimit bytes that may wait in one session's outbound queue
	 * @param sendTimeLimit how long one write to a session may take
	 * @param notifyTimeout how long a {@code sync} publish waits for one subscriber's answer
	 */
	public WsRpcEndpointSettings(int maxSubscriptionsPerSession, int sendBufferSizeLimit, Duration sendTimeLimit,
			Duration notifyTimeout) {
		this(maxSubscriptionsPerSession, sendBufferSizeLimit, sendTimeLimit, notifyTimeout,
				DEFAULT_MAX_TEXT_MESSAGE_SIZE, DEFAULT_IDLE_TIMEOUT, DEFAULT_FIRST_MESSAGE_TIMEOUT,
				DEFAULT_TEXT_BUFFER_SIZE);
	}

	/**
	 * The defaults: 1000 topics per session, 1 MiB and 5 s per session's outbound queue, 5 s notify
	 * timeout, 1 MiB messages, 2 min idle timeout, 30 s first-message timeout, 2048-character read
	 * buffer.
	 * @return the settings
	 */
	public static WsRpcEndpointSettings defaults() {
		return new WsRpcEndpointSettings(1000, 1024 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(5));
	}

}
