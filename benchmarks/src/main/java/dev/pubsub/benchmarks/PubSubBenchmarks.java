package dev.pubsub.benchmarks;

import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Entry point: {@code java -jar pubsub-benchmarks.jar realtime|emitter|httppubsub [--name=value...]}.
 */
public final class PubSubBenchmarks {

	/** Held strongly so that the level sticks: the embedded gateway's Tomcat logs its start at INFO. */
	private static final Logger TOMCAT_LOGGER = Logger.getLogger("org.apache");

	private PubSubBenchmarks() {
	}

	/**
	 * Run a benchmark.
	 * @param args the benchmark name, then its options
	 * @throws Exception if the benchmark fails
	 */
	public static void main(String[] args) throws Exception {
		if (args.length == 0
				|| !("realtime".equals(args[0]) || "emitter".equals(args[0]) || "httppubsub".equals(args[0]))) {
			System.err.println("Usage: java -jar pubsub-benchmarks.jar realtime|emitter [--rounds=5] [--messages=30000] "
					+ "[--window=2000] [--rate=5000] [--seconds=3] [--warmup-messages=20000] "
					+ "[--budget-seconds=150] [--scenarios=A,B] [--broker=embedded|mosquitto (emitter only)]");
			System.err.println("   or: java -jar pubsub-benchmarks.jar httppubsub [--rounds=5] [--seconds=4] "
					+ "[--window=8] [--latency-seconds=2] [--warmup-seconds=3] [--auth=hmac] "
					+ "[--budget-seconds=150] [--interop=interop] [--scenarios=A,B]");
			System.exit(2);
		}
		TOMCAT_LOGGER.setLevel(Level.WARNING);
		if ("httppubsub".equals(args[0])) {
			new HttpPubSubBenchmark(HttpPubSubBenchmarkSettings.parse(Arrays.asList(args).subList(1, args.length)))
				.run();
			System.exit(0);
		}
		BenchmarkSettings settings = BenchmarkSettings.parse(Arrays.asList(args).subList(1, args.length));
		if ("emitter".equals(args[0])) {
			new EmitterBenchmark(settings).run();
		}
		else {
			new RealtimeBenchmark(settings).run();
		}
		System.exit(0);
	}

}
