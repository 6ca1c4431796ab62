package dev.pubsub.benchmarks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The knobs of a run, from {@code --name=value} arguments.
 *
 * @param rounds measured rounds per subscriber
 * @param messages messages per max-rate phase
 * @param window how many messages the max-rate publisher lets be in flight (below the listener's
 * 10,000-message dispatch queue, so nothing is dropped)
 * @param rate messages per second of the paced phase
 * @param seconds length of the paced phase
 * @param warmupMessages messages of the max-rate warm-up per subscriber (a one-second paced warm-up follows)
 * @param budgetSeconds the run stops starting rounds when the next one would end after this
 * @param scenarios which subscribers to run: {@code A}, {@code B} or both
 * @param broker the broker of the {@code emitter} benchmark: {@code embedded} or {@code mosquitto}
 */
record BenchmarkSettings(int rounds, int messages, int window, int rate, int seconds, int warmupMessages,
		int budgetSeconds, List<String> scenarios, String broker) {

	static BenchmarkSettings parse(List<String> args) {
		Map<String, String> values = new HashMap<>();
		for (String arg : args) {
			if (!arg.startsWith("--") || !arg.contains("=")) {
				throw new IllegalArgumentException("Expected --name=value, got '" + arg + "'");
			}
			int eq = arg.indexOf('=');
			values.put(arg.substring(2, eq), arg.substring(eq + 1));
		}
		BenchmarkSettings settings = new BenchmarkSettings(integer(values, "rounds", 5),
				integer(values, "messages", 30_000), integer(values, "window", 2_000), integer(values, "rate", 5_000),
				integer(values, "seconds", 3), integer(values, "warmup-messages", 20_000),
				integer(values, "budget-seconds", 150),
				List.of(Objects.requireNonNullElse(values.remove("scenarios"), "A,B").toUpperCase(java.util.Locale.ROOT).split(",")),
				Objects.requireNonNullElse(values.remove("broker"), "embedded"));
		if (!values.isEmpty()) {
			throw new IllegalArgumentException("Unknown option(s) " + values.keySet());
		}
		return settings;
	}

	private static int integer(Map<String, String> values, String name, int defaultValue) {
		String value = values.remove(name);
		return (value != null) ? Integer.parseInt(value) : defaultValue;
	}

}
