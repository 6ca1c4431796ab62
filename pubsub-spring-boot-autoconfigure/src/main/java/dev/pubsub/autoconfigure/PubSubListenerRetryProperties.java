package dev.pubsub.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Retry of failed listener invocations, on the listener's own thread.
 */
public class PubSubListenerRetryProperties {

	/**
	 * Invocations of a listener per message, the first included; 1 disables retry.
	 */
	private int maxAttempts = 1;

	/**
	 * Back-off before the first retry.
	 */
	private Duration initialInterval = Duration.ofSeconds(1);

	/**
	 * Growth factor of the back-off per retry; 1 for a fixed back-off.
	 */
	private double multiplier = 2.0;

	/**
	 * Cap on any back-off.
	 */
	private Duration maxInterval = Duration.ofSeconds(10);

	/**
	 * Fully qualified names of exception types that are never retried (matched anywhere in the
	 * cause chain). Conversion and validation failures are never retried anyway.
	 */
	private List<String> notRetryable = new ArrayList<>();

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public Duration getInitialInterval() {
		return this.initialInterval;
	}

	public void setInitialInterval(Duration initialInterval) {
		this.initialInterval = initialInterval;
	}

	public double getMultiplier() {
		return this.multiplier;
	}

	public void setMultiplier(double multiplier) {
		this.multiplier = multiplier;
	}

	public Duration getMaxInterval() {
		return this.maxInterval;
	}

	public void setMaxInterval(Duration maxInterval) {
		this.maxInterval = maxInterval;
	}

	public List<String> getNotRetryable() {
		return this.notRetryable;
	}

	public void setNotRetryable(List<String> notRetryable) {
		this.notRetryable = notRetryable;
	}

}
