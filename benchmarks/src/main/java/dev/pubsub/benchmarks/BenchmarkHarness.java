package dev.pubsub.benchmarks;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * The measurement shared by every benchmark: one publisher, subscribers compared in the same run.
 * Each subscriber is warmed up, then measured in several rounds in A-B, B-A, ... order; only the
 * subscriber under test is subscribed during a phase. A round has a max-rate phase (the publisher
 * keeps at most {@code window} messages in flight) and a paced phase (a fixed rate, latency
 * percentiles from {@link System#nanoTime()} before the write to the receiving method).
 */
final class BenchmarkHarness {

	private static final long STALL_NANOS = 5_000_000_000L;

	private final BenchmarkSettings settings;

	private final TickSource publisher;

	private final Predicate<String> receivingThreads;

	private int run;

	/**
	 * Create a harness.
	 * @param settings the settings
	 * @param publisher the publisher of every phase
	 * @param receivingThreads names of the threads whose CPU time is the receiving side's
	 */
	BenchmarkHarness(BenchmarkSettings settings, TickSource publisher, Predicate<String> receivingThreads) {
		this.settings = settings;
		this.publisher = publisher;
		this.receivingThreads = receivingThreads;
	}

	/**
	 * Warm up, measure and print the results.
	 * @param subscribers the subscribers, A (the baseline) first
	 * @param started when the run started, for the time budget
	 * @throws Exception if a phase fails
	 */
	void run(List<BenchmarkSubscriber> subscribers, long started) throws Exception {
		for (BenchmarkSubscriber subscriber : subscribers) {
			long warmup = System.nanoTime();
			maxRate(subscriber, this.settings.warmupMessages());
			paced(subscriber, this.settings.rate());
			System.out.printf(Locale.ROOT, "warm-up %-18s %6.1f s%n", subscriber.name(), seconds(warmup));
		}
		long gcBefore = gcMillis();
		List<RoundResult> results = new ArrayList<>();
		long roundNanos = 0;
		for (int round = 1; round <= this.settings.rounds(); round++) {
			long roundStart = System.nanoTime();
			if (roundStart + roundNanos - started > this.settings.budgetSeconds() * 1_000_000_000L) {
				System.out.println("Time budget reached: stopping after " + (round - 1) + " round(s)");
				break;
			}
			List<BenchmarkSubscriber> order = new ArrayList<>(subscribers);
			if (round % 2 == 0) {
				Collections.reverse(order);
			}
			for (BenchmarkSubscriber subscriber : order) {
				results.add(measure(round, subscriber));
			}
			roundNanos = System.nanoTime() - roundStart;
		}
		printTable(results);
		printSummary(results, subscribers);
		System.out.printf(Locale.ROOT, "GC during the measured rounds: %d ms; whole run %.1f s; load average %.2f%n",
				gcMillis() - gcBefore, seconds(started),
				ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
	}

	private RoundResult measure(int round, BenchmarkSubscriber subscriber) throws Exception {
		Phase max = maxRate(subscriber, this.settings.messages());
		Phase paced = paced(subscriber, this.settings.rate() * this.settings.seconds());
		return new RoundResult(round, subscriber.name(), max.receiveRate(), max.lost(),
				max.cpuMicrosPerMessage(), max.receiveCpuMicrosPerMessage(), paced.sendRate(),
				paced.recorder().percentiles(), paced.lost());
	}

	/**
	 * Publish as fast as the subscriber keeps up, with at most {@code window} messages in flight.
	 */
	private Phase maxRate(BenchmarkSubscriber subscriber, int messages) throws Exception {
		LatencyRecorder recorder = new LatencyRecorder(messages);
		subscriber.recordInto(recorder);
		subscriber.start();
		try {
			String run = "m" + (++this.run);
			int window = this.settings.window();
			long cpu = processCpuNanos();
			ReceiveSideCpu receiveCpu = new ReceiveSideCpu(this.receivingThreads);
			long start = System.nanoTime();
			for (int seq = 0; seq < messages; seq++) {
				if (seq - recorder.received() >= window && !awaitBelow(recorder, seq - window)) {
					break;
				}
				this.publisher.publish(run, seq);
			}
			long sendEnd = System.nanoTime();
			awaitBelow(recorder, messages - 1);
			return new Phase(recorder, messages, start, sendEnd, processCpuNanos() - cpu, receiveCpu.elapsedNanos());
		}
		finally {
			subscriber.stop();
		}
	}

	/**
	 * Publish {@code messages} at the configured rate; a late publisher catches up at once.
	 */
	private Phase paced(BenchmarkSubscriber subscriber, int messages) throws Exception {
		LatencyRecorder recorder = new LatencyRecorder(messages);
		subscriber.recordInto(recorder);
		subscriber.start();
		try {
			String run = "p" + (++this.run);
			long interval = 1_000_000_000L / this.settings.rate();
			long start = System.nanoTime();
			for (int seq = 0; seq < messages; seq++) {
				long due = start + seq * interval;
				long wait;
				while ((wait = due - System.nanoTime()) > 0) {
					LockSupport.parkNanos(wait);
				}
				this.publisher.publish(run, seq);
			}
			long sendEnd = System.nanoTime();
			awaitBelow(recorder, messages - 1);
			return new Phase(recorder, messages, start, sendEnd, 0, 0);
		}
		finally {
			subscriber.stop();
		}
	}

	/**
	 * Wait until more than {@code count} messages arrived.
	 * @return {@code false} if nothing arrived for {@link #STALL_NANOS}
	 */
	private static boolean awaitBelow(LatencyRecorder recorder, int count) {
		int seen = recorder.received();
		long progress = System.nanoTime();
		while (recorder.received() <= count) {
			int now = recorder.received();
			if (now != seen) {
				seen = now;
				progress = System.nanoTime();
			}
			else if (System.nanoTime() - progress > STALL_NANOS) {
				return false;
			}
			LockSupport.parkNanos(20_000);
		}
		return true;
	}

	void printEnvironment() {
		System.out.printf(Locale.ROOT, "Java %s (%s), %d CPUs, load average %.2f, max heap %d MiB%n",
				System.getProperty("java.version"), System.getProperty("java.vm.name"),
				Runtime.getRuntime().availableProcessors(),
				ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
				Runtime.getRuntime().maxMemory() >> 20);
		System.out.println("Settings: " + this.settings);
	}

	private static void printTable(List<RoundResult> results) {
		System.out.println();
		System.out.println("round subscriber          max-rate msg/s  lost  cpu us/msg  rx-cpu us/msg  paced msg/s"
				+ "   p50 us   p90 us   p99 us   max us  lost");
		for (RoundResult result : results) {
			LatencyRecorder.Percentiles latency = result.latency();
			System.out.printf(Locale.ROOT, "%5d %-18s %15.0f %5d %11.1f %14.1f %12.0f %8.0f %8.0f %8.0f %8.0f %5d%n",
					result.round(), result.subscriber(), result.maxRate(), result.lost(),
					result.cpuMicrosPerMessage(), result.receiveCpuMicrosPerMessage(), result.pacedRate(),
					micros(latency.p50()), micros(latency.p90()), micros(latency.p99()), micros(latency.max()),
					result.pacedLost());
		}
	}

	private static void printSummary(List<RoundResult> results, List<BenchmarkSubscriber> subscribers) {
		Map<String, double[]> medians = new LinkedHashMap<>();
		System.out.println();
		System.out.println("median over rounds   max-rate msg/s    p50 us   p90 us   p99 us   max us  cpu us/msg"
				+ "  rx-cpu us/msg");
		for (BenchmarkSubscriber subscriber : subscribers) {
			List<RoundResult> own = results.stream().filter((r) -> r.subscriber().equals(subscriber.name())).toList();
			if (own.isEmpty()) {
				continue;
			}
			double[] values = { median(own, RoundResult::maxRate), median(own, (r) -> micros(r.latency().p50())),
					median(own, (r) -> micros(r.latency().p90())), median(own, (r) -> micros(r.latency().p99())),
					median(own, (r) -> micros(r.latency().max())), median(own, RoundResult::cpuMicrosPerMessage),
					median(own, RoundResult::receiveCpuMicrosPerMessage) };
			medians.put(subscriber.name(), values);
			System.out.printf(Locale.ROOT, "%-20s %15.0f %9.0f %8.0f %8.0f %8.0f %11.1f %14.1f%n",
					subscriber.name(), values[0], values[1], values[2], values[3], values[4], values[5], values[6]);
		}
		if (medians.size() != 2) {
			return;
		}
		double[] a = medians.values().stream().findFirst().orElseThrow();
		double[] b = medians.values().stream().skip(1).findFirst().orElseThrow();
		double cost = 1 - b[0] / a[0];
		System.out.println();
		System.out.printf(Locale.ROOT, "B/A throughput %.3f (listener cost %.1f%% of raw throughput; goal <= 10%%: %s)%n",
				b[0] / a[0], cost * 100, (cost <= 0.10) ? "met" : "NOT met");
		System.out.printf(Locale.ROOT,
				"B/A CPU per message: whole process %.2f (%+.1f us), receiving side %.2f (%+.1f us: client decode, "
						+ "dispatch, listener invocation)%n",
				b[5] / a[5], b[5] - a[5], b[6] / a[6], b[6] - a[6]);
		System.out.printf(Locale.ROOT, "B/A latency    p50 %.2f, p90 %.2f, p99 %.2f%n", b[1] / a[1], b[2] / a[2],
				b[3] / a[3]);
		System.out.printf(Locale.ROOT, "B p99 at the paced rate: %.2f ms (%.0f%% of A's)%n", b[3] / 1000,
				b[3] / a[3] * 100);
	}

	private static double median(List<RoundResult> results, ToDoubleFunction<RoundResult> metric) {
		double[] values = results.stream().mapToDouble(metric).toArray();
		Arrays.sort(values);
		int middle = values.length / 2;
		return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
	}

	private static double micros(long nanos) {
		return nanos / 1_000.0;
	}

	private static double seconds(long since) {
		return (System.nanoTime() - since) / 1e9;
	}

	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	private static long gcMillis() {
		return ManagementFactory.getGarbageCollectorMXBeans()
			.stream()
			.mapToLong(GarbageCollectorMXBean::getCollectionTime)
			.sum();
	}

	/**
	 * The outcome of one phase.
	 */
	private record Phase(LatencyRecorder recorder, int sent, long start, long sendEnd, long cpuNanos,
			long receiveCpuNanos) {

		double cpuMicrosPerMessage() {
			return perMessage(this.cpuNanos);
		}

		double receiveCpuMicrosPerMessage() {
			return perMessage(this.receiveCpuNanos);
		}

		private double perMessage(long nanos) {
			return (this.recorder.received() > 0) ? nanos / 1_000.0 / this.recorder.received() : 0;
		}

		int lost() {
			return this.sent - this.recorder.received();
		}

		double receiveRate() {
			long elapsed = this.recorder.lastReceivedNanos() - this.start;
			return (elapsed > 0) ? this.recorder.received() * 1e9 / elapsed : 0;
		}

		double sendRate() {
			long elapsed = this.sendEnd - this.start;
			return (elapsed > 0) ? this.sent * 1e9 / elapsed : 0;
		}

	}

}
