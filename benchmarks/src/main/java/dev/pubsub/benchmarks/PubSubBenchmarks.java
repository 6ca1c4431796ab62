package dev.pubsub.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Entry point: {@code java -jar pubsub-benchmarks.jar realtime|emitter|httppubsub|channel-auth|realtimex|replay [--name=value...]}.
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
		String benchmark = (args.length > 0) ? args[0] : "";
		List<String> options = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
		TOMCAT_LOGGER.setLevel(Level.WARNING);
		switch (benchmark) {
			case "realtime" -> new RealtimeBenchmark(BenchmarkSettings.parse(options)).run();
			case "emitter" -> new EmitterBenchmark(BenchmarkSettings.parse(options)).run();
			case "httppubsub" -> new HttpPubSubBenchmark(HttpPubSubBenchmarkSettings.parse(options)).run();
			case "channel-auth" -> new ChannelAuthBenchmark(options).run();
			case "realtimex" -> new RealtimeXLatencyBenchmark(options).run();
			case "replay" -> dev.pubsub.benchmarks.replay.ReplayBenchmark.main(options.toArray(String[]::new));
			case "replay-server" -> {
				dev.pubsub.benchmarks.replay.ReplayServer.main(options.toArray(String[]::new));
				return;
			}
			case "replay-subscriber" -> dev.pubsub.benchmarks.replay.ReplaySubscriber.main(options.toArray(String[]::new));
			case "startup" -> dev.pubsub.benchmarks.replay.StartupBenchmark.main(options.toArray(String[]::new));
			case "startup-app" -> dev.pubsub.benchmarks.replay.StartupBenchmark.app(options.toArray(String[]::new));
			default -> {
				System.err.println("Usage: java -jar pubsub-benchmarks.jar realtime|emitter [--rounds=5] [--messages=30000] "
						+ "[--window=2000] [--rate=5000] [--seconds=3] [--warmup-messages=20000] "
						+ "[--budget-seconds=150] [--scenarios=A,B] [--broker=embedded|mosquitto (emitter only)]");
				System.err.println("   or: java -jar pubsub-benchmarks.jar httppubsub [--rounds=5] [--seconds=4] "
						+ "[--window=8] [--latency-seconds=2] [--warmup-seconds=3] [--auth=hmac] "
						+ "[--budget-seconds=150] [--interop=interop] [--scenarios=A,B]");
				System.err.println("   or: java -jar pubsub-benchmarks.jar channel-auth [--threads=16] "
						+ "[--seconds=5] [--rounds=3] [--warmup-seconds=15] [--kinds=private,presence,signer]");
				System.err.println("   or: java -jar pubsub-benchmarks.jar realtimex [--pings=10000] [--rounds=3] "
						+ "[--warmup-pings=5000]");
				System.err.println("   or: java -jar pubsub-benchmarks.jar replay [--providers=realtime,wsrpc,emitter,realtimex] "
						+ "[--rounds=5] [--messages=200000] [--warmup=50000] [--budget-seconds=600] (benchmarks/run-all.sh)");
				System.exit(2);
			}
		}
		System.exit(0);
	}

}
