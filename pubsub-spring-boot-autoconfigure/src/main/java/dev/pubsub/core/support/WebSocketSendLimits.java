package dev.pubsub.core.support;

import java.time.Duration;
import java.util.function.Consumer;

import org.springframework.util.Assert;

/**
 * The send bounds of one client's WebSocket sessions, enforced by {@link WebSocketSessionHolder}: the
 * longest time one send may take, and the bytes that may wait behind a send in progress. A session
 * that exceeds either is closed ({@code 4500}, the reason naming the limit), and {@code closed} is told
 * the reason (the client counts it in its metrics and logs it, rate-limited).
 *
 * @param timeLimit the longest time one send may take (positive)
 * @param bufferLimit the bytes that may wait behind a send in progress (positive)
 * @param closed told, with the reason, each time a session is closed because a limit was exceeded
 */
public record WebSocketSendLimits(Duration timeLimit, int bufferLimit, Consumer<String> closed) {

	/** The default longest time one send may take: 10 s. */
	public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(10);

	/** The default bytes that may wait behind a send in progress: 16 MiB. */
	public static final int DEFAULT_BUFFER_LIMIT = 16 * 1024 * 1024;

	/** The default limits, telling nobody of a close (the holder still logs it). */
	public static final WebSocketSendLimits DEFAULTS = new WebSocketSendLimits(DEFAULT_TIME_LIMIT,
			DEFAULT_BUFFER_LIMIT);

	/**
	 * Check the limits.
	 */
	public WebSocketSendLimits {
		Assert.notNull(timeLimit, "timeLimit must not be null");
		Assert.isTrue(timeLimit.toMillis() > 0, "timeLimit must be at least 1 ms");
		Assert.isTrue(bufferLimit > 0, "bufferLimit must be positive");
		Assert.notNull(closed, "closed must not be null");
	}

	/**
	 * Create limits that tell nobody of a close.
	 * @param timeLimit the longest time one send may take
	 * @param bufferLimit the bytes that may wait behind a send in progress
	 */
	public WebSocketSendLimits(Duration timeLimit, int bufferLimit) {
		this(timeLimit, bufferLimit, (reason) -> {
		});
	}

	/**
	 * Return the same limits, telling {@code closed} of each close they cause.
	 * @param closed told the reason of each close
	 * @return the limits
	 */
	public WebSocketSendLimits whenClosed(Consumer<String> closed) {
		return new WebSocketSendLimits(this.timeLimit, this.bufferLimit, closed);
	}

}
