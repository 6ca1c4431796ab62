package dev.pubsub.benchmarks;

import java.util.Arrays;

/**
 * Records publish-to-receive latencies of one measurement phase into a preallocated array.
 * <p>
 * Single writer: each subscriber receives on one thread at a time (the WebSocket read thread, or
 * the listener's only dispatch lane), so {@link #record} needs no lock; readers see progress
 * through the volatile counter.
 */
final class LatencyRecorder {

	private final long[] samples;

	private volatile int received;

	private volatile long lastReceivedNanos;

	LatencyRecorder(int capacity) {
		this.samples = new long[capacity];
	}

	/**
	 * Record one message; called by the subscriber under test.
	 * @param sentNanos the publisher's {@link System#nanoTime()} just before it wrote the frame
	 */
	void record(long sentNanos) {
		long now = System.nanoTime();
		int index = this.received;
		if (index < this.samples.length) {
			this.samples[index] = now - sentNanos;
		}
		this.lastReceivedNanos = now;
		this.received = index + 1;
	}

	int received() {
		return this.received;
	}

	long lastReceivedNanos() {
		return this.lastReceivedNanos;
	}

	/**
	 * Sort the recorded samples and summarize them; call once the phase is over.
	 * @return the percentiles, in nanoseconds
	 */
	Percentiles percentiles() {
		int count = Math.min(this.received, this.samples.length);
		long[] sorted = Arrays.copyOf(this.samples, count);
		Arrays.sort(sorted);
		return new Percentiles(count, at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99),
				(count > 0) ? sorted[count - 1] : 0);
	}

	private static long at(long[] sorted, double quantile) {
		if (sorted.length == 0) {
			return 0;
		}
		int index = (int) Math.ceil(quantile * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

	/**
	 * Latency percentiles of one phase.
	 *
	 * @param count the number of samples
	 * @param p50 the median, in nanoseconds
	 * @param p90 the 90th percentile, in nanoseconds
	 * @param p99 the 99th percentile, in nanoseconds
	 * @param max the largest sample, in nanoseconds
	 */
	record Percentiles(int count, long p50, long p90, long p99, long max) {
	}

}
