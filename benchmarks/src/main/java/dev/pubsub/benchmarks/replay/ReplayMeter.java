package dev.pubsub.benchmarks.replay;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts received messages: the first {@code warmup} are not measured; the clock and the process's CPU
 * time start when the last warm-up message was handled and stop when the {@code measured}-th after it
 * was. CPU is the whole subscriber process ({@code OperatingSystemMXBean.getProcessCpuTime}): the replay
 * server runs in another process, so everything counted is the subscriber's receive path.
 * <p>
 * When a measured message carries a send timestamp ({@code sentNanos} &gt; 0, paced runs), its latency
 * ({@code System.nanoTime()} at handler entry minus the timestamp; the monotonic clock is shared by all
 * processes on the host) goes into a {@code long[]} of the measured count, sorted once at the end for
 * p50/p99 (HdrHistogram is not in Boot's dependency management, so no new dependency for this).
 */
final class ReplayMeter {

	private static final com.sun.management.OperatingSystemMXBean OS = (com.sun.management.OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	private static volatile ReplayMeter current = new ReplayMeter(1, 1);

	private final long warmup;

	private final long measured;

	private final AtomicLong count = new AtomicLong();

	private final CountDownLatch done = new CountDownLatch(1);

	private volatile long startNanos;

	private volatile long startCpuNanos;

	private volatile long nanos;

	private volatile long cpuNanos;

	/** Latencies of the measured messages, allocated on the first stamped one (paced runs only). */
	private volatile long @org.jspecify.annotations.Nullable [] latencies;

	private final AtomicLong stamped = new AtomicLong();

	ReplayMeter(long warmup, long measured) {
		if (warmup < 1 || measured < 1) {
			throw new IllegalArgumentException("warmup and messages must be at least 1");
		}
		this.warmup = warmup;
		this.measured = measured;
	}

	/**
	 * The meter the listener beans report to (set before the subscriber starts).
	 * @return the meter
	 */
	static ReplayMeter current() {
		return current;
	}

	static void install(ReplayMeter meter) {
		current = meter;
	}

	/**
	 * One message handled.
	 * @param sentNanos the send timestamp in the payload, 0 for none
	 */
	void hit(long sentNanos) {
		long now = System.nanoTime();
		long n = this.count.incrementAndGet();
		if (sentNanos > 0 && n > this.warmup && n <= this.warmup + this.measured) {
			long[] values = this.latencies;
			if (values == null) {
				synchronized (this) {
					values = this.latencies;
					if (values == null) {
						values = new long[Math.toIntExact(this.measured)];
						this.latencies = values;
					}
				}
			}
			values[(int) this.stamped.getAndIncrement()] = now - sentNanos;
		}
		if (n == this.warmup) {
			this.startCpuNanos = OS.getProcessCpuTime();
			this.startNanos = System.nanoTime();
		}
		else if (n == this.warmup + this.measured) {
			this.nanos = System.nanoTime() - this.startNanos;
			this.cpuNanos = OS.getProcessCpuTime() - this.startCpuNanos;
			this.done.countDown();
		}
	}

	boolean await(long seconds) throws InterruptedException {
		return this.done.await(seconds, TimeUnit.SECONDS);
	}

	long count() {
		return this.count.get();
	}

	/**
	 * The result line the driver parses.
	 * @return {@code REPLAY-RESULT messages=.. nanos=.. cpu-nanos=..}
	 */
	String resultLine() {
		String line = "REPLAY-RESULT messages=" + this.measured + " nanos=" + this.nanos + " cpu-nanos=" + this.cpuNanos;
		long[] values = this.latencies;
		int stampedCount = (int) this.stamped.get();
		if (values != null && stampedCount > 0) {
			long[] sorted = java.util.Arrays.copyOf(values, stampedCount);
			java.util.Arrays.sort(sorted);
			line += " p50-nanos=" + sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.50) - 1)]
					+ " p99-nanos=" + sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)];
		}
		return line;
	}

}
