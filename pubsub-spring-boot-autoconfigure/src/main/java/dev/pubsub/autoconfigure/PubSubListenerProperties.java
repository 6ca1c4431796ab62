package dev.pubsub.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.NestedConfigurationProperty;

import dev.pubsub.core.OverflowPolicy;

/**
 * Defaults for listener endpoints.
 */
public class PubSubListenerProperties {

	/**
	 * Default number of threads per listener; messages of one topic stay in order.
	 */
	private int concurrency = 1;

	/**
	 * Messages each listener thread may have queued.
	 */
	private int queueCapacity = 10_000;

	/**
	 * What a listener does with a message when its queue or the client's inbound byte budget is
	 * full: block (back-pressure on the network thread, the default), drop-newest or drop-oldest.
	 */
	private OverflowPolicy overflowPolicy = OverflowPolicy.BLOCK;

	/**
	 * Whether listeners start with the application context.
	 */
	private boolean autoStartup = true;

	/**
	 * How long a stopping listener keeps delivering the messages already queued for it (the
	 * call in progress is never interrupted); what is left then is discarded, counted in the
	 * client's 'discardedOnShutdown' metric and logged once.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(10);

	/**
	 * Retry of failed listener invocations.
	 */
	@NestedConfigurationProperty
	private final PubSubListenerRetryProperties retry = new PubSubListenerRetryProperties();

	/**
	 * Republishing of messages whose listener failed for good on a dead-letter topic or channel.
	 */
	@NestedConfigurationProperty
	private final PubSubDeadLetterProperties deadLetter = new PubSubDeadLetterProperties();

	public int getConcurrency() {
		return this.concurrency;
	}

	public void setConcurrency(int concurrency) {
		this.concurrency = concurrency;
	}

	public int getQueueCapacity() {
		return this.queueCapacity;
	}

	public void setQueueCapacity(int queueCapacity) {
		this.queueCapacity = queueCapacity;
	}

	public OverflowPolicy getOverflowPolicy() {
		return this.overflowPolicy;
	}

	public void setOverflowPolicy(OverflowPolicy overflowPolicy) {
		this.overflowPolicy = overflowPolicy;
	}

	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	public void setAutoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public PubSubListenerRetryProperties getRetry() {
		return this.retry;
	}

	public PubSubDeadLetterProperties getDeadLetter() {
		return this.deadLetter;
	}

}
