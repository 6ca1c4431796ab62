package dev.pubsub.autoconfigure;

import java.time.Duration;

import dev.pubsub.core.ReconnectPolicy;

/**
 * Reconnect settings: exponential backoff with jitter.
 */
public class PubSubReconnectProperties {

	/**
	 * Whether to reconnect after an unexpected drop.
	 */
	private boolean enabled = true;

	/**
	 * Delay before the first reconnect attempt.
	 */
	private Duration initialDelay = Duration.ofSeconds(1);

	/**
	 * Maximum delay between attempts.
	 */
	private Duration maxDelay = Duration.ofSeconds(30);

	/**
	 * Growth factor of the delay per attempt.
	 */
	private double multiplier = 2.0;

	/**
	 * Random spread of each delay, as a fraction of it (0 to 1).
	 */
	private double jitter = 0.2;

	/**
	 * Attempts before giving up; -1 for unlimited.
	 */
	private int maxAttempts = ReconnectPolicy.UNLIMITED;

	/**
	 * How long a connection must stay up before its drop starts the backoff again at the initial
	 * delay and the attempt count at 1; a connection that drops sooner (a server that accepts and
	 * then closes) continues the growing delays and counts towards max-attempts.
	 */
	private Duration stableAfter = ReconnectPolicy.DEFAULT_STABLE_AFTER;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getInitialDelay() {
		return this.initialDelay;
	}

	public void setInitialDelay(Duration initialDelay) {
		this.initialDelay = initialDelay;
	}

	public Duration getMaxDelay() {
		return this.maxDelay;
	}

	public void setMaxDelay(Duration maxDelay) {
		this.maxDelay = maxDelay;
	}

	public double getMultiplier() {
		return this.multiplier;
	}

	public void setMultiplier(double multiplier) {
		this.multiplier = multiplier;
	}

	public double getJitter() {
		return this.jitter;
	}

	public void setJitter(double jitter) {
		this.jitter = jitter;
	}

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public Duration getStableAfter() {
		return this.stableAfter;
	}

	public void setStableAfter(Duration stableAfter) {
		this.stableAfter = stableAfter;
	}

	/**
	 * Build the policy these settings describe.
	 * @return the policy
	 */
	public ReconnectPolicy toPolicy() {
		return new ReconnectPolicy(this.enabled, this.initialDelay, this.maxDelay, this.multiplier, this.jitter,
				this.maxAttempts, this.stableAfter);
	}

}
