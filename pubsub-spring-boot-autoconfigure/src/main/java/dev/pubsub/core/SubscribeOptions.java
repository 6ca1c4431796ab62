package dev.pubsub.core;

import java.util.Map;

import org.springframework.util.Assert;

/**
 * How a subscription dispatches messages to its handler.
 *
 * @param concurrency the number of threads invoking the handler; messages of one topic always go
 * to the same thread, in order
 * @param queueCapacity the number of messages each thread may have waiting
 * @param overflowPolicy what happens when a queue is full
 * @param remoteSubscribe whether the pattern should also cause a remote subscribe when it names a
 * concrete topic
 * @param extras provider-specific options (for example Emitter's {@code key} and {@code last})
 */
public record SubscribeOptions(int concurrency, int queueCapacity, OverflowPolicy overflowPolicy,
		boolean remoteSubscribe, Map<String, Object> extras) {

	private static final SubscribeOptions DEFAULTS = new SubscribeOptions(1, 10_000, OverflowPolicy.DROP_NEWEST, true,
			Map.of());

	public SubscribeOptions {
		Assert.isTrue(concurrency >= 1, "concurrency must be at least 1");
		Assert.isTrue(queueCapacity >= 1, "queueCapacity must be at least 1");
		extras = Map.copyOf(extras);
	}

	/**
	 * One thread, 10,000 queued messages, drop newest on overflow, remote subscribe on.
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
				this.extras);
	}

	/**
	 * Return a copy with other extras.
	 * @param extras the extras
	 * @return the options
	 */
	public SubscribeOptions withExtras(Map<String, Object> extras) {
		return new SubscribeOptions(this.concurrency, this.queueCapacity, this.overflowPolicy, this.remoteSubscribe,
				extras);
	}

}
