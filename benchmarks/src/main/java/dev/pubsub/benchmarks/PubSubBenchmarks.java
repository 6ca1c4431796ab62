package dev.pubsub.benchmarks;

import java.util.Arrays;

/**
 * Entry point: {@code java -jar pubsub-benchmarks.jar realtime [--name=value...]}.
 */
public final class PubSubBenchmarks {

	private PubSubBenchmarks() {
	}

	/**
	 * Run a benchmark.
	 * @param args the benchmark name, then its options
	 * @throws Exception if the benchmark fails
	 */
	public static void main(String[] args) throws Exception {
		if (args.length == 0 || !"realtime".equals(args[0])) {
			System.err.println("Usage: java -jar pubsub-benchmarks.jar realtime [--rounds=3] [--messages=40000] "
					+ "[--window=2000] [--rate=5000] [--seconds=4] [--warmup-messages=30000] "
					+ "[--budget-seconds=150] [--scenarios=A,B]");
			System.exit(2);
		}
		BenchmarkSettings settings = BenchmarkSettings.parse(Arrays.asList(args).subList(1, args.length));
		new RealtimeBenchmark(settings).run();
		System.exit(0);
	}

}
