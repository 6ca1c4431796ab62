package dev.pubsub.listener.retry;

import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.support.LogSanitizer;
import dev.pubsub.core.support.RateLimitedLog;
import dev.pubsub.listener.PubSubListenerExecutionFailedException;

/**
 * The default {@link PubSubRecoverer}: gives the message up, counts it exactly
 * ({@link #discarded()}, and the client's {@code pubsub.client.listener.recoveries}) and logs one
 * rate-limited WARN line (at most one per 10 s, with the number of lines suppressed meanwhile).
 * The listener's error handler has already logged the failure itself.
 */
public class LoggingPubSubRecoverer implements PubSubRecoverer {

	private static final Log logger = LogFactory.getLog(LoggingPubSubRecoverer.class);

	private final RateLimitedLog warning = new RateLimitedLog(logger);

	private final LongAdder discarded = new LongAdder();

	@Override
	public void recover(PubSubMessage message, PubSubListenerExecutionFailedException failure, int attempts) {
		this.discarded.increment();
		this.warning.warn(() -> "Listener '" + failure.getListenerId() + "' gave up on a message for routing key '"
				+ LogSanitizer.sanitize(message.routingKey()) + "' after " + attempts
				+ ((attempts == 1) ? " attempt" : " attempts") + " (" + rootCauseType(failure)
				+ "); it is discarded. Messages discarded by this recoverer so far: " + this.discarded.sum());
	}

	/**
	 * Return the number of messages this recoverer gave up on.
	 * @return the exact count
	 */
	public long discarded() {
		return this.discarded.sum();
	}

	private static String rootCauseType(Throwable failure) {
		Throwable root = failure;
		int depth = 0;
		while (root.getCause() != null && root.getCause() != root && depth++ < 32) {
			root = root.getCause();
		}
		return root.getClass().getName();
	}

}
