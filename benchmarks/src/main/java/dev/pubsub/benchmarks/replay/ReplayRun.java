package dev.pubsub.benchmarks.replay;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One subscriber run's result.
 *
 * @param messages the measured messages
 * @param nanos wall-clock time from the last warm-up message to the last measured one
 * @param cpuNanos the subscriber process's CPU time over the same span
 * @param p50Nanos median latency from send timestamp to handler entry (paced runs; 0 if none)
 * @param p99Nanos 99th percentile of the same
 */
record ReplayRun(long messages, long nanos, long cpuNanos, long p50Nanos, long p99Nanos) {

	static ReplayRun parse(String line) {
		long messages = 0;
		long nanos = 0;
		long cpuNanos = 0;
		long p50 = 0;
		long p99 = 0;
		for (String part : line.split(" ")) {
			int equals = part.indexOf('=');
			if (equals < 0) {
				continue;
			}
			long value = Long.parseLong(part.substring(equals + 1));
			switch (part.substring(0, equals)) {
				case "messages" -> messages = value;
				case "nanos" -> nanos = value;
				case "cpu-nanos" -> cpuNanos = value;
				case "p50-nanos" -> p50 = value;
				case "p99-nanos" -> p99 = value;
				default -> {
				}
			}
		}
		return new ReplayRun(messages, nanos, cpuNanos, p50, p99);
	}

	double messagesPerSecond() {
		return this.messages * 1e9 / Math.max(1, this.nanos);
	}

	double cpuMicrosPerMessage() {
		return this.cpuNanos / 1e3 / this.messages;
	}

	double p50Micros() {
		return this.p50Nanos / 1e3;
	}

	double p99Micros() {
		return this.p99Nanos / 1e3;
	}

	static double median(List<ReplayRun> runs, ToDoubleFunction<ReplayRun> metric) {
		double[] values = runs.stream().mapToDouble(metric).sorted().toArray();
		int middle = values.length / 2;
		return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
	}

}
