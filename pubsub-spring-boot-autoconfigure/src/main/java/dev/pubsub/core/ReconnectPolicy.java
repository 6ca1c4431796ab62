package dev.pubsub.core;

import java.time.Duration;

import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Exponential backoff with jitter for reconnect attempts, and the window after which a connection
 * counts as stable.
 * <p>
 * The delays come from Spring's {@link ExponentialBackOff}: {@code initialDelay}, then multiplied by
 * {@code multiplier} per attempt up to {@code maxDelay}, each randomised upwards and downwards by
 * about {@code jitter} of itself (never below {@code initialDelay}, never above {@code maxDelay}).
 * {@code maxAttempts} of {@code -1} retries forever.
 * <p>
 * One {@link BackOffExecution} runs across drops: the delays keep growing while connections drop
 * soon after they were established (a server that accepts and then closes), and start again at
 * {@code initialDelay} only after a connection stayed up for {@code stableAfter}.
 *
 * @param enabled whether the client reconnects at all after an unexpected drop
 * @param initialDelay the delay before the first attempt
 * @param maxDelay the cap on any delay
 * @param multiplier the growth factor per attempt (at least 1)
 * @param jitter the random spread as a fraction of the delay, between 0 and 1
 * @param maxAttempts the number of attempts before giving up, or -1 for unlimited
 * @param stableAfter how long a connection must stay up before the backoff starts again at
 * {@code initialDelay} (and the attempt count at 1) after its drop
 */
public record ReconnectPolicy(boolean enabled, Duration initialDelay, Duration maxDelay, double multiplier,
		double jitter, int maxAttempts, Duration stableAfter) {

	/** Unlimited attempts. */
	public static final int UNLIMITED = -1;

	/** The default {@link #stableAfter() stability window}. */
	public static final Duration DEFAULT_STABLE_AFTER = Duration.ofSeconds(30);

	public ReconnectPolicy {
		Assert.isTrue(!initialDelay.isNegative(), "initialDelay must not be negative");
		Assert.isTrue(maxDelay.compareTo(initialDelay) >= 0, "maxDelay must not be smaller than initialDelay");
		Assert.isTrue(multiplier >= 1.0, "multiplier must be at least 1");
		Assert.isTrue(jitter >= 0.0 && jitter <= 1.0, "jitter must be between 0 and 1");
		Assert.isTrue(maxAttempts == UNLIMITED || maxAttempts >= 0, "maxAttempts must be -1 (unlimited) or >= 0");
		Assert.notNull(stableAfter, "stableAfter must not be null");
		Assert.isTrue(!stableAfter.isNegative(), "stableAfter must not be negative");
	}

	/**
	 * A policy with the {@linkplain #DEFAULT_STABLE_AFTER default stability window}.
	 * @param enabled whether the client reconnects at all
	 * @param initialDelay the delay before the first attempt
	 * @param maxDelay the cap on any delay
	 * @param multiplier the growth factor per attempt
	 * @param jitter the random spread as a fraction of the delay
	 * @param maxAttempts the number of attempts before giving up, or -1 for unlimited
	 */
	public ReconnectPolicy(boolean enabled, Duration initialDelay, Duration maxDelay, double multiplier,
			double jitter, int maxAttempts) {
		this(enabled, initialDelay, maxDelay, multiplier, jitter, maxAttempts, DEFAULT_STABLE_AFTER);
	}

	/**
	 * The default: 1 s doubling up to 30 s, 20% jitter, unlimited attempts, stable after 30 s.
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
	 * Copy with another stability window.
	 * @param stableAfter how long a connection must stay up before the backoff resets
	 * @return the policy
	 */
	public ReconnectPolicy withStableAfter(Duration stableAfter) {
		return new ReconnectPolicy(this.enabled, this.initialDelay, this.maxDelay, this.multiplier, this.jitter,
				this.maxAttempts, stableAfter);
	}

	/**
	 * The backoff this policy describes: each {@link BackOff#start() execution} yields the delays of
	 * one run of attempts and {@link BackOffExecution#STOP} once {@code maxAttempts} are used up (at
	 * once when the policy is disabled).
	 * <p>
	 * Spring's jitter is absolute and scaled by {@code currentInterval / initialInterval} (integer
	 * division); it is set to {@code jitter * initialDelay}, so the spread is {@code jitter} of the
	 * delay for integer multipliers and slightly less otherwise.
	 * @return a new backoff
	 */
	public BackOff toBackOff() {
		if (!this.enabled) {
			return new FixedBackOff(0, 0);
		}
		ExponentialBackOff backOff = new ExponentialBackOff(this.initialDelay.toMillis(), this.multiplier);
		backOff.setMaxInterval(this.maxDelay.toMillis());
		backOff.setJitter(Math.round(this.initialDelay.toMillis() * this.jitter));
		backOff.setMaxAttempts((this.maxAttempts == UNLIMITED) ? Long.MAX_VALUE : this.maxAttempts);
		return backOff;
	}

}
