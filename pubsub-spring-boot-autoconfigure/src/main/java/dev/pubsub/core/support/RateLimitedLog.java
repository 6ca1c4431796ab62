package dev.pubsub.core.support;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;

/**
 * A warning that may repeat once per frame or per message, logged at most once per interval. The
 * first occurrence is logged at once; occurrences within the interval are counted, and the next
 * line that is logged says how many were suppressed. Counting is exact and lock-free; the log line
 * is built only when it is written.
 * <p>
 * Keep exact metrics in counters; this class bounds only the log volume.
 */
public final class RateLimitedLog {

	/** The default interval between two lines of one warning. */
	public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

	private final Log log;

	private final long intervalMillis;

	private final Clock clock;

	private final AtomicLong nextLogAt = new AtomicLong(Long.MIN_VALUE);

	private final AtomicLong suppressed = new AtomicLong();

	/**
	 * Create a rate-limited warning with the {@linkplain #DEFAULT_INTERVAL default interval}.
	 * @param log the logger to write to
	 */
	public RateLimitedLog(Log log) {
		this(log, DEFAULT_INTERVAL, Clock.systemUTC());
	}

	/**
	 * Create a rate-limited warning.
	 * @param log the logger to write to
	 * @param interval the minimum time between two lines
	 * @param clock the clock (tests pass a fixed or offset one)
	 */
	public RateLimitedLog(Log log, Duration interval, Clock clock) {
		this.log = log;
		this.intervalMillis = interval.toMillis();
		this.clock = clock;
	}

	/**
	 * Record one occurrence and log it at WARN unless a line was written within the interval.
	 * @param message builds the line (values from the network must already be
	 * {@linkplain LogSanitizer sanitized})
	 * @return {@code true} if a line was written
	 */
	public boolean warn(Supplier<String> message) {
		return write(message, null, true);
	}

	/**
	 * Record one occurrence and log it at WARN with a cause unless a line was written within the
	 * interval. The cause's stack trace is logged only at DEBUG.
	 * @param message builds the line
	 * @param cause the cause, its message is appended sanitized
	 * @return {@code true} if a line was written
	 */
	public boolean warn(Supplier<String> message, Throwable cause) {
		return write(message, cause, true);
	}

	/**
	 * Record one occurrence and log it at DEBUG unless a line was written within the interval.
	 * @param message builds the line
	 * @return {@code true} if a line was written
	 */
	public boolean debug(Supplier<String> message) {
		return write(message, null, false);
	}

	/**
	 * Return how many occurrences have been suppressed since the last line.
	 * @return the pending count
	 */
	public long suppressedCount() {
		return this.suppressed.get();
	}

	private boolean write(Supplier<String> message, Throwable cause, boolean warn) {
		if (warn ? !this.log.isWarnEnabled() : !this.log.isDebugEnabled()) {
			return false;
		}
		long now = this.clock.millis();
		long next = this.nextLogAt.get();
		if (now < next || !this.nextLogAt.compareAndSet(next, now + this.intervalMillis)) {
			this.suppressed.incrementAndGet();
			return false;
		}
		long skipped = this.suppressed.getAndSet(0);
		StringBuilder line = new StringBuilder(message.get());
		if (cause != null) {
			line.append(": ").append(LogSanitizer.sanitize(cause.toString()));
		}
		if (skipped > 0) {
			line.append(" (").append(skipped).append(" more like this suppressed in the last ")
				.append(this.intervalMillis / 1000).append(" s)");
		}
		if (warn) {
			this.log.warn(line);
		}
		else {
			this.log.debug(line);
		}
		if (cause != null && this.log.isDebugEnabled()) {
			this.log.debug("Cause of the warning above", cause);
		}
		return true;
	}

}
