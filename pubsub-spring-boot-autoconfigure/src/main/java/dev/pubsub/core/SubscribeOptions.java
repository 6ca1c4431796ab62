package dev.pubsub.core;

import java.time.Duration;
import java.util.Map;

import org.springframework.util.Assert;

/**
 * How a subscription dispatches messages to its handler.
 *
 * @param concurrency the number of threads invoking the handler; messages of one topic always go
 * to the same thread, in order
 * @param queueCapacity the number of messages each thread may have waiting
 * @param overflowPolicy what happens when a queue, or the client's inbound byte budget, is full
 * @param remoteSubscribe whether the pattern should also cause a remote subscribe when it names a
 * concrete topic
 * @param extras provider-specific options (for example Emitter's {@code key} and {@code last})
 * @param shutdownTimeout how long messages queued when the subscription is stopped may still be
 * handled; what is left then is discarded, counted and logged
 */
public record SubscribeOptions(int concurrency, int queueCapacity, OverflowPolicy overflowPolicy,
		boolean remoteSubscribe, Map<String, Object> extras, Duration shutdownTimeout) {

	/** The default shutdown timeout: 10 seconds, as spring-kafka's containers. */
	public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

	private static final SubscribeOptions DEFAULTS = new SubscribeOptions(1, 10_000, OverflowPolicy.BLOCK, true,
			Map.of());

	public SubscribeOptions {
		Assert.isTrue(concurrency >= 1, "concurrency must be at least 1");
		Assert.isTrue(queueCapacity >= 1, "queueCapacity must be at least 1");
		Assert.notNull(overflowPolicy, "overflowPolicy must not be null");
		Assert.isTrue(shutdownTimeout != null && !shutdownTimeout.isNegative(),
				"shutdownTimeout must not be negative");
		extras = Map.copyOf(extras);
	}

	/**
	 * Options with the {@linkplain #DEFAULT_SHUTDOWN_TIMEOUT default shutdown timeout}.
	 * @param concurrency the number of handler threads
	 * @param queueCapacity the number of messages each thread may have waiting
	 * @param overflowPolicy what happens when a queue is full
	 * @param remoteSubscribe whether patterns cause remote subscribes
	 * @param extras provider-specific options
	 */
	public SubscribeOptions(int concurrency, int queueCapacity, OverflowPolicy overflowPolicy, boolean remoteSubscribe,
			Map<String, Object> extras) {
		this(concurrency, queueCapacity, overflowPolicy, remoteSubscribe, extras, DEFAULT_SHUTDOWN_TIMEOUT);
	}

	/**
	 * One thread, 10,000 queued messages, back-pressure ({@link OverflowPolicy#BLOCK}) when the queue or
	 * the client's inbound byte budget is full, remote subscribe on, 10 s shutdown timeout.
	 * @return the defaults
	 */
	public static SubscribeOptions defaults() {
		return DEFAULTS;
	}

	/**
	 * Return a copy with another concurrency.
	 * @param concurrency the concurrency
	 * @return the options
	 */
	public SubscribeOptions withConcurrency(int concurrency) {
		return new SubscribeOptions(concurrency, this.queueCapacity, this.overflowPolicy, this.remoteSubscribe,
				this.extras, this.shutdownTimeout);
	}

	/**
	 * Return a copy with another overflow policy.
	 * @param overflowPolicy what happens when a queue or the inbound byte budget is full
	 * @return the options
	 */
	public SubscribeOptions withOverflowPolicy(OverflowPolicy overflowPolicy) {
		return new SubscribeOptions(this.concurrency, this.queueCapacity, overflowPolicy, this.remoteSubscribe,
				this.extras, this.shutdownTimeout);
	}

	/**
	 * Return a copy with another queue capacity.
	 * @param queueCapacity the number of messages each thread may have waiting
	 * @return the options
	 */
	public SubscribeOptions withQueueCapacity(int queueCapacity) {
		return new SubscribeOptions(this.concurrency, queueCapacity, this.overflowPolicy, this.remoteSubscribe,
				this.extras, this.shutdownTimeout);
	}

	/**
	 * Return a copy with other extras.
	 * @param extras the extras
	 * @return the options
	 */
	public SubscribeOptions withExtras(Map<String, Object> extras) {
		return new SubscribeOptions(this.concurrency, this.queueCapacity, this.overflowPolicy, this.remoteSubscribe,
				extras, this.shutdownTimeout);
	}

	/**
	 * Return a copy with another shutdown timeout.
	 * @param shutdownTimeout how long queued messages may still be handled once stopped
	 * @return the options
	 */
	public SubscribeOptions withShutdownTimeout(Duration shutdownTimeout) {
		return new SubscribeOptions(this.concurrency, this.queueCapacity, this.overflowPolicy, this.remoteSubscribe,
				this.extras, shutdownTimeout);
	}

}
