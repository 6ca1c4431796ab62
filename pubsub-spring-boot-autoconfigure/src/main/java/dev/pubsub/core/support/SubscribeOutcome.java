package dev.pubsub.core.support;

import org.jspecify.annotations.Nullable;

/**
 * The server's answer to a subscribe a {@link RemoteSubscriber} sent.
 *
 * @param accepted whether the server holds the keys now
 * @param reason why not, when not accepted (sanitized)
 */
public record SubscribeOutcome(boolean accepted, @Nullable String reason) {

	private static final SubscribeOutcome HELD = new SubscribeOutcome(true, null);

	/**
	 * The server holds the keys.
	 * @return the outcome
	 */
	public static SubscribeOutcome held() {
		return HELD;
	}

	/**
	 * The server refused the keys.
	 * @param reason why (sanitized)
	 * @return the outcome
	 */
	public static SubscribeOutcome refused(String reason) {
		return new SubscribeOutcome(false, reason);
	}

}
