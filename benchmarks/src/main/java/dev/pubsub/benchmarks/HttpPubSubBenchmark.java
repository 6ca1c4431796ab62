package dev.pubsub.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Notify to subscriber throughput and latency through one real lonelypss broadcaster on loopback,
 * for our Java client with a {@code @PubSubListener} (A) and the real Python client lonelypsc (B),
 * in the same run. Each side notifies its own topic and receives it on its own receive endpoint,
 * so both pay the same path: notify request, broadcaster lookup and POST, receive endpoint with
 * auth and digest checks, confirm-receive, notify answer. Each side is warmed up, then measured in
 * several rounds in A-B, B-A, ... order; a round has a loaded phase ({@code window} notifies in
 * flight) and a sequential phase (one in flight), with latency from just before the notify to the
 * subscriber's code.
 */
final class HttpPubSubBenchmark {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

	private final HttpPubSubBenchmarkSettings settings;

	HttpPubSubBenchmark(HttpPubSubBenchmarkSettings settings) {
		this.settings = settings;
	}

	void run() throws Exception {
		long started = System.nanoTime();
		printEnvironment();
		Path work = Files.createTempDirectory("httppubsub-bench");
		List<HttpPubSubSide> sides = new ArrayList<>();
		HttpPubSubBroadcasterProcess broadcaster = null;
		try {
			broadcaster = HttpPubSubBroadcasterProcess.start(this.settings.interop(), work, this.settings.auth(),
					START_TIMEOUT);
			System.out.printf(Locale.ROOT, "broadcaster lonelypss (auth %s) on %s, up after %.1f s%n",
					this.settings.auth(), broadcaster.url(), seconds(started));
			if (this.settings.scenarios().contains("A")) {
				long start = System.nanoTime();
				sides.add(HttpPubSubListenerSide.start(broadcaster, START_TIMEOUT));
				System.out.printf(Locale.ROOT, "A started and subscribed in %.1f s%n", seconds(start));
			}
			if (this.settings.scenarios().contains("B")) {
				long start = System.nanoTime();
				sides.add(HttpPubSubPythonSide.start(this.settings.interop(), broadcaster, work, START_TIMEOUT));
				System.out.printf(Locale.ROOT, "B started and subscribed in %.1f s%n", seconds(start));
			}
			for (HttpPubSubSide side : sides) {
				long warmup = System.nanoTime();
				side.run(Duration.ofSeconds(this.settings.warmupSeconds()), this.settings.window());
				side.run(Duration.ofSeconds(1), 1);
				System.out.printf(Locale.ROOT, "warm-up %-24s %5.1f s%n", side.name(), seconds(warmup));
			}
			List<Result> results = new ArrayList<>();
			long roundNanos = 0;
			for (int round = 1; round <= this.settings.rounds(); round++) {
				long roundStart = System.nanoTime();
				if (roundStart + roundNanos - started > this.settings.budgetSeconds() * 1_000_000_000L) {
					System.out.println("Time budget reached: stopping after " + (round - 1) + " round(s)");
					break;
				}
				List<HttpPubSubSide> order = new ArrayList<>(sides);
				if (round % 2 == 0) {
					Collections.reverse(order);
				}
				for (HttpPubSubSide side : order) {
					HttpPubSubPhase loaded = side.run(Duration.ofSeconds(this.settings.seconds()),
							this.settings.window());
					HttpPubSubPhase sequential = side.run(Duration.ofSeconds(this.settings.latencySeconds()), 1);
					results.add(new Result(round, side.name(), loaded, sequential));
				}
				roundNanos = System.nanoTime() - roundStart;
			}
			printTable(results);
			printSummary(results, sides);
			System.out.printf(Locale.ROOT, "whole run %.1f s; load average %.2f%n", seconds(started),
					ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		}
		finally {
			for (HttpPubSubSide side : sides) {
				side.close();
			}
			if (broadcaster != null) {
				broadcaster.close();
			}
			deleteRecursively(work);
		}
	}

	private void printEnvironment() {
		System.out.printf(Locale.ROOT, "Java %s (%s), %d CPUs, load average %.2f, max heap %d MiB%n",
				System.getProperty("java.version"), System.getProperty("java.vm.name"),
				Runtime.getRuntime().availableProcessors(),
				ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
				Runtime.getRuntime().maxMemory() >> 20);
		System.out.println("Settings: " + this.settings);
	}

	private void printTable(List<Result> results) {
		System.out.println();
		System.out.printf(Locale.ROOT, "round side                     | window %-2d: msg/s  p50 ms  p99 ms  fail lost"
				+ " | window 1: msg/s  p50 ms  p99 ms  fail lost%n", this.settings.window());
		for (Result result : results) {
			System.out.printf(Locale.ROOT, "%5d %-24s | %16.1f %7.1f %7.1f %5d %4d | %15.1f %7.1f %7.1f %5d %4d%n",
					result.round(), result.side(), result.loaded().rate(), millis(result.loaded().latency().p50()),
					millis(result.loaded().latency().p99()), result.loaded().failed(), result.loaded().lost(),
					result.sequential().rate(), millis(result.sequential().latency().p50()),
					millis(result.sequential().latency().p99()), result.sequential().failed(),
					result.sequential().lost());
		}
	}

	private void printSummary(List<Result> results, List<HttpPubSubSide> sides) {
		List<double[]> medians = new ArrayList<>();
		System.out.println();
		System.out.printf(Locale.ROOT, "median over rounds       | window %-2d: msg/s  p50 ms  p99 ms"
				+ " | window 1: msg/s  p50 ms  p99 ms%n", this.settings.window());
		for (HttpPubSubSide side : sides) {
			List<Result> own = results.stream().filter((r) -> r.side().equals(side.name())).toList();
			if (own.isEmpty()) {
				continue;
			}
			double[] values = { median(own, (r) -> r.loaded().rate()),
					median(own, (r) -> millis(r.loaded().latency().p50())),
					median(own, (r) -> millis(r.loaded().latency().p99())), median(own, (r) -> r.sequential().rate()),
					median(own, (r) -> millis(r.sequential().latency().p50())),
					median(own, (r) -> millis(r.sequential().latency().p99())) };
			medians.add(values);
			System.out.printf(Locale.ROOT, "%-24s | %16.1f %7.1f %7.1f | %15.1f %7.1f %7.1f%n", side.name(), values[0],
					values[1], values[2], values[3], values[4], values[5]);
		}
		if (medians.size() == 2) {
			double[] a = medians.get(0);
			double[] b = medians.get(1);
			System.out.println();
			System.out.printf(Locale.ROOT,
					"A/B throughput: window %d %.2f, window 1 %.2f; A/B latency: window %d p50 %.2f p99 %.2f, "
							+ "window 1 p50 %.2f p99 %.2f%n",
					this.settings.window(), a[0] / b[0], a[3] / b[3], this.settings.window(), a[1] / b[1], a[2] / b[2],
					a[4] / b[4], a[5] / b[5]);
		}
	}

	private static double median(List<Result> results, ToDoubleFunction<Result> metric) {
		double[] values = results.stream().mapToDouble(metric).toArray();
		Arrays.sort(values);
		int middle = values.length / 2;
		return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
	}

	private static double millis(long nanos) {
		return nanos / 1e6;
	}

	private static double seconds(long since) {
		return (System.nanoTime() - since) / 1e9;
	}

	private static void deleteRecursively(Path dir) throws IOException {
		Files.walkFileTree(dir, new SimpleFileVisitor<>() {

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
				Files.delete(file);
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult postVisitDirectory(Path directory, IOException ex) throws IOException {
				Files.delete(directory);
				return FileVisitResult.CONTINUE;
			}

		});
	}

	/**
	 * One side's two phases in one round.
	 */
	private record Result(int round, String side, HttpPubSubPhase loaded, HttpPubSubPhase sequential) {
	}

}
