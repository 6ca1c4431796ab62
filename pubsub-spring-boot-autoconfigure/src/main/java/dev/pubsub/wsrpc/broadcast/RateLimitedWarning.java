package dev.pubsub.wsrpc.broadcast;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;

/**
 * A warning logged at most once per interval, with the number of occurrences it stood for, so
 * that an outage of the backend does not log one line per event.
 */
final class RateLimitedWarning {

	private static final int MAX_VALUE_LENGTH = 200;

	private final Log logger;

	private final long intervalNanos;

	private final AtomicLong suppressed = new AtomicLong();

	private final AtomicLong lastLogged;

	RateLimitedWarning(Log logger, Duration interval) {
		this.logger = logger;
		this.intervalNanos = interval.toNanos();
		this.lastLogged = new AtomicLong(System.nanoTime() - this.intervalNanos);
	}

	/**
	 * Log the message if the interval has passed since the last one, otherwise count it.
	 * @param message the message, built only when it is logged
	 */
	void warn(Supplier<String> message) {
		long now = System.nanoTime();
		long last = this.lastLogged.get();
		if (now - last >= this.intervalNanos && this.lastLogged.compareAndSet(last, now)) {
			long skipped = this.suppressed.getAndSet(0);
			this.logger.warn(message.get() + ((skipped > 0)
					? " (" + skipped + " more like it in the last " + Duration.ofNanos(now - last).toSeconds() + " s)"
					: ""));
		}
		else {
			this.suppressed.incrementAndGet();
		}
	}

	/**
	 * Make a value from the network or the backend safe to log: control characters escaped,
	 * at most {@value #MAX_VALUE_LENGTH} characters.
	 * @param value the value
	 * @return the loggable text
	 */
	static String loggable(Object value) {
		String text = String.valueOf(value);
		StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_VALUE_LENGTH) + 8);
		int i = 0;
		for (; i < text.length() && out.length() < MAX_VALUE_LENGTH; i++) {
			char c = text.charAt(i);
			if (c < 0x20 || c == 0x7f) {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		if (i < text.length()) {
			out.append("...(").append(text.length()).append(" chars)");
		}
		return out.toString();
	}

}
