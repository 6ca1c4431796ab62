package dev.pubsub.core;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.util.Assert;

/**
 * Exponential backoff with jitter for reconnect attempts.
 * <p>
 * The delay before attempt {@code n} (1-based) is {@code min(maxDelay, initialDelay * multiplier^(n-1))},
 * then randomised by {@code ±jitter} of itself. {@code maxAttempts} of {@code -1} retries forever.
 *
 * @param enabled whether the client reconnects at all after an unexpected drop
 * @param initialDelay the delay before the first attempt
 * @param maxDelay the cap on any delay
 * @param multiplier the growth factor per attempt (at least 1)
 * @param jitter the random spread as a fraction of the delay, between 0 and 1
 * @param maxAttempts the number of attempts before giving up, or -1 for unlimited
 */
public record ReconnectPolicy(boolean enabled, Duration initialDelay, Duration maxDelay, double multiplier,
		double jitter, int maxAttempts) {

	/** Unlimited attempts. */
	public static final int UNLIMITED = -1;

	public ReconnectPolicy {
		Assert.isTrue(!initialDelay.isNegative(), "initialDelay must not be negative");
		Assert.isTrue(maxDelay.compareTo(initialDelay) >= 0, "maxDelay must not be smaller than initialDelay");
		Assert.isTrue(multiplier >= 1.0, "multiplier must be at least 1");
		Assert.isTrue(jitter >= 0.0 && jitter <= 1.0, "jitter must be between 0 and 1");
		Assert.isTrue(maxAttempts == UNLIMITED || maxAttempts >= 0, "maxAttempts must be -1 (unlimited) or >= 0");
	}

	/**
	 * The default: 1 s doubling up to 30 s, 20% jitter, unlimited attempts.
	 * @return the default policy
	 */
	public static ReconnectPolicy defaults() {
		return new ReconnectPolicy(true, Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0, 0.2, UNLIMITED);
	}

	/**
	 * A policy that never reconnects.
	 * @return the disabled policy
	 */
	public static ReconnectPolicy disabled() {
		return new ReconnectPolicy(false, Duration.ZERO, Duration.ZERO, 1.0, 0.0, 0);
	}

	/**
	 * Whether another attempt may be made.
	 * @param attempt the 1-based number of the attempt about to be made
	 * @return {@code true} to retry
	 */
	public boolean shouldRetry(int attempt) {
		return this.enabled && (this.maxAttempts == UNLIMITED || attempt <= this.maxAttempts);
	}

	/**
	 * The delay before an attempt, jitter included.
	 * @param attempt the 1-based attempt number
	 * @return the delay
	 */
	public Duration delayBefore(int attempt) {
		double base = this.initialDelay.toMillis() * Math.pow(this.multiplier, Math.max(0, attempt - 1));
		double capped = Math.min(base, this.maxDelay.toMillis());
		double spread = capped * this.jitter;
		double jittered = capped + ((spread > 0) ? ThreadLocalRandom.current().nextDouble(-spread, spread) : 0);
		return Duration.ofMillis(Math.max(0, Math.round(Math.min(jittered, this.maxDelay.toMillis()))));
	}

}
